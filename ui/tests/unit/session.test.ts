// The list of transactions sent from this browser (kept per deployment across reloads) and
// the block explorer link.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { explorerLink, explorerProblem, MAX_KEPT, restoreTxs, type SessionTx } from '../../src/chain/session';

/** A page load's fresh copy of session.ts (its in-memory lists start empty, as after a reload). */
async function pageLoad(): Promise<typeof import('../../src/chain/session')> {
  vi.resetModules();
  return import('../../src/chain/session');
}

function memoryStorage(): Storage {
  const items = new Map<string, string>();
  return {
    get length() {
      return items.size;
    },
    clear: () => items.clear(),
    getItem: (key) => items.get(key) ?? null,
    key: (i) => [...items.keys()][i] ?? null,
    removeItem: (key) => void items.delete(key),
    setItem: (key, value) => void items.set(key, String(value)),
  };
}

describe('the transactions sent from this browser', () => {
  beforeEach(() => {
    vi.stubGlobal('localStorage', memoryStorage());
  });
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('are recorded as they move, newest last, per deployment', async () => {
    const { recordTx, sessionTxs, updateTx } = await pageLoad();
    const id = recordTx('local', 'market: buy', 'alice');
    expect(sessionTxs('local').at(-1)).toMatchObject({ id, label: 'market: buy', state: 'signing' });
    updateTx('local', id, { state: 'in-block', block: 7 });
    expect(sessionTxs('local').at(-1)).toMatchObject({ state: 'in-block', block: 7 });
    expect(sessionTxs('other')).toEqual([]);
  });

  it('survive a reload; those still pending become "unknown", never succeeded', async () => {
    const first = await pageLoad();
    const done = first.recordTx('local', 'market: buy', 'alice');
    first.updateTx('local', done, { state: 'in-block', block: 7, blockHash: '0xbb', txHash: '0xaa' });
    const sent = first.recordTx('local', 'market: renew', 'alice');
    first.updateTx('local', sent, { state: 'submitted', txHash: '0xcc' });
    const signing = first.recordTx('local', 'registry: commit', 'bob');
    const refused = first.recordTx('local', 'registry: register', 'bob');
    first.updateTx('local', refused, { state: 'rejected', error: 'The wallet did not sign the transaction (Cancelled); nothing was sent.' });
    first.recordTx('url:https://x.invalid/d.json', 'market: buy', 'carol');

    const second = await pageLoad();
    const after = second.sessionTxs('local');
    expect(after.map((tx) => [tx.id, tx.state, tx.lostIn])).toEqual([
      [done, 'in-block', undefined],
      [sent, 'unknown', 'submitted'],
      [signing, 'unknown', 'signing'],
      [refused, 'rejected', undefined],
    ]);
    expect(after[0]).toMatchObject({ block: 7, blockHash: '0xbb', txHash: '0xaa' });
    expect(after[1].txHash).toBe('0xcc');
    expect(after[3].error).toContain('did not sign');
    expect(second.sessionTxs('url:https://x.invalid/d.json')).toHaveLength(1);
    // New ids continue after the kept ones.
    expect(second.recordTx('local', 'market: buy', 'alice')).toBe(refused + 1);
  });

  it(`keep the last ${MAX_KEPT} of each deployment`, async () => {
    const { recordTx, sessionTxs } = await pageLoad();
    for (let i = 0; i < MAX_KEPT + 5; i += 1) recordTx('local', `tx ${i}`, 'alice');
    expect(sessionTxs('local')).toHaveLength(MAX_KEPT);
    expect(sessionTxs('local')[0].label).toBe('tx 5');
    const stored = JSON.parse(localStorage.getItem('modelmint.txs.local') as string) as SessionTx[];
    expect(stored).toHaveLength(MAX_KEPT);
    expect(stored.at(-1)?.label).toBe(`tx ${MAX_KEPT + 4}`);
  });

  it('restore nothing from a damaged or foreign entry, and drop malformed items', () => {
    expect(restoreTxs(null)).toEqual([]);
    expect(restoreTxs('not json')).toEqual([]);
    expect(restoreTxs('{"id":1}')).toEqual([]);
    const good = { id: 3, label: 'market: buy', account: 'alice', state: 'failed', at: 1, error: 'why' };
    expect(restoreTxs(JSON.stringify([{ id: 'x' }, { ...good, state: 'exploded' }, good, null]))).toEqual([good]);
  });

  it('link to the explorer the user chose, when it has what the template needs', () => {
    const tx = { block: 12, blockHash: '0xbb', txHash: '0xtt' };
    expect(explorerLink('https://x.invalid/b/{block}?h={blockHash}&t={txHash}&rpc={node}', tx, 'ws://127.0.0.1:9944')).toBe(
      'https://x.invalid/b/12?h=0xbb&t=0xtt&rpc=ws%3A%2F%2F127.0.0.1%3A9944',
    );
    expect(explorerLink('', tx, 'ws://n')).toBeUndefined();
    expect(explorerLink('https://x.invalid/b/{block}', { block: undefined }, 'ws://n')).toBeUndefined();
    // A transaction whose block is unknown (sent before a reload) still links by its hash.
    expect(explorerLink('https://x.invalid/tx/{txHash}', { txHash: '0xtt' }, 'ws://n')).toBe('https://x.invalid/tx/0xtt');
    expect(explorerLink('https://x.invalid/tx/{txHash}', {}, 'ws://n')).toBeUndefined();
    expect(explorerProblem('javascript:alert(1)//{block}')).toMatch(/starts with https/);
    expect(explorerProblem('https://x.invalid/')).toMatch(/\{block\}/);
    expect(explorerProblem('')).toBeUndefined();
  });
});
