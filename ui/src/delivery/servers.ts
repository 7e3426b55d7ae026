// Where a model's files can be downloaded: the delivery servers (`modelmint serve`) its
// publisher lists in the model card, or one the user types.
//
// The choice (docs/delivery.md, "Where the web app finds a server"): the model card at the
// model's URI, when it is JSON, may hold `"delivery": ["https://models.example.com", …]`.
// The card is the publisher's to change without a transaction (a new server, a moved
// one), and the registry's ABI stays as it is. A card that is not JSON, cannot be
// fetched or lists no server leaves the user to enter a server's address on the model page.
import { errorText } from '../chain/wallet';
import { openableUrl } from '../chain/ipfs';

/** A delivery server's address, split as the protocol needs it. */
export interface ServerUrl {
  /** `http(s)://HOST[:PORT][/PREFIX]`, without a trailing slash: routes are appended to it. */
  base: string;
  /** `HOST[:PORT]`: the name a challenge of this server must carry. */
  authority: string;
}

/**
 * Reads a server address as `modelmint fetch --from` does: `http://` or
 * `https://HOST[:PORT][/PREFIX]`, with no user name, query or fragment. Returns a sentence for
 * anything else.
 */
export function parseServerUrl(text: string): ServerUrl | { error: string } {
  const trimmed = text.trim();
  const refuse = (why: string) => ({
    error: `${JSON.stringify(trimmed)} is not a delivery server's address (${why}): give http(s)://HOST[:PORT], optionally with a path.`,
  });
  if (trimmed === '') return { error: 'Enter the address of a server that delivers this model, e.g. https://models.example.com.' };
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return refuse('not a URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return refuse('the scheme must be http or https');
  if (url.username || url.password) return refuse('it holds a user name');
  if (url.search || url.hash) return refuse('it holds a query or a fragment');
  return { base: `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`, authority: url.host };
}

/** What a model card says of delivery servers. */
export interface CardServers {
  /** The servers it lists, in its order, each a valid address. */
  servers: string[];
  /** Why it lists none, or which entries were not addresses; empty when all is well. */
  note: string;
}

/** The delivery servers of a model card's parsed contents. */
export function cardServers(card: unknown): CardServers {
  if (typeof card !== 'object' || card === null || Array.isArray(card)) {
    return { servers: [], note: 'The model card is not a JSON object, so it lists no delivery server.' };
  }
  const listed = (card as Record<string, unknown>).delivery;
  if (listed === undefined) return { servers: [], note: 'The model card lists no delivery server ("delivery").' };
  if (!Array.isArray(listed)) return { servers: [], note: 'The model card\'s "delivery" is not a list of server addresses.' };
  const servers: string[] = [];
  const bad: string[] = [];
  for (const entry of listed) {
    const parsed = typeof entry === 'string' ? parseServerUrl(entry) : { error: '' };
    if ('error' in parsed) bad.push(JSON.stringify(entry));
    else if (!servers.includes(parsed.base)) servers.push(parsed.base);
  }
  const note = bad.length === 0 ? '' : `The model card lists ${bad.join(', ')}, which ${bad.length === 1 ? 'is not a server address' : 'are not server addresses'}.`;
  return { servers, note: servers.length === 0 && note === '' ? 'The model card lists no delivery server ("delivery").' : note };
}

/** The longest the card may take to arrive: a slow gateway should not hold the page. */
const CARD_TIMEOUT_MS = 15_000;

/**
 * Fetches the model card at `uri` (ipfs:// through `gateway`) and reads its delivery servers.
 * Never rejects: a card that cannot be had is a note.
 */
export async function loadCardServers(uri: string, gateway: string, fetcher: typeof fetch = fetch): Promise<CardServers> {
  const url = openableUrl(uri, gateway);
  if (!url) return { servers: [], note: `The model card's address ${JSON.stringify(uri)} cannot be opened by a browser, so no delivery server is known from it.` };
  let text: string;
  try {
    const response = await fetcher(url, { signal: AbortSignal.timeout(CARD_TIMEOUT_MS) });
    if (!response.ok) return { servers: [], note: `The model card could not be fetched (${response.status} from ${new URL(url).host}).` };
    text = await response.text();
  } catch (error) {
    return { servers: [], note: `The model card could not be fetched from ${new URL(url).host}: ${errorText(error)}.` };
  }
  try {
    return cardServers(JSON.parse(text));
  } catch {
    return { servers: [], note: 'The model card is not JSON, so it lists no delivery server.' };
  }
}
