// Download through the web app from a real `modelmint serve` (issue 31, item 5), in Chromium,
// on the node and deployment scripts/ui-test.sh prepared:
//
//   Alice registers a small model (the command line) whose card, on a CORS-open host, lists
//   the server in "delivery"; she offers research licenses and Bob buys one. `modelmint serve`
//   serves the model's folder on loopback, allowing the app's origin (--allow-origin).
//   - Bob, on My licenses, clicks Download: the test wallet signs the challenge (signRaw), the
//     files stream into a folder (the folder picker answered with a folder of the browser's
//     private file system), are verified by the Register workers and moved to their final
//     names; they are byte for byte the model's, and no partial folder is left.
//   - Bob, on the model page, in a browser without a folder picker, types the server's address:
//     the verified files arrive as browser downloads, byte for byte the model's.
//   - Dave, who holds no license, clicks Download on the model page: the server's 403 sentence
//     is shown, and nothing is saved.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { chainUnderTest, connectWithTestWallet, launchChromium, openApp, screenshot } from '../support/browser';
import { ephemeralPort, modelmint, serve, serveCard, type Serving } from '../support/delivery';
import { removeTempFolders, tempFolder, writeModel } from '../support/model-dir';

const PRICE = '1000000000000';
const TIMEOUT = { timeout: 120_000 };
const LEGAL_SHA256 = createHash('sha256').update('ModelMint delivery test license\n').digest('hex');

/** The model: a config and 3 MiB of weights in a subfolder, as a publisher's folder. */
const FILES = [
  { path: 'config.json', contents: new TextEncoder().encode('{"architectures": ["TinyModel"]}\n') },
  { path: 'shards/model 00001.safetensors', contents: Uint8Array.from({ length: 3 << 20 }, (_, i) => (i * 131 + (i >> 12)) % 251) },
];
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

let browser: Browser;
let server: Serving;
let card: { url: string; close(): Promise<void> };
let model: bigint;
let license: bigint;
let root: string;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  chainUnderTest(); // fails with the variables' names when unset
  const dir = writeModel(tempFolder('tiny-download'), FILES);
  const [servePort, cardPort] = [await ephemeralPort(), await ephemeralPort()];
  const origin = new URL(inject('appBase')).origin;
  card = await serveCard(cardPort, { name: 'tiny-download', delivery: [`http://127.0.0.1:${servePort}`] });
  const registered = await modelmint('//Alice', ['register', dir, '--name', 'tiny-download', '--version', 'v1', '--uri', card.url]);
  model = BigInt(registered.model as number);
  root = String(registered.root);
  if (!/^0x[0-9a-f]{64}$/.test(root)) throw new Error(`modelmint register answered no root: ${JSON.stringify(registered)}`);
  const offered = await modelmint('//Alice', [
    'offer', 'create', model.toString(), '--price', PRICE, '--days', '30', '--uses', 'research',
    '--legal-uri', 'ipfs://legal/delivery-test.md', '--legal-sha256', LEGAL_SHA256,
  ]);
  const bought = await modelmint('//Bob', ['license', 'buy', String(offered.offer), '--max-price', PRICE]);
  license = BigInt(bought.license as number);
  server = await serve(model, dir, servePort, origin, join(tempFolder('serve-log'), 'access.jsonl'));
  browser = await launchChromium();
});

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  server?.stop();
  await card?.close();
  removeTempFolders();
});

/** A page connected to the chain, signing as `account`; `folderPicker` answers showDirectoryPicker with a private folder. */
async function pageOf(account: 'Bob' | 'Dave', folderPicker: boolean): Promise<Page> {
  const { context, page, wallet } = await openApp(browser);
  contexts.push(context);
  await context.addInitScript((picker) => {
    const value = picker
      ? async () => (await navigator.storage.getDirectory()).getDirectoryHandle('picked', { create: true })
      : undefined;
    Object.defineProperty(window, 'showDirectoryPicker', { value, configurable: true });
  }, folderPicker);
  await connectWithTestWallet(page);
  const address = wallet.account(account).address;
  await page.getByTestId('account-select').selectOption(address);
  await page.getByTestId('account-address').and(page.locator(`[data-address="${address}"]`)).waitFor(TIMEOUT);
  return page;
}

async function go(page: Page, hash: string, ready: string): Promise<void> {
  await page.evaluate((h) => (window.location.hash = h), hash);
  await page.getByTestId(ready).waitFor(TIMEOUT);
}

