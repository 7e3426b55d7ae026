// The browser wallet, through the injection protocol every polkadot wallet
// speaks (polkadot{.js}, Talisman, SubWallet): each extension adds itself to
// `window.injectedWeb3[name]`, and `enable(appName)` asks the user to let the app
// see its accounts and request signatures. Read directly rather than through
// @polkadot/extension-dapp: the protocol is these few lines.
import type { InjectedSigner } from 'dedot/types';

export const APP_NAME = 'ModelMint';

export interface InjectedAccount {
  address: string;
  name?: string;
  type?: string;
  genesisHash?: string | null;
}

/** What `enable` gives the app. */
export interface Injected {
  accounts: {
    get(anyType?: boolean): Promise<InjectedAccount[]>;
    subscribe(callback: (accounts: InjectedAccount[]) => void): () => void;
  };
  signer: InjectedSigner;
}

interface InjectedWindowProvider {
  enable(origin: string): Promise<Injected>;
  version?: string;
}

declare global {
  interface Window {
    injectedWeb3?: Record<string, InjectedWindowProvider>;
  }
}

/** Friendlier names for the extensions most people have; others show their key. */
const WALLET_NAMES: Record<string, string> = {
  'polkadot-js': 'polkadot{.js}',
  talisman: 'Talisman',
  'subwallet-js': 'SubWallet',
};

export interface WalletExtension {
  /** The key under `window.injectedWeb3`. */
  id: string;
  name: string;
  version?: string;
}

/** The extensions injected into this page (they inject while the page loads). */
export function listExtensions(win: Window = window): WalletExtension[] {
  return Object.entries(win.injectedWeb3 ?? {}).map(([id, provider]) => ({
    id,
    name: WALLET_NAMES[id] ?? id,
    version: provider.version,
  }));
}

/**
 * Extensions inject asynchronously after the page starts; wait up to `ms` for
 * the first one rather than telling a user with a wallet that they have none.
 */
export async function waitForExtensions(ms: number, win: Window = window): Promise<WalletExtension[]> {
  const started = Date.now();
  while (listExtensions(win).length === 0 && Date.now() - started < ms) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return listExtensions(win);
}

export class WalletError extends Error {
  override name = 'WalletError';
}

/** Asks extension `id` for access; the user may refuse (the promise then rejects). */
export async function enableExtension(id: string, win: Window = window): Promise<Injected> {
  const provider = win.injectedWeb3?.[id];
  if (!provider) throw new WalletError(`The wallet "${id}" is not installed in this browser.`);
  try {
    return await provider.enable(APP_NAME);
  } catch (error) {
    throw new WalletError(`${WALLET_NAMES[id] ?? id} did not give ModelMint access: ${errorText(error)}`);
  }
}

/** Text of anything thrown (wallets throw Errors, strings, or plain objects). */
export function errorText(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'string') return error;
  if (typeof Event !== 'undefined' && error instanceof Event) return `a ${error.type} event`;
  try {
    return JSON.stringify(error);
  } catch {
    return String(error);
  }
}
