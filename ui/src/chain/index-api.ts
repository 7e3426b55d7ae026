// The index's read API (`modelmint index --serve`, docs/index.md): the one client the pages
// use for history and search. Every answer is checked and typed here: ids and amounts become
// bigints (amounts come as decimal strings, a u128 fits no JSON number), accounts stay SS58,
// times are ms since 1970 (block timestamps). A failure is an `IndexError` whose message is a
// sentence; `unreachable` tells a page to fall back to the chain's own reads.

/** Why an answer of the index could not be used, in words; `unreachable`: no answer at all. */
export class IndexError extends Error {
  override name = 'IndexError';
  constructor(
    message: string,
    readonly unreachable: boolean,
  ) {
    super(message);
  }
}

/** `GET /status`: how far the index has followed the chain. */
export interface IndexStatus {
  /** The node's best block, as the indexer last saw it. */
  head: number;
  /** The node's finalized block, as the indexer last saw it. */
  finalized: number;
  /** The last block indexed; null before the first. */
  indexed: number | null;
  /** That block's time (ms). */
  indexedAt: number | null;
  database: string;
}

export type IndexedStatus = 'active' | 'deprecated' | 'disputed';

/** A model (or dataset) as the index knows it. */
export interface IndexedModel {
  id: bigint;
  kind: 'model' | 'dataset';
  root: string;
  owner: string;
  name: string;
  version: string;
  uri: string;
  status: IndexedStatus;
  registeredAt: number;
}

/** One page of `/models`: `next` is the cursor of the next page (`after`), null on the last. */
export interface ModelPage {
  models: IndexedModel[];
  next: bigint | null;
}

/** What Browse searches by: a part of the name, a content root or an owner. */
export type ModelQuery = { name: string } | { root: string } | { owner: string } | Record<string, never>;

/** A sale or renewal of a license of a model. */
export interface IndexedSale {
  block: number;
  license: bigint;
  renewal: boolean;
  holder: string | null;
  price: bigint;
  at: number;
}

/** `/models/{id}/sales`: `revenue` counts deposits too, `salesTotal` only what sales and renewals paid. */
export interface ModelSales {
  sales: IndexedSale[];
  salesTotal: bigint;
  revenue: bigint;
}

/** One UTC day of a model's revenue. */
export interface RevenueDay {
  /** `YYYY-MM-DD`. */
  day: string;
  sales: number;
  salesAmount: bigint;
  depositsAmount: bigint;
  total: bigint;
}

/** A license an account holds or held. */
export interface IndexedLicense {
  id: bigint;
  model: bigint;
  offer: bigint;
  expiresAt: number | null;
  epoch: number;
  voided: boolean;
  released: boolean;
  transferTo: string | null;
  soldBlock: number;
  soldAt: number;
}

/** A withdrawal that paid an account. */
export interface Payout {
  block: number;
  amount: bigint;
  at: number;
}

/** A split that names an account; not accepted: an open invitation. */
export interface Membership {
  model: bigint;
  share: number;
  accepted: boolean;
}

/** An index URL the app can fetch: http(s) with a host. */
export function indexUrlProblem(url: string): string | undefined {
  if (url === '' || url === 'none') return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `"${url}" is not a URL; an index's address looks like https://index.example.org/.`;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    return `An index is read over https:// (or http://), not ${parsed.protocol}//.`;
  }
  return undefined;
}

/** How far the index is behind the chain's finalized block (0 when it is level or ahead). */
export function indexLag(status: Pick<IndexStatus, 'indexed'>, chainFinalized: number): number {
  return Math.max(0, chainFinalized - (status.indexed ?? -1));
}

/**
 * The lag from which the app says the index lags. The indexer asks for the finalized block
 * every 500 ms, so one or two blocks behind is the normal gap between two looks, not a lag.
 */
export const LAG_NOTICE_BLOCKS = 3;

/** Browse's search box read as a query: `0x` + 64 hex digits is a root, an SS58 address an owner, else a part of the name. */
export function parseModelQuery(text: string, isAccount: (text: string) => boolean): ModelQuery {
  const trimmed = text.trim();
  if (trimmed === '') return {};
  if (/^0x[0-9a-fA-F]{64}$/.test(trimmed)) return { root: trimmed.toLowerCase() };
  if (isAccount(trimmed)) return { owner: trimmed };
  return { name: trimmed };
}

