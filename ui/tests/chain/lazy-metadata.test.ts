// The contracts' metadata is loaded per page, not at connect: each contract's is a chunk of
// its own (dist/assets/metadata-<contract>-<hash>.js, vite.config.ts), fetched the first time
// a page needs that contract. Connecting loads the market's alone (connect() asks it for its
// desk); a page that reads the registry loads the registry's; the gateway's is not loaded by
// any page.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectWithTestWallet, launchChromium, openApp } from '../support/browser';

let browser: Browser;
let page: Page;
const loaded: string[] = [];

beforeAll(async () => {
  browser = await launchChromium();
  ({ page } = await openApp(browser));
  page.on('response', (response) => {
    const name = /\/assets\/metadata-([a-z]+)-/.exec(response.url())?.[1];
    if (name && response.ok()) loaded.push(name);
  });
});

afterAll(async () => {
  await browser?.close();
});

async function go(path: string, ready: string): Promise<void> {
  await page.evaluate((hash) => (window.location.hash = hash), `#/${path}`);
  await page.getByTestId(ready).waitFor({ timeout: 60_000 });
}

describe("the contracts' metadata", () => {
  it('is not loaded with the app; connecting loads the market\'s only', async () => {
    await connectWithTestWallet(page);
    await page.getByTestId('source-state').waitFor({ timeout: 60_000 });
    expect(loaded).toEqual(['market']);
    await go('transactions', 'page-transactions');
    expect(loaded).toEqual(['market']);
  });

  it("is loaded by the first page that reads a contract: Browse loads the registry's, once", async () => {
    await go('browse', 'browse-models');
    expect(loaded).toEqual(['market', 'registry']);
    await go('models', 'page-models');
    await go('browse', 'browse-models');
    expect(loaded).toEqual(['market', 'registry']);
  });
});
