// Which chain the app talks to: a network name, whose deployment file
// (`/deployments/<network>.json`, written by scripts/deploy.sh) holds the contract
// addresses, and a node URL, by default the one the deployment was made on.
//
// Both are persisted in localStorage. `?network=` and `?url=` in the page's
// address override them for that page without being saved, so a test (or a link)
// can point one tab at another node without changing what the user chose.

export const DEFAULT_NETWORK = 'local';

export interface Settings {
  /** Deployment name: the app loads `/deployments/<network>.json`. */
  network: string;
  /** Node URL; empty means "the `url` recorded in the deployment". */
  url: string;
}

const KEYS = { network: 'modelmint.network', url: 'modelmint.url' } as const;

/** Network names are file names under deployments/: the same rule the dev server applies. */
export function isValidNetwork(name: string): boolean {
  return /^[A-Za-z0-9_-]+$/.test(name);
}

/** A node URL the app can open: ws:// or wss:// with a host. */
export function urlProblem(url: string): string | undefined {
  if (url === '') return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `"${url}" is not a URL; a node URL looks like ws://127.0.0.1:9944.`;
  }
  if (parsed.protocol !== 'ws:' && parsed.protocol !== 'wss:') {
    return `A node URL starts with ws:// or wss://, not ${parsed.protocol}//.`;
  }
  return undefined;
}

/** The stored settings, overridden by the page's query parameters. */
export function loadSettings(search: string, storage: Pick<Storage, 'getItem'>): Settings {
  const query = new URLSearchParams(search);
  const network = query.get('network') ?? storage.getItem(KEYS.network) ?? DEFAULT_NETWORK;
  const url = query.get('url') ?? storage.getItem(KEYS.url) ?? '';
  return { network: isValidNetwork(network) ? network : DEFAULT_NETWORK, url };
}

/** Which settings the query string pins for this page (a saved change does not override them). */
export function queryOverrides(search: string): { network: boolean; url: boolean } {
  const query = new URLSearchParams(search);
  return { network: query.has('network'), url: query.has('url') };
}

export function saveSettings(settings: Settings, storage: Pick<Storage, 'setItem' | 'removeItem'>): void {
  storage.setItem(KEYS.network, settings.network);
  if (settings.url === '') storage.removeItem(KEYS.url);
  else storage.setItem(KEYS.url, settings.url);
}
