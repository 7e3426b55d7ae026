// A registration in progress, kept in localStorage from the first keystroke until the
// asset is registered: the form (model or dataset, name, version, URI, lineage: parent
// models and, for a model, the datasets it was trained on), the manifest hashed, and,
// from the first click on Register, the salt. The salt is written here *before* the
// commit is signed, so a reload (or a crash) at any moment after the commitment reached
// the chain still has what the reveal needs: a commitment whose salt is lost can only be
// cancelled, and its deposit was paid for nothing.
//
// One draft per network (the commitment is on one chain); the account it was committed
// from is recorded, since only that account can reveal it.
import type { Manifest } from '../hash';
import { parseBps, parseModelId } from './numbers';
import { MAX_DATASETS, MAX_PARENTS } from './registration';

/** What is registered: a model, or a dataset that models declare they were trained on. */
export type AssetKind = 'Model' | 'Dataset';

/** A parent row as typed (strings: numbers.ts parses them when the draft is sent). */
export interface DraftParent {
  model: string;
  relation: 'FineTune' | 'Quantization' | 'Distillation' | 'Merge' | 'Other';
  maxRoyaltyBps: string;
}

/** A dataset a model was trained on, as typed (its edge's relation is TrainedOn). */
export interface DraftDataset {
  dataset: string;
  maxRoyaltyBps: string;
}

export interface RegisterDraft {
  kind: AssetKind;
  name: string;
  version: string;
  uri: string;
  /** Previous version's model id, as typed. */
  previous: string;
  parents: DraftParent[];
  /** For a model: the datasets it was trained on (a dataset names none). */
  datasets: DraftDataset[];
  /** The content root registered (64 hex digits, no 0x); set with the manifest, or alone for a commitment resumed from the list. */
  root?: string;
  /** The files behind the root; undefined until a folder is hashed or a manifest imported. */
  manifest?: Manifest;
  /** Where the manifest came from, in words ("folder llama-7b"). */
  sourceLabel?: string;
  /** 32 random bytes, made at the first Register; kept until the model is registered. */
  salt?: `0x${string}`;
  /** The commitment being (or already) sent, and the account it binds. */
  commitment?: `0x${string}`;
  registrant?: string;
  /** Block of the commit; undefined while it is being sent (the chain is asked on resume). */
  committedAt?: number;
}

export const EMPTY_DRAFT: RegisterDraft = { kind: 'Model', name: '', version: '', uri: '', previous: '', parents: [], datasets: [] };

const PREFIX = 'modelmint.registerDraft.';
const HEX32 = /^0x[0-9a-f]{64}$/;
const RELATIONS = new Set(['FineTune', 'Quantization', 'Distillation', 'Merge', 'Other']);

function isString(value: unknown): value is string {
  return typeof value === 'string';
}

/** The draft kept for `network`, or an empty one; a malformed entry is ignored, never half-read. */
export function loadDraft(storage: Pick<Storage, 'getItem'>, network: string): RegisterDraft {
  let parsed: unknown;
  try {
    parsed = JSON.parse(storage.getItem(PREFIX + network) ?? 'null');
  } catch {
    return { ...EMPTY_DRAFT };
  }
  if (typeof parsed !== 'object' || parsed === null) return { ...EMPTY_DRAFT };
  const d = parsed as Record<string, unknown>;
  const parents = Array.isArray(d.parents)
    ? (d.parents as unknown[]).flatMap((p): DraftParent[] => {
        const row = p as Record<string, unknown> | null;
        return row && isString(row.model) && isString(row.maxRoyaltyBps) && RELATIONS.has(String(row.relation))
          ? [{ model: row.model, relation: row.relation as DraftParent['relation'], maxRoyaltyBps: row.maxRoyaltyBps }]
          : [];
      })
    : [];
  const datasets = Array.isArray(d.datasets)
    ? (d.datasets as unknown[]).flatMap((p): DraftDataset[] => {
        const row = p as Record<string, unknown> | null;
        return row && isString(row.dataset) && isString(row.maxRoyaltyBps) ? [{ dataset: row.dataset, maxRoyaltyBps: row.maxRoyaltyBps }] : [];
      })
    : [];
  const manifest = d.manifest as Manifest | undefined;
  const root = isString(d.root) && /^[0-9a-f]{64}$/.test(d.root) ? d.root : undefined;
  const validManifest = manifest && manifest.root === root && Array.isArray(manifest.files);
  return {
    kind: d.kind === 'Dataset' ? 'Dataset' : 'Model',
    name: isString(d.name) ? d.name : '',
    version: isString(d.version) ? d.version : '',
    uri: isString(d.uri) ? d.uri : '',
    previous: isString(d.previous) ? d.previous : '',
    parents,
    datasets,
    root,
    manifest: validManifest ? manifest : undefined,
    sourceLabel: isString(d.sourceLabel) ? d.sourceLabel : undefined,
    salt: isString(d.salt) && HEX32.test(d.salt) ? (d.salt as `0x${string}`) : undefined,
    commitment: isString(d.commitment) && HEX32.test(d.commitment) ? (d.commitment as `0x${string}`) : undefined,
    registrant: isString(d.registrant) ? d.registrant : undefined,
    committedAt: typeof d.committedAt === 'number' ? d.committedAt : undefined,
  };
}

