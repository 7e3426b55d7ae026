// Register without a node and without a wallet: a publisher hashes a folder (the real folder
// picker), checks the list of files, and exports the manifest, byte for byte the one
// `modelmint-hash` wrote for the same folder (tests/fixtures/cli-model.json). Only the
// registration itself says it needs the chain. What was typed survives a reload.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UI_ROOT } from '../support/app-server';
import { appUrl, launchChromium, newContext, screenshot } from '../support/browser';
import { removeTempFolders, tempFolder, writeModel } from '../support/model-dir';
import { CLI_MODEL, CLI_MODEL_FOLDER } from '../support/models';

const CLI_JSON = readFileSync(join(UI_ROOT, 'tests', 'fixtures', 'cli-model.json'), 'utf8');
const CLI_ROOT = (JSON.parse(CLI_JSON) as { root: string }).root;

let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await launchChromium();
  // No test wallet, and a network this build has no deployment for: no chain at all.
  const context = await newContext(browser);
  page = await context.newPage();
});

afterAll(async () => {
  await browser?.close();
  removeTempFolders();
});

describe('Register with no node and no wallet', () => {
  it('hashes a folder, lists its files and exports the manifest the command line writes', async () => {
    await page.goto(appUrl({ network: 'no-chain-here', hash: '/register' }));
    await page.getByTestId('page-register').waitFor();
    await page.getByTestId('register-offline').waitFor({ timeout: 30_000 });

    const dir = writeModel(tempFolder(CLI_MODEL_FOLDER), CLI_MODEL);
    await page.getByTestId('register-folder-input').setInputFiles(dir);
    const manifest = page.getByTestId('manifest');
    await manifest.waitFor({ timeout: 60_000 });
    expect(await manifest.getAttribute('data-root')).toBe(CLI_ROOT);
    expect(await manifest.getAttribute('data-files')).toBe(String(CLI_MODEL.length));
    // Every file is listed by its path.
    const paths = await page.getByTestId('manifest-files').locator('tbody tr td:first-child').allTextContents();
    expect(paths.sort()).toEqual(CLI_MODEL.map((f) => f.path).sort());

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('register-export').click()]);
    const exported = readFileSync(await download.path(), 'utf8');
    expect(exported).toBe(CLI_JSON);
    expect(download.suggestedFilename()).toBe(`manifest-${CLI_ROOT.slice(0, 12)}.json`);

    // The commands the hints name are the ones users run (`modelmint hash` does not exist),
    // with no build step: that is a developer's hint, on Connect.
    const hint = await page.getByTestId('register-manifest-hint').innerText();
    expect(hint).toContain('modelmint-hash --manifest-json manifest.json path/to/model');
    expect(hint).toContain('modelmint register path/to/model');
    expect(await page.locator('main').innerText()).not.toMatch(/cargo |scripts\/|modelmint hash/);

    // The one part that needs the chain says so, in words.
    const offline = await page.getByTestId('register-offline').innerText();
    expect(offline).toContain('Registering needs a connection to the chain');
    await expect(page.getByTestId('register-submit').count()).resolves.toBe(0);
    await screenshot(page, 'register-offline');
  });

  it('keeps the manifest and what was typed across a reload', async () => {
    await page.getByTestId('register-name').fill('offline model');
    await page.getByTestId('register-version').fill('0.1');
    await page.reload();
    await page.getByTestId('register-resumed').waitFor();
    await expect(page.getByTestId('register-name').inputValue()).resolves.toBe('offline model');
    await expect(page.getByTestId('register-version').inputValue()).resolves.toBe('0.1');
    await expect(page.getByTestId('manifest').getAttribute('data-root')).resolves.toBe(CLI_ROOT);
  });
});
