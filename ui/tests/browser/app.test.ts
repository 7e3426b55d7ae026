// The app without a chain: it loads with the test wallet, lists the wallet's accounts, and
// says in words that the node is down.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/app-server';
import { appUrl, launchChromium, openApp, screenshot, serveDeployment } from '../support/browser';
import type { TestWallet } from '../support/test-wallet';

const NETWORK = 'offline';

let browser: Browser;
let context: BrowserContext;
let page: Page;
let wallet: TestWallet;
let nodeUrl: string;
let deploymentUrl: string;

beforeAll(async () => {
  browser = await launchChromium();
  ({ context, page, wallet } = await openApp(browser));
  // A deployment whose node is nowhere: the contract addresses are never reached.
  nodeUrl = `ws://127.0.0.1:${await freePort()}`;
  deploymentUrl = await serveDeployment(context, NETWORK, {
    network: NETWORK,
    url: nodeUrl,
    block: 1,
    timelock_ms: 0,
    commit_window: { min_blocks: 1, max_blocks: 1000 },
    dispute_deposit: '10000000000000',
    arbiter: null,
    contracts: {
      ...Object.fromEntries(
        ['registry', 'market', 'gateway'].map((name, i) => [
          name,
          { address: wallet.accounts[i].address, code_hash: `0x${String(i).repeat(64)}`, wasm_bytes: 1000 },
        ]),
      ),
      market_desk: { code_hash: `0x${'9'.repeat(64)}`, wasm_bytes: 1000 },
    },
  });
});

afterAll(async () => {
  await browser?.close();
});

describe('the app without a node', () => {
  it('loads, lists the test wallet accounts, and says the node cannot be reached', async () => {
    await page.goto(appUrl({ deployment: deploymentUrl, url: nodeUrl, hash: '/connect' }));
    await page.getByTestId('page-connect').waitFor();

    const state = page.getByTestId('connection-state');
    await state.and(page.locator('[data-status="error"]')).waitFor({ timeout: 60_000 });
    const problem = await page.getByTestId('connection-problem').innerText();
    expect(problem).toContain(`Cannot reach a node at ${nodeUrl}`);
    // A sentence, not a stringified DOM event.
    expect(problem).not.toContain('[object');
    await expect(page.getByTestId('connection-retry').isVisible()).resolves.toBe(true);
    await expect(page.getByTestId('status-line').getAttribute('data-connected')).resolves.toBe('no');

    await page.getByTestId('wallet-enable-polkadot-js').click();
    const select = page.getByTestId('account-select');
    await select.waitFor();
    const options = await select.locator('option').allInnerTexts();
    expect(options).toEqual(wallet.accounts.map((a) => `${a.name} (${a.address})`));

    await screenshot(page, 'connect-node-down');
  });

  it('says in words that a network has no deployment', async () => {
    await page.goto(appUrl({ network: 'no-such-network', hash: '/connect' }));
    await page.getByTestId('connection-state').and(page.locator('[data-status="error"]')).waitFor({ timeout: 60_000 });
    const problem = await page.getByTestId('connection-problem').innerText();
    expect(problem).toContain('This app has no deployment named "no-such-network"');
    // Words for users: no script of the repository in what the page says.
    expect(await page.locator('main').innerText()).not.toMatch(/scripts\//);
    await expect(page.getByTestId('developer-hints').innerText()).resolves.toContain('For developers');
    // Where the command line tools come from is a developer's hint, with the real package names.
    await page.getByTestId('developer-hints').locator('summary').click();
    await expect(page.getByTestId('developer-hints').innerText()).resolves.toContain('cargo build --release -p modelmint-cli -p modelmint-hash');
    await screenshot(page, 'connect-no-deployment');
  });

  it('keeps the transaction list across a reload, and marks what was still pending as unknown', async () => {
    // What the list holds when the page goes away: one transaction in a block, one sent and
    // waiting for its block, one waiting for the wallet.
    const stored = [
      { id: 1, label: 'market: buy', account: wallet.accounts[1].address, state: 'in-block', at: 1_800_000_000_000, block: 12, blockHash: '0xbb', txHash: `0x${'a'.repeat(64)}` },
      { id: 2, label: 'market: renew', account: wallet.accounts[1].address, state: 'submitted', at: 1_800_000_001_000, txHash: `0x${'c'.repeat(64)}` },
      { id: 3, label: 'registry: commit', account: wallet.accounts[0].address, state: 'signing', at: 1_800_000_002_000 },
    ];
    await page.goto(appUrl({ deployment: deploymentUrl, url: nodeUrl, hash: '/transactions' }));
    await page.getByTestId('page-transactions').waitFor();
    await page.evaluate(
      ([key, value]) => localStorage.setItem(key, value),
      [`modelmint.txs.url:${deploymentUrl}`, JSON.stringify(stored)] as const,
    );
    await page.reload();
    const list = page.getByTestId('txs-list');
    await list.waitFor();
    await expect(list.getAttribute('data-count')).resolves.toBe('3');
    await expect(page.getByTestId('tx-1').getAttribute('data-state')).resolves.toBe('in-block');
    await expect(page.getByTestId('tx-2').getAttribute('data-state')).resolves.toBe('unknown');
    await expect(page.getByTestId('tx-3').getAttribute('data-state')).resolves.toBe('unknown');
    expect(await page.getByTestId('tx-2').innerText()).toContain('status unknown after reload: it was sent');
    await expect(page.getByTestId('tx-2-hash').innerText()).resolves.toBe(`0x${'c'.repeat(64)}`);
    expect(await page.getByTestId('tx-3').innerText()).toContain('most likely never sent');
    // An explorer that finds transactions by hash links the one whose block is unknown.
    await page.getByTestId('explorer-template').fill('https://explorer.invalid/tx/{txHash}');
    await page.getByTestId('explorer-save').click();
    await expect(page.getByTestId('tx-2-explorer').getAttribute('href')).resolves.toBe(`https://explorer.invalid/tx/0x${'c'.repeat(64)}`);
    await expect(page.getByTestId('tx-3-explorer').count()).resolves.toBe(0);
    // Reading the list does not rewrite it: the next load restores the same.
    const kept = await page.evaluate((key) => JSON.parse(localStorage.getItem(key) ?? '[]') as { state: string }[], `modelmint.txs.url:${deploymentUrl}`);
    expect(kept.map((tx) => tx.state)).toEqual(['in-block', 'submitted', 'signing']);
    await screenshot(page, 'transactions-after-reload');
  });
});
