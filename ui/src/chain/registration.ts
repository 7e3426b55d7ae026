// Registration by commit and reveal (docs/contracts.md, "Registration cannot be front-run"):
// the registrant first commits to sha256(root ‖ registrant ‖ salt), then, once
// the commitment is at least `min_blocks` old, reveals root and salt in
// `register`. The salt stays in this browser until the reveal; it is kept in
// localStorage so that a reload between the two steps does not strand the
// commitment (and its deposit).
import { AccountId32, type AccountId32Like } from 'dedot/codecs';
import { hex } from './format';
import type { Weight } from './tx';

/**
 * The gas limit a reveal is sent with when it cannot be dry-run before its
 * block (see `previewWithoutDryRun`): the command line's `REGISTER_GAS_LIMIT`,
 * well above what a registration with 8 parents measures (BENCHMARKS.md).
 */
export const REGISTER_GAS_LIMIT: Weight = { refTime: 50_000_000_000n, proofSize: 4n << 20n };

export function randomSalt(): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(32));
}

export function hexToBytes(text: string): Uint8Array {
  const clean = text.startsWith('0x') ? text.slice(2) : text;
  if (!/^([0-9a-fA-F]{2})*$/.test(clean)) throw new Error(`"${text}" is not hex`);
  return Uint8Array.from(clean.match(/../g) ?? [], (byte) => parseInt(byte, 16));
}

/** sha256(root[32] ‖ registrant[32] ‖ salt[32]), as `registration_commitment` in modelmint-common. */
export async function registrationCommitment(root: Uint8Array, registrant: AccountId32Like, salt: Uint8Array): Promise<`0x${string}`> {
  if (root.length !== 32 || salt.length !== 32) throw new Error('root and salt are 32 bytes each');
  const preimage = new Uint8Array(96);
  preimage.set(root, 0);
  preimage.set(hexToBytes(new AccountId32(registrant).raw), 32);
  preimage.set(salt, 64);
  return hex(new Uint8Array(await crypto.subtle.digest('SHA-256', preimage)));
}

/** A registration between its commit and its reveal, as kept in localStorage. */
export interface PendingRegistration {
  network: string;
  registrant: string;
  /** Content root, 64 hex digits without 0x (as manifests write it). */
  root: string;
  salt: `0x${string}`;
  commitment: `0x${string}`;
  /** Block of the commit transaction. */
  committedAt: number;
}

const PENDING_KEY = 'modelmint.pendingRegistrations';

export function loadPending(storage: Pick<Storage, 'getItem'>): PendingRegistration[] {
  try {
    const parsed: unknown = JSON.parse(storage.getItem(PENDING_KEY) ?? '[]');
    return Array.isArray(parsed) ? (parsed as PendingRegistration[]) : [];
  } catch {
    return [];
  }
}

export function savePending(storage: Pick<Storage, 'getItem' | 'setItem'>, pending: PendingRegistration): void {
  const others = loadPending(storage).filter((p) => p.commitment !== pending.commitment);
  storage.setItem(PENDING_KEY, JSON.stringify([...others, pending]));
}

export function dropPending(storage: Pick<Storage, 'getItem' | 'setItem'>, commitment: string): void {
  storage.setItem(PENDING_KEY, JSON.stringify(loadPending(storage).filter((p) => p.commitment !== commitment)));
}

/** UTF-8 length: the registry bounds fields in bytes, not characters. */
export function utf8Length(text: string): number {
  return new TextEncoder().encode(text).length;
}

/** The registry's bounds (docs/contracts.md, "The registry"): checked here so a user learns before committing. */
export const FIELD_BOUNDS = { name: 64, version: 32, uri: 256 } as const;
export const MAX_PARENTS = 8;
/** The registry's `MAX_DATASETS`: datasets a model may name as training data, beside its parents. */
export const MAX_DATASETS = 4;

/** What is wrong with a model's text fields, before anything is sent; undefined when nothing. */
export function draftProblem(fields: { name: string; version: string; uri: string }): string | undefined {
  const labels = { name: 'name', version: 'version label', uri: 'metadata URI' } as const;
  for (const key of ['name', 'version', 'uri'] as const) {
    const length = utf8Length(fields[key]);
    if (length === 0) return `The model's ${labels[key]} is empty; it is required.`;
    if (length > FIELD_BOUNDS[key]) {
      return `The model's ${labels[key]} is ${length} bytes long; at most ${FIELD_BOUNDS[key]} bytes are stored.`;
    }
  }
  return undefined;
}
