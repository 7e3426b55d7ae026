// This session's transactions, for the user to follow: every write the app sends (through
// useTx, so every panel and the registration), with its state as it moves (signing, sent,
// in a block, or failed and why) and, once in a block, a link to a block explorer. Kept in
// memory only: a reload starts a new list (what was done is on chain).
//
// The explorer is a URL template the user sets on Connect (localStorage), with {block},
// {blockHash}, {txHash} and {node} (the node's URL, URL-encoded) filled in; empty: no link.
import { useSyncExternalStore } from 'react';

export type SessionTxState = 'signing' | 'submitted' | 'in-block' | 'rejected' | 'failed';

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
  txHash?: string;
  /** Why it failed, in words. */
  error?: string;
}

let transactions: readonly SessionTx[] = [];
let nextId = 1;
const listeners = new Set<() => void>();

function publish(next: readonly SessionTx[]): void {
  transactions = next;
  for (const listener of listeners) listener();
}

/** Records a new transaction (being signed); returns its id for `updateTx`. */
export function recordTx(label: string, account: string): number {
  const id = nextId++;
  publish([...transactions, { id, label, account, state: 'signing', at: Date.now() }]);
  return id;
}

export function updateTx(id: number, change: Partial<Omit<SessionTx, 'id'>>): void {
  publish(transactions.map((tx) => (tx.id === id ? { ...tx, ...change } : tx)));
}

export function sessionTxs(): readonly SessionTx[] {
  return transactions;
}

/** The session's transactions, newest last; re-renders on every change. */
export function useSessionTxs(): readonly SessionTx[] {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    sessionTxs,
  );
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

/** The explorer link of a transaction in a block; undefined without a template or a block. */
export function explorerLink(template: string, tx: Pick<SessionTx, 'block' | 'blockHash' | 'txHash'>, node: string): string | undefined {
  if (template === '' || explorerProblem(template) || tx.block === undefined) return undefined;
  return template
    .replaceAll('{block}', String(tx.block))
    .replaceAll('{blockHash}', tx.blockHash ?? '')
    .replaceAll('{txHash}', tx.txHash ?? '')
    .replaceAll('{node}', encodeURIComponent(node));
}
