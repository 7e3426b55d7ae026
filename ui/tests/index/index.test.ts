// The web app against an index (`modelmint index --serve`) of the chain under test, after the
// demo scenario (tests/chain) ran on it: scripts/ui-test.sh starts the indexer on the node and
// sets MODELMINT_UI_INDEX_URL. The app is pointed at the index with `?index=` (the setting a
// user saves on Connect), and:
//
//   Browse searches by name through the index's API (the request is seen going there) and
//   finds the scenario's model, whose name the registry confirms; My models shows that
//   model's sales and its revenue per day as a chart, whose figures equal what the market
//   says its licenses paid, to the unit; the splits that list Dave come from the index;
//   an index that lags is said to lag; an index that does not answer leaves Browse on the
//   chain's own reads, saying so.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from '../support/a11y';
import { appUrl, chainUnderTest, indexUnderTest, launchChromium, openApp, screenshot } from '../support/browser';
import { license, licensesOf, openChain, splitOf, type Chain } from '../support/chain';
import { call, read } from '../../src/chain/tx';
import type { TestWallet } from '../support/test-wallet';

const TIMEOUT = { timeout: 60_000 };
/** The scenario's first model, Alice's (tests/chain/scenario.test.ts). */
const MODEL_NAME = 'alice-base';

let browser: Browser;
let chain: Chain;
let index: string;

beforeAll(async () => {
  chainUnderTest();
  index = indexUnderTest();
  chain = await openChain();
  browser = await launchChromium();
  await indexLevelWithChain();
});

afterAll(async () => {
  await browser?.close();
  await chain?.client.disconnect();
});

/** The chain's finalized block number, asked of the node. */
async function finalized(): Promise<number> {
  const header = await chain.client.rpc.chain_getHeader(await chain.client.rpc.chain_getFinalizedHead());
  if (!header) throw new Error('the node has no header for its finalized block');
  return header.number;
}

