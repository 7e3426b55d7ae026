// The transactions sent from this browser, for the user to follow: every write the app
// sends (through useTx, so every panel and the registration), with its state as it moves
// (signing, sent, in a block, or failed and why) and, once in a block, a link to a block
// explorer. Kept in localStorage per deployment (`deploymentKey`), the last MAX_KEPT of
// each, so a reload keeps them. A transaction still waiting for the wallet or for a block
// when the page went away is restored as `unknown`: this page can no longer follow it, and
// it says so rather than guessing (its tx hash, when it was sent, finds it in an explorer).
//
// The explorer is a URL template the user sets on Transactions (localStorage), with {block},
// {blockHash}, {txHash} and {node} (the node's URL, URL-encoded) filled in; empty: no link.
import { useCallback, useSyncExternalStore } from 'react';

export type SessionTxState = 'signing' | 'submitted' | 'in-block' | 'rejected' | 'failed' | 'unknown';

export interface SessionTx {
  id: number;
  /** What it does, in words: "market: buy". */
  label: string;
  account: string;
  state: SessionTxState;
  /** When it was asked for, ms since the epoch (the browser's clock). */
  at: number;
  block?: number;
  blockHash?: string;
  /** Known once the transaction is signed and sent. */
  txHash?: string;
  /** Why it failed, in words. */
  error?: string;
  /** For `unknown`: the state it was in when the page went away. */
  lostIn?: 'signing' | 'submitted';
}

/** How many transactions are kept per deployment; older ones are dropped. */
export const MAX_KEPT = 50;

const STORAGE_PREFIX = 'modelmint.txs.';
const STATES: readonly SessionTxState[] = ['signing', 'submitted', 'in-block', 'rejected', 'failed', 'unknown'];

/** localStorage where there is one (not in Node's unit tests unless they provide it). */
function storage(): Storage | undefined {
  return typeof localStorage === 'undefined' ? undefined : localStorage;
}

/**
 * The list stored for a deployment, as this page load takes it over: anything still
 * signing or sent becomes `unknown` (the page that followed it is gone), malformed entries
 * are dropped, and at most the last MAX_KEPT are kept.
 */
export function restoreTxs(text: string | null): SessionTx[] {
  if (text === null) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return [];
  }
  if (!Array.isArray(parsed)) return [];
  const kept = parsed.filter(
    (item): item is SessionTx =>
      typeof item === 'object' &&
      item !== null &&
      Number.isSafeInteger((item as SessionTx).id) &&
      typeof (item as SessionTx).label === 'string' &&
      typeof (item as SessionTx).account === 'string' &&
      typeof (item as SessionTx).at === 'number' &&
      STATES.includes((item as SessionTx).state),
  );
  return kept.slice(-MAX_KEPT).map((tx) =>
    tx.state === 'signing' || tx.state === 'submitted' ? { ...tx, state: 'unknown', lostIn: tx.state } : tx,
  );
}

const lists = new Map<string, readonly SessionTx[]>();
const listeners = new Set<() => void>();

/** The deployment's list, read from storage the first time this page load asks for it. */
export function sessionTxs(network: string): readonly SessionTx[] {
  let list = lists.get(network);
  if (list === undefined) {
    list = restoreTxs(storage()?.getItem(STORAGE_PREFIX + network) ?? null);
    lists.set(network, list);
  }
  return list;
}

function publish(network: string, next: readonly SessionTx[]): void {
  const bounded = next.slice(-MAX_KEPT);
  lists.set(network, bounded);
  try {
    storage()?.setItem(STORAGE_PREFIX + network, JSON.stringify(bounded));
  } catch {
    // A full or refused storage: the list still works for this page load.
  }
  for (const listener of listeners) listener();
}

/** Records a new transaction (being signed) on `network`; returns its id for `updateTx`. */
export function recordTx(network: string, label: string, account: string): number {
  const list = sessionTxs(network);
  const id = list.reduce((max, tx) => Math.max(max, tx.id), 0) + 1;
  publish(network, [...list, { id, label, account, state: 'signing', at: Date.now() }]);
  return id;
}

export function updateTx(network: string, id: number, change: Partial<Omit<SessionTx, 'id'>>): void {
  publish(
    network,
    sessionTxs(network).map((tx) => (tx.id === id ? { ...tx, ...change } : tx)),
  );
}

/** The deployment's transactions, newest last; re-renders on every change. */
export function useSessionTxs(network: string): readonly SessionTx[] {
  const subscribe = useCallback((listener: () => void) => {
    listeners.add(listener);
    return () => void listeners.delete(listener);
  }, []);
  return useSyncExternalStore(subscribe, () => sessionTxs(network));
}

const EXPLORER_KEY = 'modelmint.explorer';

export function loadExplorer(storage: Pick<Storage, 'getItem'>): string {
  return storage.getItem(EXPLORER_KEY) ?? '';
}

export function saveExplorer(storage: Pick<Storage, 'setItem' | 'removeItem'>, template: string): void {
  if (template === '') storage.removeItem(EXPLORER_KEY);
  else storage.setItem(EXPLORER_KEY, template);
}

/** What is wrong with an explorer template; undefined when it is usable (or empty). */
export function explorerProblem(template: string): string | undefined {
  if (template === '') return undefined;
  if (!/^https?:\/\//.test(template)) return 'A block explorer link starts with https:// (or http://).';
  if (!/\{(block|blockHash|txHash)\}/.test(template)) return 'Put {block}, {blockHash} or {txHash} where the explorer expects them.';
  return undefined;
}

/**
 * The explorer link of a transaction; undefined without a template, or when the template
 * needs what is not known of it (a block for {block} and {blockHash}, a hash for {txHash}).
 */
export function explorerLink(template: string, tx: Pick<SessionTx, 'block' | 'blockHash' | 'txHash'>, node: string): string | undefined {
  if (template === '' || explorerProblem(template)) return undefined;
  if (/\{(block|blockHash)\}/.test(template) && tx.block === undefined) return undefined;
  if (template.includes('{txHash}') && tx.txHash === undefined) return undefined;
  return template
    .replaceAll('{block}', String(tx.block ?? ''))
    .replaceAll('{blockHash}', tx.blockHash ?? '')
    .replaceAll('{txHash}', tx.txHash ?? '')
    .replaceAll('{node}', encodeURIComponent(node));
}
