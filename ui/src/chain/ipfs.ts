// ipfs:// links (model cards, license texts) opened through an HTTP gateway: browsers do not
// open ipfs:// themselves. The gateway is the user's choice (Connect, kept in this browser),
// with a public default; the ipfs:// address itself is always shown too.
import { useSyncExternalStore } from 'react';

export const DEFAULT_GATEWAY = 'https://ipfs.io/ipfs/';
const KEY = 'modelmint.ipfsGateway';
const listeners = new Set<() => void>();

export function gatewayProblem(gateway: string): string | undefined {
  if (gateway === '') return undefined;
  if (!/^https?:\/\/[^/]+/.test(gateway)) return 'An IPFS gateway is an https:// (or http://) address, e.g. https://ipfs.io/ipfs/.';
  return undefined;
}

export function loadGateway(storage: Pick<Storage, 'getItem'> = localStorage): string {
  const saved = storage.getItem(KEY) ?? '';
  return saved && !gatewayProblem(saved) ? saved : DEFAULT_GATEWAY;
}

export function saveGateway(gateway: string, storage: Pick<Storage, 'setItem' | 'removeItem'> = localStorage): void {
  if (gateway === '' || gateway === DEFAULT_GATEWAY) storage.removeItem(KEY);
  else storage.setItem(KEY, gateway);
  for (const listener of listeners) listener();
}

/** The gateway in use; re-renders when the user changes it. */
export function useGateway(): string {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => loadGateway(),
  );
}

/**
 * An address a browser can open: ipfs://CID/path through the gateway (ipfs://ipfs/CID too),
 * http(s) as it is; anything else (another scheme, a bare word) is not a link: undefined.
 */
export function openableUrl(uri: string, gateway: string): string | undefined {
  const ipfs = /^ipfs:\/\/(?:ipfs\/)?(.+)$/.exec(uri.trim());
  if (ipfs) return `${gateway.endsWith('/') ? gateway : `${gateway}/`}${ipfs[1]}`;
  return /^https?:\/\//.test(uri.trim()) ? uri.trim() : undefined;
}
