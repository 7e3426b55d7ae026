// Deployments and chains, on the node scripts/ui-test.sh prepared: the bundled deployment
// records its chain's genesis hash and the app checks it on connecting; the same deployment
// file claiming another chain (a genesis hash of its own) is refused with a sentence, and
// nothing of it is used.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UI_ROOT } from '../support/app-server';
import { appUrl, chainUnderTest, launchChromium, openApp, screenshot, serveDeployment } from '../support/browser';

const TIMEOUT = { timeout: 60_000 };

let browser: Browser;
let file: Record<string, unknown>;

beforeAll(async () => {
  const { network } = chainUnderTest();
  file = JSON.parse(readFileSync(join(UI_ROOT, '..', 'deployments', `${network}.json`), 'utf8')) as Record<string, unknown>;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

describe("a deployment is used only on its own chain", () => {
  it('the bundled deployment records the genesis hash, and Connect shows it checked', async () => {
    expect(file.genesis_hash, 'modelmint deploy records the genesis hash').toMatch(/^0x[0-9a-f]{64}$/);
    const { page } = await openApp(browser);
    const { network, url } = chainUnderTest();
    await page.goto(appUrl({ network, url, hash: '/connect' }));
    await page.getByTestId('connection-state').and(page.locator('[data-status="connected"]')).waitFor(TIMEOUT);
    const genesis = page.getByTestId('deployment-genesis');
    await expect(genesis.getAttribute('data-checked')).resolves.toBe('yes');
    await expect(genesis.innerText()).resolves.toBe(file.genesis_hash);
    // The picker lists the bundled deployment by name and chain.
    const options = await page.getByTestId('settings-network').locator('option').allInnerTexts();
    expect(options.some((o) => o.startsWith(`${network}: `) && o.includes(String(file.genesis_hash).slice(0, 10)))).toBe(true);
  });

  it('the same file claiming another chain is refused with a sentence', async () => {
    const other = `0x${'11'.repeat(32)}`;
    const { context, page } = await openApp(browser);
    const { url } = chainUnderTest();
    const deployment = await serveDeployment(context, 'other-chain', { ...file, network: 'other-chain', genesis_hash: other });
    await page.goto(appUrl({ deployment, url, hash: '/connect' }));
    await page.getByTestId('connection-state').and(page.locator('[data-status="error"]')).waitFor(TIMEOUT);
    const problem = await page.getByTestId('connection-problem').innerText();
    expect(problem).toContain(`The deployment "other-chain" was made on another chain than the one at ${url}`);
    expect(problem).toContain('0x1111111111');
    // Nothing of it is used: no contract table, and pages that need the chain say why.
    await expect(page.getByTestId('deployment').count()).resolves.toBe(0);
    await screenshot(page, 'connect-other-chain');
  });
});