/**
 * Saves the draft. A manifest too large for the browser's storage is kept without its file
 * list (its root, which is what is registered, stays); the salt is never dropped.
 */
export function saveDraft(storage: Pick<Storage, 'setItem'>, network: string, draft: RegisterDraft): void {
  try {
    storage.setItem(PREFIX + network, JSON.stringify(draft));
  } catch {
    const manifest = draft.manifest ? { ...draft.manifest, files: [] } : undefined;
    storage.setItem(PREFIX + network, JSON.stringify({ ...draft, manifest }));
  }
}

/** Forgets the draft: only once the model is registered, or when the user starts over with no commitment. */
export function clearDraft(storage: Pick<Storage, 'removeItem'>, network: string): void {
  storage.removeItem(PREFIX + network);
}

/** Whether the draft holds anything worth resuming. */
export function draftStarted(draft: RegisterDraft): boolean {
  return Boolean(draft.name || draft.version || draft.uri || draft.previous || draft.parents.length || draft.datasets.length || draft.kind !== 'Model' || draft.root || draft.commitment);
}

/**
 * Blocks still to come before the reveal can be in a block: the registry accepts it in a
 * block at least `minBlocks` after the commit's, and the next transaction goes into
 * `best + 1`.
 */
export function blocksLeft(committedAt: number, minBlocks: number, best: number): number {
  return Math.max(0, committedAt + minBlocks - (best + 1));
}

/** Whether the commitment is too old to reveal: the next block is past `maxBlocks`. */
export function commitmentExpired(committedAt: number, maxBlocks: number, best: number): boolean {
  return best + 1 - committedAt > maxBlocks;
}

/** The registry's lineage fields, parsed (numbers.ts ranges). */
export interface Lineage {
  previousVersion: bigint | undefined;
  /** Parent models, then the datasets as TrainedOn edges. */
  parents: { model: bigint; relation: DraftParent['relation'] | 'TrainedOn'; maxRoyaltyBps: number }[];
}

/**
 * The lineage part of the form as the registry's draft, or the first problem in words. A
 * dataset names no parents (its lineage is its previous versions); a model's datasets go
 * out as `TrainedOn` edges after its parent models.
 */
export function parseLineage(previous: string, parents: DraftParent[], datasets: DraftDataset[] = [], kind: AssetKind = 'Model'): Lineage | string {
  let previousVersion: bigint | undefined;
  if (previous.trim() !== '') {
    const parsed = parseModelId(previous, 'The previous version (a model id)');
    if ('error' in parsed) return parsed.error;
    previousVersion = parsed.value;
  }
  if (kind === 'Dataset' && (parents.length > 0 || datasets.length > 0)) {
    return 'A dataset names no parents and no training data: remove them, or register a model.';
  }
  if (parents.length > MAX_PARENTS) return `A model has at most ${MAX_PARENTS} parents.`;
  if (datasets.length > MAX_DATASETS) return `A model names at most ${MAX_DATASETS} datasets as training data.`;
  const out: Lineage['parents'] = [];
  for (const [i, row] of parents.entries()) {
    const model = parseModelId(row.model, `Parent ${i + 1}'s model id`);
    if ('error' in model) return model.error;
    const bps = parseBps(row.maxRoyaltyBps, `The highest royalty accepted from parent ${i + 1}`);
    if ('error' in bps) return bps.error;
    out.push({ model: model.value, relation: row.relation, maxRoyaltyBps: bps.value });
  }
  for (const [i, row] of datasets.entries()) {
    const dataset = parseModelId(row.dataset, `Training dataset ${i + 1}'s id`);
    if ('error' in dataset) return dataset.error;
    const bps = parseBps(row.maxRoyaltyBps, `The highest royalty accepted from training dataset ${i + 1}`);
    if ('error' in bps) return bps.error;
    out.push({ model: dataset.value, relation: 'TrainedOn', maxRoyaltyBps: bps.value });
  }
  return { previousVersion, parents: out };
}
