// The verified-source check when the chain runs other code than the app was built for, on
// the node and deployment scripts/ui-test.sh prepared: the test stands between the page and
// the node (Playwright's WebSocket routing) and rewrites the gateway's code hash in every
// answer of the node, as a chain whose gateway was built from other source would answer.
// The Connect page names the gateway with both hashes, the status line says the contracts
// differ, and the app stays connected and usable: the check is information, never a block.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UI_ROOT } from '../support/app-server';
import { appUrl, chainUnderTest, launchChromium, openApp, screenshot } from '../support/browser';

const TIMEOUT = { timeout: 60_000 };
/** The code hash the rewritten node reports for the gateway. */
const OTHER_GATEWAY = `0x${'ab'.repeat(32)}`;

let browser: Browser;
let page: Page;
let built: { commit: string; dirty: boolean; code_hashes: Record<string, string> };
let rewritten = 0;

beforeAll(async () => {
  const { network, url } = chainUnderTest();
  built = JSON.parse(readFileSync(join(UI_ROOT, 'src', 'contracts', 'build-info.json'), 'utf8'));
  const gateway = built.code_hashes.gateway.toLowerCase().replace(/^0x/, '');
  browser = await launchChromium();
  const app = await openApp(browser);
  page = app.page;
  const node = new URL(url);
  await app.context.routeWebSocket(
    (target) => target.host === node.host,
    (ws) => {
      const server = ws.connectToServer();
      ws.onMessage((message) => server.send(message));
      server.onMessage((message) => {
        const text = typeof message === 'string' ? message : message.toString('utf8');
        if (!text.includes(gateway)) return ws.send(message);
        rewritten += 1;
        ws.send(text.replaceAll(gateway, OTHER_GATEWAY.slice(2)));
      });
    },
  );
  await page.goto(appUrl({ network, url, hash: '/connect' }));
});

afterAll(async () => {
  await browser?.close();
});

describe('a chain whose gateway runs other code than the app was built for', () => {
  it('Connect names the gateway with both hashes, and the app stays connected', async () => {
    await page.getByTestId('connection-state').and(page.locator('[data-status="connected"]')).waitFor(TIMEOUT);
    expect(rewritten, 'the node never answered with the gateway code hash').toBeGreaterThan(0);

    const state = page.getByTestId('source-state');
    await expect(state.getAttribute('data-status')).resolves.toBe('differs');
    await expect(state.getAttribute('data-commit')).resolves.toBe(built.commit);
    await expect(page.getByTestId('source-state').locator('li').count()).resolves.toBe(1);
    const difference = page.getByTestId('source-difference-gateway');
    await expect(difference.getAttribute('data-on-chain')).resolves.toBe(OTHER_GATEWAY);
    await expect(difference.getAttribute('data-built')).resolves.toBe(built.code_hashes.gateway.toLowerCase());
    await expect(difference.innerText()).resolves.toBe(
      `The gateway on this chain runs other code than this app was built for ` +
        `(chain ${OTHER_GATEWAY.slice(0, 10)}…, app ${built.code_hashes.gateway.toLowerCase().slice(0, 10)}…).`,
    );
    const text = await state.innerText();
    expect(text).toContain('The gateway on this chain is not the code this app was built for.');
    expect(text).toContain(`This app was built from commit ${built.commit.slice(0, 12)}`);
    expect(text).not.toContain('Verified source');
    await expect(page.getByTestId('status-source').getAttribute('data-status')).resolves.toBe('differs');
    await screenshot(page, 'connect-source-differs');
  });

  it('never blocks: the wallet connects and the pages that need the chain still work', async () => {
    await page.getByTestId('wallet-enable-polkadot-js').click();
    await page.getByTestId('balance-free').waitFor(TIMEOUT);
    await page.evaluate(() => {
      window.location.hash = '#/browse';
    });
    await page.getByTestId('page-browse').waitFor();
    // The catalog read from the contracts (data-count is empty while it loads).
    await page.locator('[data-testid="browse-models"]:not([data-count=""])').waitFor(TIMEOUT);
    await expect(page.getByTestId('browse-error').count()).resolves.toBe(0);
    await expect(page.getByTestId('chain-problem').count()).resolves.toBe(0);
  });
});
