// The registration draft kept in the browser: what a reload brings back (and nothing
// malformed), the salt never dropped, and the commit window's arithmetic.
import { describe, expect, it } from 'vitest';
import { blocksLeft, clearDraft, commitmentExpired, EMPTY_DRAFT, loadDraft, parseLineage, saveDraft, type RegisterDraft } from '../../src/chain/draft';

function memory(quota = Infinity) {
  const map = new Map<string, string>();
  return {
    map,
    getItem: (k: string) => map.get(k) ?? null,
    setItem: (k: string, v: string) => {
      if (v.length > quota) throw new DOMException('quota', 'QuotaExceededError');
      map.set(k, v);
    },
    removeItem: (k: string) => void map.delete(k),
  };
}

const ROOT = 'ab'.repeat(32);
const DRAFT: RegisterDraft = {
  kind: 'Model',
  name: 'tiny',
  version: '1.0',
  uri: 'ipfs://card',
  previous: '',
  parents: [{ model: '3', relation: 'FineTune', maxRoyaltyBps: '1000' }],
  datasets: [{ dataset: '5', maxRoyaltyBps: '250' }],
  root: ROOT,
  manifest: { format: 'modelmint-manifest-v1', root: ROOT, total_size: 3, files: [{ path: 'a', size: 3, sha256: 'cd'.repeat(32) }] },
  sourceLabel: 'folder tiny',
  salt: `0x${'07'.repeat(32)}`,
  commitment: `0x${'c1'.repeat(32)}`,
  registrant: '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY',
  committedAt: 12,
};

describe('the registration draft', () => {
  it('comes back as it was saved, per network', () => {
    const storage = memory();
    saveDraft(storage, 'local', DRAFT);
    expect(loadDraft(storage, 'local')).toEqual(DRAFT);
    expect(loadDraft(storage, 'other')).toEqual(EMPTY_DRAFT);
    clearDraft(storage, 'local');
    expect(loadDraft(storage, 'local')).toEqual(EMPTY_DRAFT);
    saveDraft(storage, 'local', { ...EMPTY_DRAFT, kind: 'Dataset', name: 'corpus' });
    expect(loadDraft(storage, 'local')).toEqual({ ...EMPTY_DRAFT, kind: 'Dataset', name: 'corpus' });
  });

  it('a draft saved before datasets existed loads as a model with no training data', () => {
    const storage = memory();
    const { kind: _kind, datasets: _datasets, ...older } = DRAFT;
    storage.setItem('modelmint.registerDraft.local', JSON.stringify(older));
    expect(loadDraft(storage, 'local')).toEqual({ ...DRAFT, kind: 'Model', datasets: [] });
  });

  it('drops malformed fields instead of trusting them', () => {
    const storage = memory();
    storage.setItem(
      'modelmint.registerDraft.local',
      JSON.stringify({ ...DRAFT, kind: 'Tokenizer', salt: '0x07', commitment: 5, parents: [{ model: 1 }, DRAFT.parents[0]], datasets: [{ dataset: 5 }, DRAFT.datasets[0]], root: 'xyz' }),
    );
    const draft = loadDraft(storage, 'local');
    expect(draft.salt).toBeUndefined();
    expect(draft.commitment).toBeUndefined();
    expect(draft.parents).toEqual(DRAFT.parents);
    expect(draft.datasets).toEqual(DRAFT.datasets);
    expect(draft.kind).toBe('Model');
    // A manifest whose root is not the draft's is not shown as the one registered.
    expect(draft.root).toBeUndefined();
    expect(draft.manifest).toBeUndefined();
    storage.setItem('modelmint.registerDraft.local', '{not json');
    expect(loadDraft(storage, 'local')).toEqual(EMPTY_DRAFT);
  });

  it('keeps the salt and the root when the file list does not fit in storage', () => {
    const storage = memory(1000);
    const files = Array.from({ length: 20 }, (_, i) => ({ path: `f${i}`, size: 1, sha256: 'cd'.repeat(32) }));
    saveDraft(storage, 'local', { ...DRAFT, manifest: { ...DRAFT.manifest!, files } });
    const draft = loadDraft(storage, 'local');
    expect(draft.salt).toBe(DRAFT.salt);
    expect(draft.root).toBe(ROOT);
    expect(draft.manifest?.files).toEqual([]);
  });
});

describe('the commit window', () => {
  it('counts the blocks before the reveal can be in a block, the next one being best + 1', () => {
    // Committed in block 10, at least 3 blocks old: the reveal can be in block 13.
    expect(blocksLeft(10, 3, 10)).toBe(2);
    expect(blocksLeft(10, 3, 11)).toBe(1);
    expect(blocksLeft(10, 3, 12)).toBe(0);
    expect(blocksLeft(10, 3, 50)).toBe(0);
    // A dev chain's one-block window: ready as soon as the commit is the best block.
    expect(blocksLeft(10, 1, 10)).toBe(0);
  });

  it('expires once the next block is more than max_blocks after the commit', () => {
    expect(commitmentExpired(10, 1000, 1009)).toBe(false);
    expect(commitmentExpired(10, 1000, 1010)).toBe(true);
  });
});

describe('the lineage fields', () => {
  it('parse into the registry draft or name the first problem', () => {
    expect(parseLineage('', [])).toEqual({ previousVersion: undefined, parents: [] });
    expect(parseLineage(' 7 ', DRAFT.parents)).toEqual({ previousVersion: 7n, parents: [{ model: 3n, relation: 'FineTune', maxRoyaltyBps: 1000 }] });
    expect(parseLineage('18446744073709551617', [])).toMatch(/too large/);
    expect(parseLineage('', [{ model: '1', relation: 'Merge', maxRoyaltyBps: '10001' }])).toMatch(/parent 1/);
  });

  it("send a model's datasets as TrainedOn edges after its parents, and refuse lineage on a dataset", () => {
    expect(parseLineage('', DRAFT.parents, DRAFT.datasets, 'Model')).toEqual({
      previousVersion: undefined,
      parents: [
        { model: 3n, relation: 'FineTune', maxRoyaltyBps: 1000 },
        { model: 5n, relation: 'TrainedOn', maxRoyaltyBps: 250 },
      ],
    });
    expect(parseLineage('', [], [{ dataset: '0', maxRoyaltyBps: '0' }])).toMatch(/Training dataset 1's id/);
    expect(parseLineage('', [], [{ dataset: '2', maxRoyaltyBps: '10001' }])).toMatch(/training dataset 1/);
    const five = Array.from({ length: 5 }, (_, i) => ({ dataset: String(i + 1), maxRoyaltyBps: '0' }));
    expect(parseLineage('', [], five)).toBe('A model names at most 4 datasets as training data.');
    expect(parseLineage('4', [], [], 'Dataset')).toEqual({ previousVersion: 4n, parents: [] });
    expect(parseLineage('', [], DRAFT.datasets, 'Dataset')).toMatch(/^A dataset names no parents/);
    expect(parseLineage('', DRAFT.parents, [], 'Dataset')).toMatch(/^A dataset names no parents/);
  });
});
