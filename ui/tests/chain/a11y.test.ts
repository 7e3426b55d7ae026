// Accessibility with a chain, on the node scripts/ui-test.sh prepared: every page, connected
// and signed in with the test wallet, at a desktop and a phone size, checked by axe-core
// (WCAG 2.1 A and AA), with a screenshot of each, whatever the chain holds (the suites share
// one chain: after the scenario, the pages list its models, offers and licenses).
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, SIZES } from '../support/a11y';
import { connectWithTestWallet, launchChromium, openApp, screenshot } from '../support/browser';
import { ROUTE_PATHS } from '../support/routes';

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

describe('every page on a chain, at desktop and phone sizes', () => {
  for (const [size, viewport] of Object.entries(SIZES)) {
    it(`has no axe-core violation (${size})`, async () => {
      const { context, page } = await openApp(browser);
      await page.setViewportSize(viewport);
      await connectWithTestWallet(page);
      const found: string[] = [];
      for (const path of [...ROUTE_PATHS, 'model/1']) {
        await page.evaluate((hash) => (window.location.hash = hash), `#/${path}`);
        await page.getByTestId(`page-${path.split('/')[0]}`).waitFor();
        // Let the page's reads land (they follow the best block).
        await page.waitForFunction(() => !/Loading/.test(document.querySelector('main')?.textContent ?? ''), undefined, { timeout: 30_000 }).catch(() => undefined);
        found.push(...(await axeViolations(page)).map((v) => `${path}: ${v}`));
        // Nothing wider than the screen: a page scrolls down, never sideways.
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        if (overflow > 0) found.push(`${path}: ${overflow} px wider than the window`);
        await screenshot(page, `chain-${size}-${path.replace('/', '-')}`);
      }
      await context.close();
      expect(found).toEqual([]);
    });
  }
});
