// The app's delivery client in Chromium, without a chain: downloadModel against a delivery
// server played in the page, hashing with the Register page's real workers, saving into a
// folder of the browser's private file system (as a folder picker gives one) or as browser
// downloads. The same flow against a real `modelmint serve` on the node is
// tests/chain/download.test.ts.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appUrl, launchChromium, newContext } from '../support/browser';
import type { DeliveryRun } from './pages/delivery-page';

let browser: Browser;
let page: Page;
let root: string;

beforeAll(async () => {
  browser = await launchChromium();
  const context = await newContext(browser);
  page = await context.newPage();
  await page.goto(appUrl({ page: 'delivery' }));
  await page.waitForFunction(() => window.deliveryTest !== undefined);
  root = await page.evaluate(() => window.deliveryTest.expectedRoot());
});

afterAll(async () => {
  await browser?.close();
});

const run = (options: Parameters<Window['deliveryTest']['run']>[0]): Promise<DeliveryRun> => page.evaluate((o) => window.deliveryTest.run(o), options);

describe('a download in Chromium', () => {
  it('verifies every file in the hashing workers, then moves them out of the partial folder', async () => {
    const done = await run({ save: 'folder', folder: 'verified' });
    expect(done.error).toBe('');
    expect(done.root).toBe(root);
    expect(done.phases).toEqual(['signing-in', 'downloading', 'verifying', 'saving']);
    expect(done.folder).toEqual({ 'config.json': 10, 'shards/model 1.safetensors': 3 << 20 });
    expect(done.folders).toEqual(['shards']);
    expect(done.savedTo).toBe('the folder verified');
  });

  it('keeps nothing, final or partial, when a file has one wrong byte', async () => {
    const refused = await run({ save: 'folder', folder: 'corrupt', corrupt: true });
    expect(refused.ok).toBe(false);
    expect(refused.error).toMatch(/^The server sent shards\/model 1\.safetensors with the sha256 [0-9a-f]{64}, not the manifest's [0-9a-f]{64}: nothing of the model was saved\.$/);
    expect(refused.phases).not.toContain('saving');
    expect(refused.folder).toEqual({});
    expect(refused.folders).toEqual([]);
  });

  it('saves the verified files as browser downloads where no folder can be picked', async () => {
    const downloads: Record<string, string> = {};
    const arrived: Promise<void>[] = [];
    page.on('download', (download) =>
      arrived.push(
        download.path().then((path) => {
          downloads[download.suggestedFilename()] = createHash('sha256').update(readFileSync(path)).digest('hex');
        }),
      ),
    );
    const done = await run({ save: 'downloads', folder: 'unused' });
    expect(done.error).toBe('');
    await expect.poll(() => arrived.length, { timeout: 30_000 }).toBe(2);
    await Promise.all(arrived);
    expect(Object.keys(downloads).sort()).toEqual(['config.json', 'shards__model 1.safetensors']);
    expect(downloads['config.json']).toBe(createHash('sha256').update('{"dim":4}\n').digest('hex'));
  });
});
