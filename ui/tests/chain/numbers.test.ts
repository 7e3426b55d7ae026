// Numbers are refused, never wrapped, through the forms, on the node and deployment
// scripts/ui-test.sh prepared. dedot's codecs encode modulo 2^64 and 2^128: without the
// check, model id 2^64 + 1 would go out as model 1 and a price of 2^128 + 1 units as
// 1 unit. Here the user types exactly those; the page names the rule under the field,
// never shows or prices the wrapped number, makes no dry run, and the chain is unchanged.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chainUnderTest, connectWithTestWallet, launchChromium, openApp, screenshot } from '../support/browser';
import { offer, openChain, type Chain } from '../support/chain';

const TIMEOUT = { timeout: 60_000 };
const TWO_64_PLUS_1 = ((1n << 64n) + 1n).toString();
/** 2^128 + 1 units written in the dev chain's token (12 decimals). */
const TWO_128_PLUS_1_UNITS = '340282366920938463463374607.431768211457';

let browser: Browser;
let page: Page;
let chain: Chain;

beforeAll(async () => {
  chainUnderTest(); // fails with the variables' names when unset
  chain = await openChain();
  browser = await launchChromium();
  ({ page } = await openApp(browser));
  await connectWithTestWallet(page);
});

afterAll(async () => {
  await browser?.close();
  await chain?.client.disconnect();
});

async function goToOffers(): Promise<void> {
  await page.evaluate(() => {
    window.location.hash = '#/offers';
  });
  await page.getByTestId('page-offers').waitFor();
}

describe('numbers typed into the forms', () => {
  it('model id 2^64 + 1 is refused under the field, and model 1 is never shown in its place', async () => {
    await goToOffers();
    await page.getByTestId('offers-model').fill(TWO_64_PLUS_1);

    const error = page.getByTestId('offers-model-error');
    await error.waitFor(TIMEOUT);
    await expect(error.innerText()).resolves.toBe(
      `A model id is a whole number from 1 to 18446744073709551615; "${TWO_64_PLUS_1}" is too large.`,
    );
    // no offer form, no offer list: nothing for model 1 (or any model) is on the page
    await expect(page.getByTestId('offer-form').count()).resolves.toBe(0);
    await expect(page.getByTestId('offers-list').count()).resolves.toBe(0);
    await screenshot(page, 'offers-model-too-large');
  });

  it('a price of 2^128 + 1 units is refused: no dry run, nothing sent, no offer on chain', async () => {
    const before = await offer(chain, 1n);
    await page.getByTestId('offers-model').fill('1');
    await page.getByTestId('offer-form').waitFor(TIMEOUT);
    await page.getByTestId('offer-price').fill(TWO_128_PLUS_1_UNITS);
    await page.getByTestId('offer-duration').fill('30');
    await page.getByTestId('offer-use-Research').check();
    await page.getByTestId('offer-legal-uri').fill('ipfs://demo/license.md');
    await page.getByTestId('offer-legal-sha256').fill('ab'.repeat(32));

    const error = page.getByTestId('offer-price-error');
    await error.waitFor(TIMEOUT);
    await expect(error.innerText()).resolves.toMatch(
      new RegExp(`^"${TWO_128_PLUS_1_UNITS.replace('.', '\\.')}" is more than the largest amount the contracts take, .* \\(2\\^128 - 1 units\\)\\.$`),
    );
    await expect(page.getByTestId('offer-summary').count()).resolves.toBe(0);

    await page.getByTestId('offer-create-dry-run').click();
    const refusal = page.getByTestId('offer-create-input-error');
    await refusal.waitFor(TIMEOUT);
    await expect(refusal.innerText()).resolves.toContain('is more than the largest amount the contracts take');
    await expect(page.getByTestId('offer-create-preview').count()).resolves.toBe(0);
    await expect(page.getByTestId('offer-create-send').count()).resolves.toBe(0);
    await screenshot(page, 'offer-price-too-large');
    // the chain has no new offer 1 (the scenario may have made one before: it is unchanged)
    expect(await offer(chain, 1n)).toEqual(before);
  });
});
