// Accessibility without a chain: every page of the app, at a desktop and a phone size,
// checked by axe-core (WCAG 2.1 A and AA rules) in Chromium, and never wider than the window,
// with a screenshot of each. The
// pages show what they show without a node (the Register page its offline part, the
// others why they need the chain); the same check with a chain runs in tests/chain.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTE_PATHS } from '../support/routes';
import { appUrl, launchChromium, openApp, screenshot } from '../support/browser';
import { axeViolations, SIZES } from '../support/a11y';

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

describe('every page without a chain, at desktop and phone sizes', () => {
  for (const [size, viewport] of Object.entries(SIZES)) {
    it(`has no axe-core violation (${size})`, async () => {
      const { context, page } = await openApp(browser);
      await page.setViewportSize(viewport);
      const found: string[] = [];
      for (const path of ROUTE_PATHS) {
        await page.goto(appUrl({ network: 'no-chain-here', hash: `/${path}` }));
        await page.getByTestId(`page-${path}`).waitFor();
        // The deployment's state has settled (the sentence is on the page).
        await page.waitForFunction(() => !document.body.innerText.includes('Loading the deployment'));
        found.push(...(await axeViolations(page)).map((v) => `${path}: ${v}`));
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        if (overflow > 0) found.push(`${path}: ${overflow} px wider than the window`);
        await screenshot(page, `a11y-${size}-${path}`);
      }
      await context.close();
      expect(found).toEqual([]);
    });
  }

  it('a phone header stays compact and the skip link reaches the page', async () => {
    const { context, page } = await openApp(browser);
    await page.setViewportSize(SIZES.phone);
    await page.goto(appUrl({ network: 'no-chain-here', hash: '/register' }));
    await page.getByTestId('page-register').waitFor();
    const header = await page.locator('header.top').boundingBox();
    expect(header?.height).toBeLessThanOrEqual(120);
    await page.keyboard.press('Tab');
    await expect(page.getByTestId('skip-link').evaluate((a) => a === document.activeElement)).resolves.toBe(true);
    await page.keyboard.press('Enter');
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('main-content');
    await expect(page.evaluate(() => window.location.hash)).resolves.toBe('#/register');
    await context.close();
  });
});
