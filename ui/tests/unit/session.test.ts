// The session's transaction list and the block explorer link.
import { describe, expect, it } from 'vitest';
import { explorerLink, explorerProblem, recordTx, sessionTxs, updateTx } from '../../src/chain/session';

describe("this session's transactions", () => {
  it('are recorded as they move, newest last', () => {
    const id = recordTx('market: buy', 'alice');
    expect(sessionTxs().at(-1)).toMatchObject({ id, label: 'market: buy', state: 'signing' });
    updateTx(id, { state: 'in-block', block: 7 });
    expect(sessionTxs().at(-1)).toMatchObject({ state: 'in-block', block: 7 });
  });

  it('link to the explorer the user chose, once in a block', () => {
    const tx = { block: 12, blockHash: '0xbb', txHash: '0xtt' };
    expect(explorerLink('https://x.invalid/b/{block}?h={blockHash}&t={txHash}&rpc={node}', tx, 'ws://127.0.0.1:9944')).toBe(
      'https://x.invalid/b/12?h=0xbb&t=0xtt&rpc=ws%3A%2F%2F127.0.0.1%3A9944',
    );
    expect(explorerLink('', tx, 'ws://n')).toBeUndefined();
    expect(explorerLink('https://x.invalid/b/{block}', { block: undefined }, 'ws://n')).toBeUndefined();
    expect(explorerProblem('javascript:alert(1)//{block}')).toMatch(/starts with https/);
    expect(explorerProblem('https://x.invalid/')).toMatch(/\{block\}/);
    expect(explorerProblem('')).toBeUndefined();
  });
});