type Json = Record<string, unknown>;

/** Reads the index at `base` (e.g. `https://index.example.org/`). */
export class IndexClient {
  readonly base: string;
  constructor(
    base: string,
    private readonly fetcher: typeof fetch = (...args) => fetch(...args),
  ) {
    this.base = base.endsWith('/') ? base : `${base}/`;
  }

  /** The JSON answer to `path` (relative to the base, so an index under a sub-path works). */
  async get(path: string, params: Record<string, string> = {}): Promise<unknown> {
    const url = new URL(path, this.base);
    for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
    let response: Response;
    try {
      // A plain GET: no header of our own, so browsers ask no preflight.
      response = await this.fetcher(url.toString());
    } catch (error) {
      throw new IndexError(`The index at ${this.base} does not answer (${error instanceof Error ? error.message : String(error)}).`, true);
    }
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      throw new IndexError(`The index at ${this.base} answered ${url.pathname} with something other than JSON (HTTP ${response.status}): is it a ModelMint index?`, true);
    }
    if (!response.ok) {
      const reason = typeof (body as Json)?.error === 'string' ? (body as Json).error : `HTTP ${response.status}`;
      throw new IndexError(`The index refused ${url.pathname}: ${String(reason)}.`, response.status >= 500);
    }
    return body;
  }

  async status(): Promise<IndexStatus> {
    const body = object(await this.get('status'), 'status');
    return {
      head: int(body, 'head'),
      finalized: int(body, 'finalized'),
      indexed: body.indexed === null ? null : int(body, 'indexed'),
      indexedAt: body.indexed_at === null || body.indexed_at === undefined ? null : int(body, 'indexed_at'),
      database: str(body, 'database'),
    };
  }

  /** One page of models matching `query`, after the cursor `after` (none: the first page). */
  async models(query: ModelQuery, after: bigint | null, limit: number): Promise<ModelPage> {
    const params: Record<string, string> = { ...(query as Record<string, string>), limit: String(limit) };
    if (after !== null) params.after = after.toString();
    const body = object(await this.get('models', params), 'models');
    const models = array(body.models, 'models').map((m) => parseModel(object(m, 'a model')));
    return { models, next: body.next === null ? null : id(body, 'next') };
  }

  async sales(model: bigint): Promise<ModelSales> {
    const body = object(await this.get(`models/${model}/sales`), 'sales');
    const sales = array(body.sales, 'sales').map((s): IndexedSale => {
      const sale = object(s, 'a sale');
      return {
        block: int(sale, 'block'),
        license: id(sale, 'license'),
        renewal: bool(sale, 'renewal'),
        holder: sale.holder === null ? null : str(sale, 'holder'),
        price: amount(sale, 'price'),
        at: int(sale, 'at'),
      };
    });
    return { sales, salesTotal: sales.reduce((sum, s) => sum + s.price, 0n), revenue: amount(body, 'revenue') };
  }

  async revenue(model: bigint): Promise<{ days: RevenueDay[]; total: bigint }> {
    const body = object(await this.get(`models/${model}/revenue`), 'revenue');
    const days = array(body.days, 'days').map((d): RevenueDay => {
      const day = object(d, 'a day');
      const text = str(day, 'day');
      if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) throw malformed(`day "${text}"`);
      return { day: text, sales: int(day, 'sales'), salesAmount: amount(day, 'sales_amount'), depositsAmount: amount(day, 'deposits_amount'), total: amount(day, 'total') };
    });
    return { days, total: amount(body, 'total') };
  }

  async licenses(account: string): Promise<IndexedLicense[]> {
    return array(await this.get(`accounts/${encodeURIComponent(account)}/licenses`), 'licenses').map((l) => {
      const license = object(l, 'a license');
      return {
        id: id(license, 'id'),
        model: id(license, 'model'),
        offer: id(license, 'offer'),
        expiresAt: license.expires_at === null ? null : int(license, 'expires_at'),
        epoch: int(license, 'epoch'),
        voided: bool(license, 'voided'),
        released: bool(license, 'released'),
        transferTo: license.transfer_to === null ? null : str(license, 'transfer_to'),
        soldBlock: int(license, 'sold_block'),
        soldAt: int(license, 'sold_at'),
      };
    });
  }

  async payouts(account: string): Promise<{ payouts: Payout[]; total: bigint }> {
    const body = object(await this.get(`accounts/${encodeURIComponent(account)}/payouts`), 'payouts');
    const payouts = array(body.payouts, 'payouts').map((p) => {
      const payout = object(p, 'a payout');
      return { block: int(payout, 'block'), amount: amount(payout, 'amount'), at: int(payout, 'at') };
    });
    return { payouts, total: amount(body, 'total') };
  }

  async splits(account: string): Promise<Membership[]> {
    return array(await this.get(`accounts/${encodeURIComponent(account)}/splits`), 'splits').map((m) => {
      const membership = object(m, 'a split');
      return { model: id(membership, 'model'), share: int(membership, 'share'), accepted: bool(membership, 'accepted') };
    });
  }
}

