// The deployment's index (`modelmint index --serve`), when one is configured (the
// deployment file's `index`, or the user's setting on Connect): its client, whether it
// answers, and how far it is behind the chain's finalized block. Pages ask `useIndex()`
// whether to read history and search from the index (`source: 'index'`) or to fall back to
// the chain's own reads (`source: 'chain'`: no index, or it does not answer), and show
// `<IndexNotice>` when the index lags or is down.
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useChain } from './ChainProvider';
import type { Chain } from './connection';
import { IndexClient, IndexError, indexLag, LAG_NOTICE_BLOCKS, type IndexStatus } from './index-api';
import { indexUrl } from './settings';
import { errorText } from './wallet';

/** How often the app asks the index and the node how far each is (ms). */
export const POLL_MS = 3_000;

export type IndexState =
  | { state: 'off' }
  | { state: 'checking'; url: string; client: IndexClient }
  | { state: 'ready'; url: string; client: IndexClient; status: IndexStatus; chainFinalized?: number; lag: number }
  | { state: 'unreachable'; url: string; client: IndexClient; message: string };

export interface IndexValue {
  index: IndexState;
  /** Where pages read history and search: undefined while the first answer is awaited. */
  source?: 'index' | 'chain';
  /** The client, when `source` is 'index'. */
  client?: IndexClient;
  /** A page's read found the index down: fall back until it answers again. */
  markUnreachable(error: IndexError): void;
}

const IndexContext = createContext<IndexValue | undefined>(undefined);

/** The chain's finalized block number, asked of the node (the index follows finalized blocks only). */
async function finalizedNumber(chain: Chain): Promise<number | undefined> {
  const header = await chain.client.rpc.chain_getHeader(await chain.client.rpc.chain_getFinalizedHead());
  return header?.number;
}

export function IndexProvider({ children }: { children: ReactNode }) {
  const { settings, deployment, connection } = useChain();
  const chain = connection.status === 'connected' ? connection.chain : undefined;
  const url = indexUrl(settings, deployment.status === 'ready' ? deployment.deployment.index : undefined);
  const client = useMemo(() => (url ? new IndexClient(url) : undefined), [url]);
  const [index, setIndex] = useState<IndexState>({ state: 'off' });
  const [poll, setPoll] = useState(0);
  const live = useRef({ client, url });
  live.current = { client, url };

  useEffect(() => {
    setIndex(client && url ? { state: 'checking', url, client } : { state: 'off' });
  }, [client, url]);

  // /status and the node's finalized block, now and every POLL_MS.
  useEffect(() => {
    if (!client || !url) return;
    let current = true;
    const ask = async () => {
      try {
        const [status, chainFinalized] = await Promise.all([
          client.status(),
          chain ? finalizedNumber(chain).catch(() => undefined) : undefined,
        ]);
        // Without the node's answer, the indexer's own view of the finalized block.
        const lag = indexLag(status, chainFinalized ?? status.finalized);
        if (current) setIndex({ state: 'ready', url, client, status, chainFinalized, lag });
      } catch (error) {
        const message = error instanceof IndexError ? error.message : `The index at ${url} does not answer: ${errorText(error)}.`;
        if (current) setIndex({ state: 'unreachable', url, client, message });
      }
    };
    void ask();
    const timer = setInterval(() => void ask(), POLL_MS);
    return () => {
      current = false;
      clearInterval(timer);
    };
  }, [client, url, chain, poll]);

  const markUnreachable = useCallback((error: IndexError) => {
    const { client: current, url: at } = live.current;
    if (!current || !at) return;
    setIndex({ state: 'unreachable', url: at, client: current, message: error.message });
    // Ask again soon: it may be a blip.
    setPoll((n) => n + 1);
  }, []);

  const value = useMemo<IndexValue>(() => {
    // Until the state follows a new URL (an effect away), it is being checked: no page
    // starts the chain's reads for an index that is about to answer.
    const current: IndexState = client && url && (index.state === 'off' || index.url !== url) ? { state: 'checking', url, client } : index;
    const source = current.state === 'off' || current.state === 'unreachable' ? 'chain' : current.state === 'ready' ? 'index' : undefined;
    return { index: current, source, client: source === 'index' ? client : undefined, markUnreachable };
  }, [index, client, url, markUnreachable]);
  return <IndexContext.Provider value={value}>{children}</IndexContext.Provider>;
}

export function useIndex(): IndexValue {
  const value = useContext(IndexContext);
  if (!value) throw new Error('useIndex() outside <IndexProvider>');
  return value;
}

/** The last block the index holds: reads from the index follow it as `useBlockRead` follows the chain. */
export function useIndexedBlock(): number | undefined {
  const { index } = useIndex();
  return index.state === 'ready' ? (index.status.indexed ?? undefined) : undefined;
}

/**
 * What a page that reads the index says about it: nothing while it is level with the
 * chain; that it lags (by how many blocks) or does not answer (and that the page shows the
 * chain's own reads) otherwise.
 */
export function IndexNotice({ what }: { what: string }) {
  const { index } = useIndex();
  if (index.state === 'unreachable') {
    return (
      <p className="notice" role="status" data-testid="index-notice" data-state="unreachable">
        {index.message} This page shows what the chain says instead: {what} from the index are missing until it answers again.
      </p>
    );
  }
  if (index.state === 'ready' && index.lag >= LAG_NOTICE_BLOCKS) {
    const at = index.chainFinalized ?? index.status.finalized;
    return (
      <p className="notice" role="status" data-testid="index-notice" data-state="lagging" data-lag={index.lag}>
        The index is {index.lag} blocks behind the chain (it holds block #{index.status.indexed ?? 'none'}, the chain has finalized #{at}): {what} of
        the latest blocks may be missing.
      </p>
    );
  }
  return null;
}