/** Waits for the download `testid` to end; returns its outcome element's test id. */
async function outcome(page: Page, testid: string): Promise<'done' | 'error'> {
  const done = page.getByTestId(`${testid}-done`);
  await done.or(page.getByTestId(`${testid}-error`)).waitFor(TIMEOUT);
  return (await done.isVisible()) ? 'done' : 'error';
}

/** The files in the private folder "picked": path -> sha256, read in the page. */
function pickedFolder(page: Page): Promise<Record<string, string>> {
  return page.evaluate(async () => {
    const found: Record<string, string> = {};
    const walk = async (dir: FileSystemDirectoryHandle, prefix: string): Promise<void> => {
      for await (const [name, handle] of (dir as unknown as { entries(): AsyncIterable<[string, FileSystemHandle]> }).entries()) {
        if (handle.kind === 'directory') await walk(handle as FileSystemDirectoryHandle, `${prefix}${name}/`);
        else {
          const bytes = await (await (handle as FileSystemFileHandle).getFile()).arrayBuffer();
          const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
          found[`${prefix}${name}`] = Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
        }
      }
    };
    await walk(await (await navigator.storage.getDirectory()).getDirectoryHandle('picked'), '');
    return found;
  });
}

const expected = Object.fromEntries(FILES.map((f) => [f.path, sha256(f.contents)]));

describe('Download from a modelmint serve', () => {
  it("gives Bob's license a Download that saves the verified files into the chosen folder", async () => {
    const page = await pageOf('Bob', true);
    await go(page, '#/licenses', `license-${license}`);
    const t = `license-${license}-download`;
    await page.getByTestId(`${t}-listed`).waitFor(TIMEOUT);
    expect(await page.getByTestId(`${t}-listed`).innerText()).toContain(server.url);
    await page.getByTestId(`${t}-start`).click();
    const ended = await outcome(page, t);
    await screenshot(page, 'download-license-verified');
    if (ended === 'error') throw new Error(await page.getByTestId(`${t}-error`).innerText());
    const done = page.getByTestId(`${t}-done`);
    expect(await done.getAttribute('data-files')).toBe('2');
    expect(`0x${await done.getAttribute('data-root')}`).toBe(root);
    expect(await pickedFolder(page)).toEqual(expected);
    // The server saw the app's origin and Bob's account, and served each file whole.
    const files = server.lines().filter((line) => line.route === 'file');
    expect(files.map((line) => [line.file, line.status, line.outcome])).toEqual(
      expect.arrayContaining([
        ['config.json', 200, 'served'],
        ['shards/model 00001.safetensors', 200, 'served'],
      ]),
    );
    expect(server.lines().some((line) => line.route === 'preflight' && line.status === 204)).toBe(true);
  });

  it('downloads from a typed server on the model page as browser downloads when there is no folder picker', async () => {
    const page = await pageOf('Bob', false);
    await go(page, `#/model/${model}`, 'model-download-start');
    await page.getByTestId('model-download-url').fill(server.url);
    const downloads: Record<string, string> = {};
    page.on('download', async (download) => {
      const path = await download.path();
      downloads[download.suggestedFilename()] = sha256(readFileSync(path));
    });
    await page.getByTestId('model-download-start').click();
    const ended = await outcome(page, 'model-download');
    if (ended === 'error') throw new Error(await page.getByTestId('model-download-error').innerText());
    await expect.poll(() => Object.keys(downloads).length, { timeout: 30_000 }).toBe(2);
    expect(downloads).toEqual({ 'config.json': expected['config.json'], 'shards__model 00001.safetensors': expected['shards/model 00001.safetensors'] });
  });

  it("shows Dave, who holds no license, the server's 403 sentence and saves nothing", async () => {
    const page = await pageOf('Dave', true);
    await go(page, `#/model/${model}`, 'model-download-start');
    await page.getByTestId('model-download-start').click();
    expect(await outcome(page, 'model-download')).toBe('error');
    const error = page.getByTestId('model-download-error');
    expect(await error.getAttribute('data-status')).toBe('403');
    expect(await error.innerText()).toMatch(new RegExp(`^The server refused \\(403\\): \\S+ holds no valid license on model ${model} \\(none, expired, voided or transferred away\\); nothing was served$`));
    await screenshot(page, 'download-refused');
    expect(await pickedFolder(page)).toEqual({});
  });
});