/** Waits until the index has indexed the chain's finalized block (it backfills the scenario at start). */
async function indexLevelWithChain(): Promise<void> {
  const target = await finalized();
  const deadline = Date.now() + 120_000;
  for (;;) {
    const status = (await fetch(new URL('status', index)).then((r) => r.json())) as { indexed: number | null };
    if (status.indexed !== null && status.indexed >= target) return;
    if (Date.now() > deadline) throw new Error(`the index at ${index} holds block ${status.indexed} after 120 s; the chain finalized ${target}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** A fresh profile on Connect with the index set for the page, signed in as `account`. */
async function openWithIndex(account: string, indexUrl = index): Promise<{ context: BrowserContext; page: Page; wallet: TestWallet }> {
  const opened = await openApp(browser);
  const { network, url } = chainUnderTest();
  await opened.page.goto(appUrl({ network, url, index: indexUrl, hash: '/connect' }));
  await opened.page.getByTestId('connection-state').and(opened.page.locator('[data-status="connected"]')).waitFor(TIMEOUT);
  await opened.page.getByTestId('wallet-enable-polkadot-js').click();
  await opened.page.getByTestId('account-select').selectOption(opened.wallet.account(account).address);
  return opened;
}

async function go(page: Page, path: string): Promise<void> {
  await page.evaluate((hash) => (window.location.hash = hash), `#/${path}`);
  await page.getByTestId(`page-${path.split('?')[0]}`).waitFor();
}

/** Browse's search through the index: the ids listed for `text`. */
async function search(page: Page, text: string): Promise<bigint[]> {
  await page.getByTestId('browse-search').fill(text);
  const asked = page.waitForRequest((request) => request.url().startsWith(new URL('models?', index).toString()) && new URL(request.url()).searchParams.get('name') === text);
  await page.getByTestId('browse-search-submit').click();
  await asked;
  const list = page.getByTestId('browse-models').and(page.locator('[data-source="index"]'));
  await page.waitForFunction((name) => {
    const cards = [...document.querySelectorAll('[data-testid="browse-models"] > li')];
    return cards.length > 0 && cards.every((card) => (card.getAttribute('data-name') ?? '').toLowerCase().includes(name.toLowerCase()));
  }, text, TIMEOUT);
  const ids = await list.locator(':scope > li').evaluateAll((cards) => cards.map((card) => (card.getAttribute('data-testid') ?? '').replace('browse-model-', '')));
  return ids.map(BigInt);
}

let modelId: bigint;

describe('the web app with an index', () => {
  it('Connect shows the index, level with the chain', async () => {
    const { context, page } = await openWithIndex('Alice');
    const line = page.getByTestId('index-state').and(page.locator('[data-state="ready"]'));
    await line.waitFor(TIMEOUT);
    expect(await line.innerText()).toContain(index.replace(/\/$/, ''));
    await context.close();
  });

  it('Browse finds a model by name through the index, and the registry agrees', async () => {
    const { context, page } = await openWithIndex('Alice');
    await go(page, 'browse');
    await page.getByTestId('browse-models').and(page.locator('[data-source="index"]')).waitFor(TIMEOUT);
    const ids = await search(page, MODEL_NAME);
    expect(ids).toHaveLength(1);
    [modelId] = ids;
    const model = await read(chain, chain.contracts.registry.address, call(chain.contracts.registry, 'model', [modelId]));
    expect(model?.name).toBe(MODEL_NAME);
    // Found through the index, bought on the chain: the card lists the offers that sell now.
    await page.getByTestId(`browse-model-${modelId}`).waitFor(TIMEOUT);
    // A name that matches nothing.
    await page.getByTestId('browse-search').fill('no-such-model');
    await page.getByTestId('browse-search-submit').click();
    await page.getByTestId('browse-empty').waitFor(TIMEOUT);
    await screenshot(page, 'index-browse-search');
    await context.close();
  });

  it("My models shows the model's sales and a revenue chart whose figures equal what its licenses paid on chain", async () => {
    expect(modelId).toBeDefined();
    // What the market says every license of the model paid (sales and renewals), holder by holder.
    const { context, page, wallet } = await openWithIndex('Alice');
    let paid = 0n;
    let licenses = 0;
    for (const name of ['Alice', 'Bob', 'Charlie', 'Dave']) {
      for (const id of await licensesOf(chain, modelId, wallet.account(name).address)) {
        paid += (await license(chain, id))?.totalPaid ?? 0n;
        licenses += 1;
      }
    }
    expect(licenses).toBeGreaterThan(0);
    expect(paid).toBeGreaterThan(0n);

    await go(page, 'models');
    const t = `model-${modelId}`;
    const sales = page.getByTestId(`${t}-sales`);
    await sales.waitFor(TIMEOUT);
    expect(BigInt((await sales.getAttribute('data-units')) as string)).toBe(paid);
    expect(BigInt((await page.getByTestId(`${t}-sales-total`).getAttribute('data-units')) as string)).toBe(paid);
    const bars = page.getByTestId(`${t}-revenue-bar`);
    await bars.first().waitFor(TIMEOUT);
    const figures = await bars.evaluateAll((rects) =>
      rects.map((r) => ({ day: r.getAttribute('data-day'), sales: Number(r.getAttribute('data-sales')), salesUnits: r.getAttribute('data-sales-units'), height: Number(r.getAttribute('height')) })),
    );
    // The bars add up to what the licenses paid, to the unit, and count every sale and renewal.
    expect(figures.reduce((sum, f) => sum + BigInt(f.salesUnits as string), 0n)).toBe(paid);
    expect(figures.reduce((sum, f) => sum + f.sales, 0)).toBe(Number(await sales.getAttribute('data-count')));
    expect(figures.reduce((sum, f) => sum + f.sales, 0)).toBeGreaterThanOrEqual(licenses);
    // A day that earned something has a visible bar.
    for (const f of figures) if (BigInt(f.salesUnits as string) > 0n) expect(f.height).toBeGreaterThan(0);
    await page.getByTestId(`${t}-revenue`).scrollIntoViewIfNeeded();
    await screenshot(page, 'index-revenue-chart');
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });

  it('the splits that list Dave come from the index, with what the market says of each', async () => {
    const { context, page, wallet } = await openWithIndex('Dave');
    const asked = page.waitForRequest((request) => request.url() === new URL(`accounts/${wallet.account('Dave').address}/splits`, index).toString(), TIMEOUT);
    await go(page, 'models');
    await asked;
    // The scenario's derivative splits 70/30 with Dave, who accepted.
    const invitations = page.locator('[data-testid^="invitation-"]');
    await invitations.first().waitFor(TIMEOUT);
    const listed = await invitations.evaluateAll((cards) => cards.map((c) => [(c.getAttribute('data-testid') ?? '').replace('invitation-', ''), c.getAttribute('data-accepted')]));
    expect(listed.length).toBeGreaterThan(0);
    for (const [id] of listed) {
      const split = await splitOf(chain, BigInt(id as string));
      expect(split?.some((r) => r.account.address(42) === wallet.account('Dave').address)).toBe(true);
    }
    await context.close();
  });

  it('an index that lags is said to lag, by how many blocks', async () => {
    const { context, page } = await openWithIndex('Alice');
    // The index's status as if it were 10 blocks behind the chain's finalized block.
    const behind = (await finalized()) - 10;
    await context.route(new URL('status', index).toString(), async (route) => {
      const answer = (await (await route.fetch()).json()) as Record<string, unknown>;
      await route.fulfill({ json: { ...answer, indexed: behind } });
    });
    await go(page, 'browse');
    const notice = page.getByTestId('index-notice').and(page.locator('[data-state="lagging"]'));
    await notice.waitFor(TIMEOUT);
    expect(Number(await notice.getAttribute('data-lag'))).toBeGreaterThanOrEqual(10);
    expect(await notice.innerText()).toContain('blocks behind the chain');
    await screenshot(page, 'index-lagging');
    await context.close();
  });

  it("an index that does not answer leaves Browse on the chain's reads, saying so", async () => {
    const { context, page } = await openWithIndex('Alice');
    await context.route(`${new URL(index).origin}/**`, (route) => route.abort('connectionrefused'));
    await go(page, 'browse');
    await page.getByTestId('index-notice').and(page.locator('[data-state="unreachable"]')).waitFor(TIMEOUT);
    const list = page.getByTestId('browse-models').and(page.locator('[data-source="chain"]'));
    await list.waitFor(TIMEOUT);
    await page.getByTestId(`browse-model-${modelId}`).waitFor(TIMEOUT);
    await screenshot(page, 'index-unreachable');
    await context.close();
  });
});
