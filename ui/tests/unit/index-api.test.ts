// The index's API client (src/chain/index-api.ts): answers parsed into typed values (amounts
// as bigints), refusals and malformed answers as sentences, cursor paging, the lag against
// the chain, the search box, the revenue chart's days; and the index setting per deployment.
import { describe, expect, it } from 'vitest';
import {
  allModels,
  everyDay,
  IndexClient,
  IndexError,
  indexLag,
  indexUrlProblem,
  LAG_NOTICE_BLOCKS,
  parseModelQuery,
  type ModelPage,
  type ModelQuery,
  type RevenueDay,
} from '../../src/chain/index-api';
import { indexUrl, loadSettings, queryOverrides, savedIndex, saveSettings } from '../../src/chain/settings';

const ALICE = '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY';
const BIG = '340282366920938463463374607431768211455'; // u128::MAX: no JSON number holds it

/** A fetch that answers each path (with its query) from `routes`; anything else is a 404 as the API says it. */
function fakeFetch(routes: Record<string, { status?: number; body: unknown } | Error>, asked: string[] = []): typeof fetch {
  return (async (input: RequestInfo | URL) => {
    const url = new URL(String(input));
    const key = `${url.pathname}${url.search}`;
    asked.push(key);
    const route = routes[key];
    if (route instanceof Error) throw route;
    if (!route) return new Response(JSON.stringify({ error: `${url.pathname} is not a resource of the index API` }), { status: 404 });
    return new Response(typeof route.body === 'string' ? route.body : JSON.stringify(route.body), { status: route.status ?? 200 });
  }) as typeof fetch;
}

function model(id: number, name = `model-${id}`) {
  return {
    id,
    kind: 'model',
    root: `0x${'ab'.repeat(32)}`,
    owner: ALICE,
    name,
    version: 'v1',
    uri: 'ipfs://card',
    previous_version: null,
    status: 'active',
    frozen: false,
    epoch: 0,
    registered_block: 9,
    registered_at: 1_767_225_600_000,
  };
}

describe('the index client', () => {
  it('reads /status, and the lag is counted against the chain\'s finalized block', async () => {
    const client = new IndexClient('http://127.0.0.1:19972', fakeFetch({ '/status': { body: { head: 42, finalized: 41, indexed: 37, indexed_at: 5, lag: 4, database: 'sqlite' } } }));
    const status = await client.status();
    expect(status).toEqual({ head: 42, finalized: 41, indexed: 37, indexedAt: 5, database: 'sqlite' });
    expect(indexLag(status, 41)).toBe(4);
    // The node may have finalized more than the indexer saw last.
    expect(indexLag(status, 50)).toBe(13);
    // Level, or ahead of a node that answered late: no lag.
    expect(indexLag(status, 37)).toBe(0);
    expect(indexLag(status, 30)).toBe(0);
    // An index that has indexed nothing is behind by every block, the genesis block included.
    expect(indexLag({ indexed: null }, 0)).toBe(1);
    expect(LAG_NOTICE_BLOCKS).toBeGreaterThan(1);
  });

  it('pages through /models with the cursor until `next` is null, keeping the search', async () => {
    const asked: string[] = [];
    const client = new IndexClient(
      'http://index.example/api/',
      fakeFetch(
        {
          '/api/models?name=mini&limit=2': { body: { models: [model(1, 'mini-a'), model(3, 'mini-b')], next: 3 } },
          '/api/models?name=mini&limit=2&after=3': { body: { models: [model(7, 'mini-c')], next: null } },
        },
        asked,
      ),
    );
    const first: ModelPage = await client.models({ name: 'mini' }, null, 2);
    expect(first.models.map((m) => [m.id, m.name])).toEqual([
      [1n, 'mini-a'],
      [3n, 'mini-b'],
    ]);
    expect(first.next).toBe(3n);
    const every = await allModels(client, { name: 'mini' }, 2);
    expect(every.map((m) => m.id)).toEqual([1n, 3n, 7n]);
    // Under a sub-path, every request stays under it.
    expect(asked).toEqual(['/api/models?name=mini&limit=2', '/api/models?name=mini&limit=2', '/api/models?name=mini&limit=2&after=3']);
  });

  it('refuses a cursor that does not move forward instead of paging forever', async () => {
    const pages = { models: async (_q: ModelQuery, after: bigint | null): Promise<ModelPage> => ({ models: [], next: after ?? 5n }) };
    await expect(allModels(pages, {})).rejects.toThrow('a cursor that does not move forward (5 after 5)');
  });

  it('reads amounts as exact bigints, and a model\'s sales total from its sales', async () => {
    const client = new IndexClient(
      'http://i',
      fakeFetch({
        '/models/2/sales': {
          body: {
            model: 2,
            sales: [
              { block: 12, license: 2, offer: 1, holder: ALICE, renewal: false, price: BIG, expires_at: null, at: 1 },
              { block: 13, license: 2, offer: 1, holder: ALICE, renewal: true, price: '5', expires_at: 9, at: 2 },
            ],
            revenue: '7',
          },
        },
        '/models/2/revenue': {
          body: { model: 2, days: [{ day: '2026-01-02', sales: 2, sales_amount: '10', deposits_amount: '1', total: '11' }], total: '11' },
        },
        [`/accounts/${ALICE}/payouts`]: { body: { account: ALICE, payouts: [{ block: 15, amount: '9500', at: 3 }], total: '9500' } },
        [`/accounts/${ALICE}/splits`]: { body: [{ model: 2, account: ALICE, share: 500000, accepted: false }] },
        [`/accounts/${ALICE}/licenses`]: {
          body: [{ id: 2, model: 2, offer: 1, holder: ALICE, expires_at: null, epoch: 0, voided: true, released: false, transfer_to: null, sold_block: 12, sold_at: 4 }],
        },
      }),
    );
    const sales = await client.sales(2n);
    expect(sales.sales.map((s) => [s.price, s.renewal])).toEqual([
      [BigInt(BIG), false],
      [5n, true],
    ]);
    expect(sales.salesTotal).toBe(BigInt(BIG) + 5n);
    expect(sales.revenue).toBe(7n);
    expect(await client.revenue(2n)).toEqual({
      days: [{ day: '2026-01-02', sales: 2, salesAmount: 10n, depositsAmount: 1n, total: 11n }],
      total: 11n,
    });
    expect(await client.payouts(ALICE)).toEqual({ payouts: [{ block: 15, amount: 9500n, at: 3 }], total: 9500n });
    expect(await client.splits(ALICE)).toEqual([{ model: 2n, share: 500000, accepted: false }]);
    const [license] = await client.licenses(ALICE);
    expect([license.id, license.voided, license.expiresAt, license.soldBlock]).toEqual([2n, true, null, 12]);
  });

  it('says why an answer cannot be used: down, refused, or not an index', async () => {
    const down = new IndexClient('http://127.0.0.1:1', fakeFetch({ '/status': new TypeError('Failed to fetch') }));
    const error = await down.status().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IndexError);
    expect((error as IndexError).unreachable).toBe(true);
    expect((error as IndexError).message).toBe('The index at http://127.0.0.1:1/ does not answer (Failed to fetch).');

    const refusing = new IndexClient('http://i', fakeFetch({ '/models/9/sales': { status: 400, body: { error: 'the index knows no model 9' } } }));
    const refusal = (await refusing.sales(9n).catch((e: unknown) => e)) as IndexError;
    expect([refusal.message, refusal.unreachable]).toEqual(['The index refused /models/9/sales: the index knows no model 9.', false]);

    const html = new IndexClient('http://i', fakeFetch({ '/status': { body: '<html>' } }));
    await expect(html.status()).rejects.toThrow('answered /status with something other than JSON (HTTP 200): is it a ModelMint index?');

    const wrong = new IndexClient('http://i', fakeFetch({ '/models/2/sales': { body: { model: 2, sales: [{ block: 1, license: 1, renewal: false, holder: null, price: 5, at: 1 }], revenue: '5' } } }));
    await expect(wrong.sales(2n)).rejects.toThrow('The index answered with an amount "price" that is not a decimal string: it is not an index of this version of ModelMint.');
  });
});