/** Every page of `query`, following the cursor until the last (at most `maxPages`). */
export async function allModels(client: Pick<IndexClient, 'models'>, query: ModelQuery, limit = 200, maxPages = 1000): Promise<IndexedModel[]> {
  const out: IndexedModel[] = [];
  let after: bigint | null = null;
  for (let page = 0; page < maxPages; page += 1) {
    const answer: ModelPage = await client.models(query, after, limit);
    out.push(...answer.models);
    if (answer.next === null) return out;
    if (after !== null && answer.next <= after) throw malformed(`a cursor that does not move forward (${answer.next} after ${after})`);
    after = answer.next;
  }
  throw malformed(`more than ${maxPages} pages`);
}

/**
 * A model's revenue per day with the days between its first and last sale that had none
 * (the index lists only days with revenue): a chart's bars are then one per day.
 */
export function everyDay(days: readonly RevenueDay[]): RevenueDay[] {
  if (days.length === 0) return [];
  const sorted = [...days].sort((a, b) => (a.day < b.day ? -1 : 1));
  const byDay = new Map(sorted.map((d) => [d.day, d]));
  const out: RevenueDay[] = [];
  const last = Date.parse(`${sorted[sorted.length - 1].day}T00:00:00Z`);
  for (let t = Date.parse(`${sorted[0].day}T00:00:00Z`); t <= last; t += 86_400_000) {
    const day = new Date(t).toISOString().slice(0, 10);
    out.push(byDay.get(day) ?? { day, sales: 0, salesAmount: 0n, depositsAmount: 0n, total: 0n });
  }
  return out;
}

function parseModel(m: Json): IndexedModel {
  const kind = str(m, 'kind');
  const status = str(m, 'status');
  if (kind !== 'model' && kind !== 'dataset') throw malformed(`kind "${kind}"`);
  if (status !== 'active' && status !== 'deprecated' && status !== 'disputed') throw malformed(`status "${status}"`);
  return {
    id: id(m, 'id'),
    kind,
    root: str(m, 'root'),
    owner: str(m, 'owner'),
    name: str(m, 'name'),
    version: str(m, 'version'),
    uri: str(m, 'uri'),
    status,
    registeredAt: int(m, 'registered_at'),
  };
}

function malformed(what: string): IndexError {
  return new IndexError(`The index answered with ${what}: it is not an index of this version of ModelMint.`, false);
}

function object(value: unknown, what: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw malformed(`${what} that is not an object`);
  return value as Json;
}

function array(value: unknown, what: string): unknown[] {
  if (!Array.isArray(value)) throw malformed(`${what} that is not a list`);
  return value;
}

function int(body: Json, key: string): number {
  const value = body[key];
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) throw malformed(`a "${key}" that is not a whole number`);
  return value;
}

function id(body: Json, key: string): bigint {
  return BigInt(int(body, key));
}

function str(body: Json, key: string): string {
  const value = body[key];
  if (typeof value !== 'string') throw malformed(`a "${key}" that is not text`);
  return value;
}

function bool(body: Json, key: string): boolean {
  const value = body[key];
  if (typeof value !== 'boolean') throw malformed(`a "${key}" that is neither true nor false`);
  return value;
}

function amount(body: Json, key: string): bigint {
  const value = body[key];
  if (typeof value !== 'string' || !/^\d{1,39}$/.test(value)) throw malformed(`an amount "${key}" that is not a decimal string`);
  return BigInt(value);
}
