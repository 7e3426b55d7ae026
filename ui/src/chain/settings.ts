// Which chain the app talks to: a deployment (the contract addresses on one chain),
// either one bundled into the app at build time, by its network name, or one loaded
// from a URL the user gives ("Advanced" on Connect); and a node URL, by default the
// one the deployment was made on; and the index of that deployment (`modelmint index
// --serve`) the app reads history and search from, by default the one the deployment file
// names (`index`), kept per deployment since an index follows one deployment.
//
// All are persisted in localStorage. `?network=`, `?deployment=`, `?url=` and `?index=` in
// the page's address override them for that page without being saved, so a test (or a
// link) can point one tab at another node without changing what the user chose.

import { indexUrlProblem } from './index-api';

export const DEFAULT_NETWORK = 'local';

export interface Settings {
  /** Name of a bundled deployment (deployments/<network>.json when the app was built). */
  network: string;
  /** URL of a deployment file to load instead of a bundled one; empty: the bundled `network`. */
  deployment: string;
  /** Node URL; empty means "the `url` recorded in the deployment". */
  url: string;
  /** Index API URL for this deployment; empty: the deployment's `index`, if any; `none`: no index. */
  index: string;
}

const KEYS = { network: 'modelmint.network', deployment: 'modelmint.deployment', url: 'modelmint.url' } as const;

/** The index setting's key: one per deployment (see `deploymentKey`). */
const indexKey = (settings: Pick<Settings, 'network' | 'deployment'>) => `modelmint.index.${deploymentKey(settings)}`;

/** The index URL in use: the setting, else the deployment's; undefined: none. */
export function indexUrl(settings: Pick<Settings, 'index'>, deploymentIndex: string | undefined): string | undefined {
  if (settings.index === 'none') return undefined;
  return settings.index || deploymentIndex || undefined;
}

/** Network names are file names under deployments/. */
export function isValidNetwork(name: string): boolean {
  return /^[A-Za-z0-9_-]+$/.test(name);
}

/** A deployment file's URL the app can fetch: http(s), absolute or relative to the app. */
export function deploymentUrlProblem(url: string): string | undefined {
  if (url === '') return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url, 'http://app.invalid/');
  } catch {
    return `"${url}" is not a URL; a deployment file's URL looks like https://example.org/modelmint/mainnet.json.`;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    return `A deployment file is fetched over https:// (or http://), not ${parsed.protocol}//.`;
  }
  return undefined;
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
export function loadSettings(search: string, storage: Pick<Storage, 'getItem'>, defaultNetwork = DEFAULT_NETWORK): Settings {
  const query = new URLSearchParams(search);
  const network = query.get('network') ?? storage.getItem(KEYS.network) ?? defaultNetwork;
  // A network named in the address means the bundled one, whatever URL was saved.
  const deployment = query.get('deployment') ?? (query.has('network') ? '' : (storage.getItem(KEYS.deployment) ?? ''));
  const url = query.get('url') ?? storage.getItem(KEYS.url) ?? '';
  const chosen = { network: isValidNetwork(network) ? network : defaultNetwork, deployment: deploymentUrlProblem(deployment) ? '' : deployment };
  const index = query.get('index') ?? storage.getItem(indexKey(chosen)) ?? '';
  return { ...chosen, url, index: indexUrlProblem(index) ? '' : index };
}

/** Which settings the query string pins for this page (a saved change does not override them). */
export function queryOverrides(search: string): { network: boolean; url: boolean; index: boolean } {
  const query = new URLSearchParams(search);
  return { network: query.has('network') || query.has('deployment'), url: query.has('url'), index: query.has('index') };
}

/** The index setting saved for the deployment `settings` names ('' when none is). */
export function savedIndex(settings: Pick<Settings, 'network' | 'deployment'>, storage: Pick<Storage, 'getItem'>): string {
  const saved = storage.getItem(indexKey(settings)) ?? '';
  return indexUrlProblem(saved) ? '' : saved;
}

export function saveSettings(settings: Settings, storage: Pick<Storage, 'setItem' | 'removeItem'>): void {
  storage.setItem(KEYS.network, settings.network);
  if (settings.deployment === '') storage.removeItem(KEYS.deployment);
  else storage.setItem(KEYS.deployment, settings.deployment);
  if (settings.url === '') storage.removeItem(KEYS.url);
  else storage.setItem(KEYS.url, settings.url);
  if (settings.index === '') storage.removeItem(indexKey(settings));
  else storage.setItem(indexKey(settings), settings.index);
}

/** What the settings' deployment is called in storage keys that are per chain (e.g. a registration draft). */
export function deploymentKey(settings: Pick<Settings, 'network' | 'deployment'>): string {
  return settings.deployment === '' ? settings.network : `url:${settings.deployment}`;
}