describe('the search box', () => {
  const isAccount = (text: string) => text === ALICE;
  it('reads a content root, an owner, or else a part of the name', () => {
    expect(parseModelQuery('  ', isAccount)).toEqual({});
    expect(parseModelQuery(`0x${'AB'.repeat(32)}`, isAccount)).toEqual({ root: `0x${'ab'.repeat(32)}` });
    expect(parseModelQuery(` ${ALICE} `, isAccount)).toEqual({ owner: ALICE });
    expect(parseModelQuery('MiniLM', isAccount)).toEqual({ name: 'MiniLM' });
    // Too short for a root: a name.
    expect(parseModelQuery('0xab', isAccount)).toEqual({ name: '0xab' });
  });
});

describe('the revenue chart', () => {
  const day = (d: string, total: bigint): RevenueDay => ({ day: d, sales: 1, salesAmount: total, depositsAmount: 0n, total });
  it('has a bar for every day from the first sale to the last, across a month\'s end', () => {
    const days = everyDay([day('2026-03-02', 5n), day('2026-02-27', 10n)]);
    expect(days.map((d) => [d.day, d.total])).toEqual([
      ['2026-02-27', 10n],
      ['2026-02-28', 0n],
      ['2026-03-01', 0n],
      ['2026-03-02', 5n],
    ]);
    expect(everyDay([])).toEqual([]);
  });
});

describe('the index setting', () => {
  const storage = (entries: Record<string, string>) => {
    const map = new Map(Object.entries(entries));
    return { getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v), removeItem: (k: string) => void map.delete(k), map };
  };

  it('is kept per deployment, and the address can choose one for a page', () => {
    const s = storage({});
    saveSettings({ network: 'demo', deployment: '', url: '', index: 'http://127.0.0.1:19972' }, s);
    expect(s.map.get('modelmint.index.demo')).toBe('http://127.0.0.1:19972');
    expect(loadSettings('', s).index).toBe('http://127.0.0.1:19972');
    // Another deployment has its own (none saved).
    expect(loadSettings('?network=other', s).index).toBe('');
    expect(savedIndex({ network: 'demo', deployment: '' }, s)).toBe('http://127.0.0.1:19972');
    expect(loadSettings('?index=https://index.example/', s).index).toBe('https://index.example/');
    expect(queryOverrides('?index=none')).toEqual({ network: false, url: false, index: true });
    // Not an http(s) URL: ignored.
    expect(loadSettings('?index=javascript:alert(1)', s).index).toBe('');
    saveSettings({ network: 'demo', deployment: '', url: '', index: '' }, s);
    expect(s.map.has('modelmint.index.demo')).toBe(false);
  });

  it("defaults to the deployment's index; `none` turns any off", () => {
    expect(indexUrl({ index: '' }, 'https://index.example/')).toBe('https://index.example/');
    expect(indexUrl({ index: 'http://mine:1' }, 'https://index.example/')).toBe('http://mine:1');
    expect(indexUrl({ index: 'none' }, 'https://index.example/')).toBeUndefined();
    expect(indexUrl({ index: '' }, undefined)).toBeUndefined();
    expect(indexUrlProblem('ws://127.0.0.1:9944')).toBe('An index is read over https:// (or http://), not ws://.');
    expect(indexUrlProblem('index')).toMatch(/is not a URL/);
  });
});
