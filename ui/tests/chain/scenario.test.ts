// The README's demo through the web app, in Chromium, signed by the test wallet, on the node
// and deployment scripts/ui-test.sh prepared (MODELMINT_UI_NETWORK, MODELMINT_UI_NODE_URL):
//
//   Connect says the contracts are the verified source (the commit the app was built from);
//   Alice registers a model from a folder (the real folder picker) and offers licenses that
//   allow derivatives at a 10 % royalty; Bob buys one (a max-price refusal and a rejected
//   signature first) and renews it; Charlie withdraws for Alice (collecting her model's
//   round); Bob registers a derivative (owing Alice's model 10 % of every sale), splits it
//   70/30 with Dave, both accept; Bob offers; Charlie buys; Alice, Bob and Dave withdraw and
//   the market owes nothing more. Then Alice pauses, opens and closes her offer, and a free
//   transferable license goes from Charlie to Dave through the escrow. Last, Alice registers a
//   dataset and a model trained on it (issue 33).
//
// Every amount the UI shows is checked against the market to the unit, read in Node
// through the app's own chain layer (tests/support/chain.ts), and every balance change is
// what the UI said it would be. Each page is saved as a screenshot.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UI_ROOT } from '../support/app-server';
import { chainUnderTest, connectWithTestWallet, launchChromium, openApp, screenshot } from '../support/browser';
import {
  freeBalance,
  isLicensed,
  license,
  licensesOf,
  obligations,
  offer,
  openChain,
  owedTo,
  ownerOf,
  parents,
  pendingOf,
  royaltyInfo,
  solvency,
  splitOf,
  type Chain,
} from '../support/chain';
import { formatBalance } from '../../src/chain/format';
import { call, read } from '../../src/chain/tx';
import { loadOwed } from '../../src/pages/market';
import { removeTempFolders, tempFolder, writeModel } from '../support/model-dir';
import type { TestWallet } from '../support/test-wallet';

const UNIT = 10n ** 12n;
const LEGAL_TEXT = 'ModelMint demo license: research and fine-tuning; derivatives owe 10 %.\n';
const LEGAL_SHA256 = createHash('sha256').update(LEGAL_TEXT).digest('hex');

let browser: Browser;
let page: Page;
let wallet: TestWallet;
let chain: Chain;
let addr: Record<'Alice' | 'Bob' | 'Charlie' | 'Dave', string>;
const TIMEOUT = { timeout: 60_000 };

// What the scenario creates, in order.
let modelA: bigint;
let offerA: bigint;
let modelB: bigint;
let offerB: bigint;

beforeAll(async () => {
  chainUnderTest(); // fails with the variables' names when unset
  chain = await openChain();
  browser = await launchChromium();
  ({ page, wallet } = await openApp(browser));
  addr = {
    Alice: wallet.account('Alice').address,
    Bob: wallet.account('Bob').address,
    Charlie: wallet.account('Charlie').address,
    Dave: wallet.account('Dave').address,
  };
  await connectWithTestWallet(page);
});

afterAll(async () => {
  await browser?.close();
  await chain?.client.disconnect();
  removeTempFolders();
});

/** Goes to a page of the app without reloading it (the connection and wallet stay). */
async function go(path: string): Promise<void> {
  await page.evaluate((hash) => {
    window.location.hash = hash;
  }, `#/${path}`);
  await page.getByTestId(`page-${path.split('?')[0]}`).waitFor();
}

/** Chooses the account that signs, on the Connect page, as a user would. */
async function signAs(name: keyof typeof addr): Promise<void> {
  await go('connect');
  await page.getByTestId('account-select').selectOption(addr[name]);
  await page.getByTestId('account-address').and(page.locator(`[data-address="${addr[name]}"]`)).waitFor(TIMEOUT);
}

async function units(testid: string): Promise<bigint> {
  const value = await page.getByTestId(testid).first().getAttribute('data-units');
  if (value === null || value === '') throw new Error(`${testid} carries no data-units`);
  return BigInt(value);
}

/** Dry-runs the TxPanel `testid` and waits for its preview (accepted or refused). */
async function dryRun(testid: string): Promise<void> {
  // A panel still showing an earlier preview or error would satisfy the wait below at once;
  // a changed input clears it (in an effect, so give it a moment). An earlier outcome stays
  // on screen until the next check (TxPanel), and goes as soon as the check starts.
  const panel = page.getByTestId(testid);
  const outcome = page.getByTestId(`${testid}-outcome`);
  await panel
    .locator('.tx-body')
    .filter({ hasNot: outcome })
    .waitFor({ state: 'detached', timeout: 5_000 })
    .catch(async () => {
      await screenshot(page, `failed-${testid}`);
      throw new Error(`${testid} still shows an earlier dry run: change its inputs first (${await panel.innerText()})`);
    });
  await page.getByTestId(`${testid}-dry-run`).click();
  await outcome.waitFor({ state: 'detached', timeout: 5_000 });
  await page.getByTestId(`${testid}-preview`).or(page.getByTestId(`${testid}-input-error`)).or(page.getByTestId(`${testid}-error`)).waitFor(TIMEOUT);
  const inputError = page.getByTestId(`${testid}-input-error`);
  if (await inputError.isVisible()) throw new Error(`${testid}: ${await inputError.innerText()}`);
}

/** Signs the previewed TxPanel `testid` and waits for its outcome; returns fee paid and deposits. */
async function send(testid: string): Promise<{ feePaid: bigint; held: bigint; released: bigint }> {
  await page.getByTestId(`${testid}-send`).click();
  await page.getByTestId(`${testid}-outcome`).or(page.getByTestId(`${testid}-error`)).waitFor(TIMEOUT);
  const error = page.getByTestId(`${testid}-error`);
  if (await error.isVisible()) throw new Error(`${testid}: ${await error.innerText()}`);
  const optional = async (id: string) => ((await page.getByTestId(id).count()) > 0 ? units(id) : 0n);
  return { feePaid: await units(`${testid}-fee-paid`), held: await optional(`${testid}-deposit-held`), released: await optional(`${testid}-deposit-released`) };
}

/**
 * Registers a model (or, with `extra.kind`, a dataset) from a folder written here, through the
 * Register page's folder picker; a parent model and a training dataset are typed as a user would.
 */
async function registerFromFolder(
  name: string,
  files: Record<string, string>,
  parent?: { model: bigint; maxRoyaltyBps: number },
  extra: { kind?: 'Dataset'; trainedOn?: { dataset: bigint; maxRoyaltyBps: number } } = {},
): Promise<bigint> {
  const dir = writeModel(
    tempFolder(name),
    Object.entries(files).map(([path, text]) => ({ path, contents: new TextEncoder().encode(text) })),
  );
  await go('register');
  await page.getByTestId('register-folder-input').setInputFiles(dir);
  await page.getByTestId('manifest').waitFor(TIMEOUT);
  expect(await page.getByTestId('manifest').getAttribute('data-files')).toBe(String(Object.keys(files).length));
  await page.getByTestId('register-kind').selectOption(extra.kind ?? 'Model');
  await page.getByTestId('register-name').fill(name);
  await page.getByTestId('register-version').fill('1.0');
  await page.getByTestId('register-uri').fill(`ipfs://demo/${name}/card.md`);
  if (parent) {
    await page.getByTestId('register-parent-add').click();
    await page.getByTestId('register-parent-model-0').fill(parent.model.toString());
    await page.getByTestId('register-parent-relation-0').selectOption('FineTune');
    await page.getByTestId('register-parent-royalty-0').fill(String(parent.maxRoyaltyBps));
  }
  if (extra.trainedOn) {
    await page.getByTestId('register-dataset-add').click();
    await page.getByTestId('register-dataset-id-0').fill(extra.trainedOn.dataset.toString());
    await page.getByTestId('register-dataset-royalty-0').fill(String(extra.trainedOn.maxRoyaltyBps));
  }
  // One action: the commit, the blocks to wait, the reveal; two signatures.
  const signed = wallet.requests.length;
  await page.getByTestId('register-submit').click();
  const done = page.getByTestId('register-done');
  const failed = ['commit-error', 'commit-input-error', 'reveal-error', 'reveal-input-error', 'register-note'].map((id) => page.getByTestId(id));
  await failed.reduce((any, one) => any.or(one), done).first().waitFor(TIMEOUT);
  await screenshot(page, `register-${name}`);
  if (!(await done.isVisible())) throw new Error(`registration: ${await page.getByTestId('register-flow').innerText()}`);
  expect(wallet.requests.length - signed).toBe(2);
  return BigInt((await done.getAttribute('data-model')) as string);
}

/** Everything `account` is owed: `owed_to` plus the rounds of its own models without a split. */
async function owedInAll(account: string): Promise<bigint> {
  return (await loadOwed(chain, account, account)).total;
}

/** Creates an offer on the Offers page; returns its id (the dry run's answer, checked on chain). */
async function createOffer(model: bigint, terms: { price: string; derivativesBps?: number; legalFile?: boolean; transferable?: boolean }): Promise<bigint> {
  await go(`offers?model=${model}`);
  await page.getByTestId('offers-model').fill(model.toString());
  await page.getByTestId('offer-price').fill(terms.price);
  await page.getByTestId('offer-duration').fill('30');
  await page.getByTestId('offer-duration-unit').selectOption('days');
  await page.getByTestId('offer-use-Research').check();
  await page.getByTestId('offer-use-FineTuning').check();
  if (terms.derivativesBps !== undefined) {
    await page.getByTestId('offer-derivatives').check();
    await page.getByTestId('offer-royalty').fill(String(terms.derivativesBps));
  }
  if (terms.transferable) await page.getByTestId('offer-transferable').check();
  await page.getByTestId('offer-legal-uri').fill('ipfs://demo/license.md');
  if (terms.legalFile) {
    // The legal text's file picked in the form: the page computes its sha256.
    const dir = writeModel(tempFolder('legal'), [{ path: 'license.md', contents: new TextEncoder().encode(LEGAL_TEXT) }]);
    await page.getByTestId('offer-legal-file').setInputFiles(`${dir}/license.md`);
    await expect.poll(() => page.getByTestId('offer-legal-sha256').inputValue(), TIMEOUT).toBe(`0x${LEGAL_SHA256}`);
  } else {
    await page.getByTestId('offer-legal-sha256').fill(LEGAL_SHA256);
  }
  await dryRun('offer-create');
  const id = BigInt(/offer (\d+)/.exec(await page.getByTestId('offer-create-output').innerText())![1]);
  await send('offer-create');
  await page.getByTestId(`offer-${id}`).waitFor(TIMEOUT);
  return id;
}

/** The "who gets what" table of a buy or renew panel, as [address, units]. */
async function payeesShown(testid: string): Promise<[string, bigint][]> {
  const table = page.getByTestId(testid);
  await table.waitFor(TIMEOUT);
  const rows = table.locator('tbody tr');
  const out: [string, bigint][] = [];
  for (let i = 0; i < (await rows.count()); i += 1) {
    const row = rows.nth(i);
    out.push([(await row.getAttribute('data-address')) as string, BigInt((await row.getAttribute('data-units')) as string)]);
  }
  return out;
}

/** Opens the buy panel of `offerId` on the Browse page and sets the maximum price. */
async function openBuy(offerId: bigint, maxPrice: string): Promise<void> {
  await go('browse');
  await page.getByTestId(`browse-offer-${offerId}-buy`).click(TIMEOUT);
  await page.getByTestId('buy-form').and(page.locator(`[data-offer="${offerId}"]`)).waitFor(TIMEOUT);
  await page.getByTestId('buy-max-price').fill(maxPrice);
}

/**
 * Withdraws on the Royalties page as the connected account and checks every amount: the
 * owed amount shown is `owed_to` plus the rounds of the account's own models without a
 * split (what `withdraw(collect)` pays), the dry run says it pays that, and afterwards
 * nothing is owed and the balance moved by exactly that, less fee and deposits.
 */
async function withdrawAndCheck(name: keyof typeof addr, expected: { owedTo: bigint; rounds: [bigint, bigint][] }): Promise<bigint> {
  await signAs(name);
  await go('royalties');
  const who = addr[name];
  const owed = await loadOwed(chain, who, who);
  expect(owed.owedTo).toBe(expected.owedTo);
  expect(owed.rounds.map((r) => [r.model, r.pending])).toEqual(expected.rounds);
  expect(owed.total).toBeGreaterThan(0n);
  await page.getByTestId('royalties-owed').and(page.locator(`[data-units="${owed.total}"]`)).waitFor(TIMEOUT);
  const before = await freeBalance(chain, who);
  await dryRun('withdraw');
  expect(await page.getByTestId('withdraw-output').innerText()).toBe(`pays you ${formatBalance(owed.total, chain.units)}`);
  const { feePaid, held, released } = await send('withdraw');
  expect(await owedTo(chain, who)).toBe(0n);
  for (const [model] of expected.rounds) expect(await pendingOf(chain, model)).toBe(0n);
  await page.getByTestId('royalties-owed').and(page.locator('[data-units="0"]')).waitFor(TIMEOUT);
  expect(await freeBalance(chain, who)).toBe(before + owed.total - feePaid - held + released);
  return owed.total;
}

describe('the demo scenario through the UI', () => {
  it('Connect says the contracts on the chain are the verified source: the commit the app was built from', async () => {
    // The build record npm run gen copied next to the metadata (scripts/build.sh wrote it).
    const built = JSON.parse(readFileSync(join(UI_ROOT, 'src', 'contracts', 'build-info.json'), 'utf8')) as {
      commit: string;
      dirty: boolean;
      code_hashes: Record<string, string>;
    };
    expect(built.commit).toMatch(/^[0-9a-f]{40}$/);
    // The chain's own code hashes, read in Node through the app's chain layer.
    expect(chain.codeHashes).toEqual(built.code_hashes);
    expect(chain.source.status).toBe('verified');

    await go('connect');
    const state = page.getByTestId('source-state');
    await state.waitFor(TIMEOUT);
    await expect(state.getAttribute('data-status')).resolves.toBe('verified');
    await expect(state.getAttribute('data-commit')).resolves.toBe(built.commit);
    const text = await state.innerText();
    expect(text).toBe(`Verified source: commit ${built.commit.slice(0, 12)}${built.dirty ? ' + uncommitted changes' : ''}`);
    await expect(page.getByTestId('status-source').getAttribute('data-status')).resolves.toBe('verified');
  });

  it('Alice registers a model from a folder and offers licenses that allow derivatives at 10 %', async () => {
    await signAs('Alice');
    await screenshot(page, 'connect');
    modelA = await registerFromFolder('alice-base', { 'config.json': '{"dim":4}\n', 'weights/w.bin': 'alice weights' });
    expect((await ownerOf(chain, modelA))?.address(42)).toBe(addr.Alice);

    offerA = await createOffer(modelA, { price: '5', derivativesBps: 1000, legalFile: true });
    const onChain = await offer(chain, offerA);
    expect(onChain?.model).toBe(modelA);
    expect(onChain?.terms.price).toBe(5n * UNIT);
    expect(onChain?.terms.duration).toEqual({ type: 'Period', value: 30n * 86_400_000n });
    expect(onChain?.terms.license.derivativeRoyalty).toBe(1000);
    expect(onChain?.terms.license.uses).toBe(0b0101);
    expect(onChain?.terms.legal).toEqual({ hash: `0x${LEGAL_SHA256}`, uri: 'ipfs://demo/license.md' });
    await expect(page.getByTestId(`offer-${offerA}`).getAttribute('data-state')).resolves.toBe('Open');
    await expect(page.getByTestId(`offer-${offerA}`).getAttribute('data-sells')).resolves.toBe('yes');
    await screenshot(page, 'offers');
  });

  it('Bob is refused above his maximum price: the refusal in words, no send button', async () => {
    await signAs('Bob');
    await openBuy(offerA, '4.999999999999');
    await dryRun('buy');
    const refusal = page.getByTestId('buy-refusal');
    await expect(refusal.getAttribute('data-error')).resolves.toBe('MarketError');
    expect(await refusal.innerText()).toContain('The price, 5 UNIT, is above the maximum price you accept, 4.999999999999 UNIT.');
    expect(await page.getByTestId('buy-send').count()).toBe(0);
    await screenshot(page, 'buy-refused-max-price');
  });

  it('Bob rejects the signature in his wallet: the UI says so and nothing changed on chain', async () => {
    await page.getByTestId('buy-max-price').fill('5');
    await dryRun('buy');
    const bobBefore = await freeBalance(chain, addr.Bob);
    const roundBefore = await pendingOf(chain, modelA);
    wallet.rejectNextSignature();
    await page.getByTestId('buy-send').click();
    const error = page.getByTestId('buy-error');
    await error.waitFor(TIMEOUT);
    await expect(error.getAttribute('data-kind')).resolves.toBe('rejected');
    expect(await error.innerText()).toBe('The wallet did not sign the transaction (Cancelled); nothing was sent.');
    await screenshot(page, 'buy-rejected-signature');
    expect(await freeBalance(chain, addr.Bob)).toBe(bobBefore);
    expect(await pendingOf(chain, modelA)).toBe(roundBefore);
    expect(await licensesOf(chain, modelA, addr.Bob)).toEqual([]);
  });

  it("Bob buys after the dry run: his balance and Alice's model's round move by what the UI showed, to the unit", async () => {
    await page.getByTestId('buy-max-price').fill('5.0'); // retyped: a fresh dry run
    await dryRun('buy');
    const price = await units('buy-value');
    expect(price).toBe(5n * UNIT);
    const fee = await units('buy-fee');
    expect(fee).toBeGreaterThan(0n);
    await expect(page.getByTestId('buy-deposit').getAttribute('data-kind')).resolves.toBe('Charge');
    const deposit = await units('buy-deposit');
    expect(deposit).toBeGreaterThan(0n);
    // Who gets what: all of it to Alice (model A owes no ancestor and has no split).
    const shown = await payeesShown('buy-payees');
    expect(shown).toEqual(await royaltyInfo(chain, modelA, price));
    expect(shown).toEqual([[addr.Alice, price]]);
    await screenshot(page, 'browse-buy');

    const bobBefore = await freeBalance(chain, addr.Bob);
    const roundBefore = await pendingOf(chain, modelA);
    const { feePaid, held } = await send('buy');
    expect(held).toBe(deposit); // the storage deposit the dry run announced
    expect(feePaid).toBeGreaterThan(0n);
    expect(feePaid).toBeLessThanOrEqual(fee); // unused gas is refunded, never more
    expect(await freeBalance(chain, addr.Bob)).toBe(bobBefore - price - feePaid - held);
    // A model without a split keeps its revenue in its round until its owner's withdrawal collects it.
    expect(await pendingOf(chain, modelA)).toBe(roundBefore + shown[0][1]);
    expect(await owedTo(chain, addr.Alice)).toBe(0n);
    expect(await owedInAll(addr.Alice)).toBe(roundBefore + price);

    const bobs = await licensesOf(chain, modelA, addr.Bob);
    expect(bobs).toHaveLength(1);
    await go('licenses');
    const card = page.getByTestId(`license-${bobs[0]}`);
    await card.waitFor(TIMEOUT);
    await expect(card.getAttribute('data-valid')).resolves.toBe('yes');
    await expect(card.getAttribute('data-state')).resolves.toBe('valid');
    const onChain = await license(chain, bobs[0]);
    expect(onChain?.epoch).toBe(0);
    await expect(card.getAttribute('data-expires-at')).resolves.toBe(onChain?.expiresAt?.toString());
    expect(await units(`license-${bobs[0]}-paid`)).toBe(price);
    await page.getByTestId(`license-${bobs[0]}-manage`).click();
  });

  it('Bob renews his license (payable, with a maximum price): one more period from its expiry, the price in model A\'s round', async () => {
    const [id] = await licensesOf(chain, modelA, addr.Bob);
    const before = await license(chain, id);
    const t = `license-${id}-renew`;
    // The manage section of the card is open since the previous step.
    expect(await payeesShown(`${t}-payees`)).toEqual([[addr.Alice, 5n * UNIT]]);
    await page.getByTestId(`${t}-max-price`).fill('5');
    await dryRun(t);
    const price = await units(`${t}-value`);
    expect(price).toBe(5n * UNIT);
    const bobBefore = await freeBalance(chain, addr.Bob);
    const roundBefore = await pendingOf(chain, modelA);
    const { feePaid, held, released } = await send(t);
    const after = await license(chain, id);
    expect(after?.expiresAt).toBe(before!.expiresAt! + 30n * 86_400_000n);
    expect(after?.totalPaid).toBe(before!.totalPaid + price);
    expect(await freeBalance(chain, addr.Bob)).toBe(bobBefore - price - feePaid - held + released);
    expect(await pendingOf(chain, modelA)).toBe(roundBefore + price);
    await page.getByTestId(`license-${id}`).and(page.locator(`[data-expires-at="${after?.expiresAt}"]`)).waitFor(TIMEOUT);
    await screenshot(page, 'licenses');
  });

  it("Charlie withdraws for Alice: her model's round is collected, she receives exactly what she was owed, Charlie pays the fee", async () => {
    await signAs('Charlie');
    await go('royalties');
    await page.getByTestId('withdraw-for-account').fill(addr.Alice);
    expect(await owedTo(chain, addr.Alice)).toBe(0n);
    expect(await pendingOf(chain, modelA)).toBe(10n * UNIT);
    const owed = await owedInAll(addr.Alice);
    expect(owed).toBe(10n * UNIT);
    await page.getByTestId('withdraw-for-owed').and(page.locator(`[data-units="${owed}"]`)).waitFor(TIMEOUT);
    expect(await page.getByTestId('withdraw-for-owed-parts').innerText()).toContain(`model ${modelA} 10 UNIT`);
    const aliceBefore = await freeBalance(chain, addr.Alice);
    await dryRun('withdraw-for');
    expect(await page.getByTestId('withdraw-for-output').innerText()).toBe('pays that account 10 UNIT');
    await send('withdraw-for');
    expect(await freeBalance(chain, addr.Alice)).toBe(aliceBefore + owed);
    expect(await pendingOf(chain, modelA)).toBe(0n);
    expect(await owedInAll(addr.Alice)).toBe(0n);
    await page.getByTestId('withdraw-for-owed').and(page.locator('[data-units="0"]')).waitFor(TIMEOUT);
  });

  it("Bob registers a derivative of Alice's model under his license: it owes model A 10 % of every sale", async () => {
    await signAs('Bob');
    modelB = await registerFromFolder('bob-finetune', { 'config.json': '{"dim":4,"tuned":true}\n', 'weights/w.bin': 'bob weights' }, { model: modelA, maxRoyaltyBps: 1000 });
    const links = await parents(chain, modelB);
    expect(links.map((l) => [l.model, l.royaltyBps, l.relation])).toEqual([[modelA, 1000, 'FineTune']]);
    expect((await obligations(chain, modelB)).map((o) => [o.ancestor, o.bps])).toEqual([[modelA, 1000]]);
    await go(`lineage?model=${modelB}`);
    await page.getByTestId('lineage-model').fill(modelB.toString());
    const edge = page.getByTestId(`lineage-edge-${modelB}-${modelA}`);
    await edge.waitFor(TIMEOUT);
    await expect(edge.getAttribute('data-bps')).resolves.toBe('1000');
    // The registry's obligation and the market's copy it pays by.
    const row = page.getByTestId(`lineage-obligation-${modelA}`);
    await expect(row.getAttribute('data-bps')).resolves.toBe('1000');
    await expect(row.getAttribute('data-market-bps')).resolves.toBe('1000');
    await expect(page.getByTestId('lineage-obligations').getAttribute('data-kept-bps')).resolves.toBe('9000');
    await screenshot(page, 'lineage');
  });

  it('Bob splits the derivative 70/30 with Dave; both accept', async () => {
    await go('models');
    const t = `model-${modelB}`;
    await page.getByTestId(`${t}-manage`).click();
    await page.getByTestId(`${t}-split-share-0`).fill('700000');
    await page.getByTestId(`${t}-split-add`).click();
    await page.getByTestId(`${t}-split-account-1`).fill(addr.Dave);
    await page.getByTestId(`${t}-split-share-1`).fill('300000');
    await dryRun(`${t}-set-split`);
    await send(`${t}-set-split`);
    const split = await splitOf(chain, modelB);
    expect(split?.map((r) => [r.account.address(42), r.share])).toEqual([
      [addr.Bob, 700_000],
      [addr.Dave, 300_000],
    ]);
    // Bob is listed like any recipient: his withdrawals take his part once he accepts.
    await page.getByTestId('invitations-refresh').click();
    await dryRun(`accept-split-${modelB}`);
    await send(`accept-split-${modelB}`);
    await page.getByTestId(`invitation-${modelB}`).and(page.locator('[data-accepted="yes"]')).waitFor(TIMEOUT);
    await screenshot(page, 'my-models');

    await signAs('Dave');
    await go('models');
    await page.getByTestId(`invitation-${modelB}`).and(page.locator('[data-accepted="no"]')).waitFor(TIMEOUT);
    await dryRun(`accept-split-${modelB}`);
    await send(`accept-split-${modelB}`);
    await page.getByTestId(`invitation-${modelB}`).and(page.locator('[data-accepted="yes"]')).waitFor(TIMEOUT);
  });

  it('Bob offers the derivative; Charlie buys: model A gets 10 % for Alice, Bob 70 % and Dave 30 % of the rest, as shown', async () => {
    await signAs('Bob');
    offerB = await createOffer(modelB, { price: '10' });
    await signAs('Charlie');
    await openBuy(offerB, '10');
    await dryRun('buy');
    const price = await units('buy-value');
    expect(price).toBe(10n * UNIT);
    const shown = await payeesShown('buy-payees');
    expect(shown).toEqual(await royaltyInfo(chain, modelB, price));
    const expected = new Map([
      [addr.Alice, 1n * UNIT],
      [addr.Bob, 6_300_000_000_000n],
      [addr.Dave, 2_700_000_000_000n],
    ]);
    expect(new Map(shown)).toEqual(expected);
    expect(await units('buy-payees-total')).toBe(price);
    await screenshot(page, 'browse-buy-derivative');

    const owedBefore = new Map(await Promise.all([...expected.keys()].map(async (a) => [a, await owedInAll(a)] as const)));
    const charlieBefore = await freeBalance(chain, addr.Charlie);
    const { feePaid, held } = await send('buy');
    expect(await freeBalance(chain, addr.Charlie)).toBe(charlieBefore - price - feePaid - held);
    for (const [account, amount] of expected) {
      expect(await owedInAll(account)).toBe(owedBefore.get(account)! + amount);
    }
    // Alice's share went to model A's round; Bob's and Dave's parts are their accepted split parts.
    expect(await pendingOf(chain, modelA)).toBe(1n * UNIT);
    expect(await owedTo(chain, addr.Bob)).toBe(6_300_000_000_000n);
  });

  it("the model page: the card through the IPFS gateway, lineage both ways, the offer with its Buy button", async () => {
    await page.evaluate((hash) => (window.location.hash = hash), `#/model/${modelB}`);
    const card = page.getByTestId('model-page');
    await card.waitFor(TIMEOUT);
    await expect(card.getAttribute('data-model')).resolves.toBe(modelB.toString());
    await expect(page.getByTestId('model-page-card').locator('a').getAttribute('href')).resolves.toBe('https://ipfs.io/ipfs/demo/bob-finetune/card.md');
    await expect(page.getByTestId('model-page-parents').getAttribute('data-count')).resolves.toBe('1');
    await expect(page.getByTestId('model-page-obligations').innerText()).resolves.toContain(`model ${modelA}`);
    await page.getByTestId(`model-offer-${offerB}-buy`).click();
    await expect(page.getByTestId('buy-form').getAttribute('data-offer')).resolves.toBe(offerB.toString());
    await screenshot(page, 'model-page');
    // Its parent's page lists it as derived; Browse and Lineage link here.
    await page.evaluate((hash) => (window.location.hash = hash), `#/model/${modelA}`);
    await page.getByTestId('model-page-derived').and(page.locator('[data-count="1"]')).waitFor(TIMEOUT);
    await go('browse');
    await expect(page.getByTestId(`browse-model-${modelB}-page`).getAttribute('href')).resolves.toBe(`#/model/${modelB}`);
  });

  it('Alice, Bob and Dave withdraw: each owed amount shown is what withdraw pays, then 0; balances move by it; the market owes nothing', async () => {
    expect(await withdrawAndCheck('Alice', { owedTo: 0n, rounds: [[modelA, 1n * UNIT]] })).toBe(1n * UNIT);
    expect(await withdrawAndCheck('Bob', { owedTo: 6_300_000_000_000n, rounds: [] })).toBe(6_300_000_000_000n);
    expect(await withdrawAndCheck('Dave', { owedTo: 2_700_000_000_000n, rounds: [] })).toBe(2_700_000_000_000n);
    // 20 UNIT paid in (two sales of A, one renewal, one sale of B), 20 UNIT withdrawn.
    expect((await solvency(chain)).liabilities).toBe(0n);
    await page.getByTestId('split-model').fill(modelB.toString());
    await page.getByTestId('split-state').waitFor(TIMEOUT);
    await screenshot(page, 'royalties');
  });

  it('Alice pauses her offer (not for sale while paused), opens it again, then closes it for good', async () => {
    await signAs('Alice');
    await go(`offers?model=${modelA}`);
    await page.getByTestId('offers-model').fill(modelA.toString());
    const t = `offer-${offerA}-state`;
    const setState = async (target: 'Paused' | 'Open' | 'Closed') => {
      await page.getByTestId(`${t}-target`).selectOption(target);
      await dryRun(t);
      await send(t);
      await page.getByTestId(`offer-${offerA}`).and(page.locator(`[data-state="${target}"]`)).waitFor(TIMEOUT);
      expect((await offer(chain, offerA))?.state).toBe(target);
    };
    await setState('Paused');
    await go('browse');
    await page.getByTestId(`browse-model-${modelA}`).waitFor(TIMEOUT);
    expect(await page.getByTestId(`browse-offer-${offerA}-buy`).count()).toBe(0);
    await go(`offers?model=${modelA}`);
    await page.getByTestId('offers-model').fill(modelA.toString());
    await setState('Open');
    // Closing is final and the offer leaves the model's market record: its card (and panel) go from the list.
    await page.getByTestId(`${t}-target`).selectOption('Closed');
    await dryRun(t);
    await page.getByTestId(`${t}-send`).click();
    await page.getByTestId(`offer-${offerA}`).waitFor({ state: 'detached', ...TIMEOUT });
    expect((await offer(chain, offerA))?.state).toBe('Closed');
    await page.getByTestId('offers-empty').waitFor(TIMEOUT);
  });

  it('a transferable license in escrow grants its holder nothing until the recipient accepts it', async () => {
    // A free, transferable license of model A: nothing is paid or credited.
    const free = await createOffer(modelA, { price: '0', transferable: true });
    await signAs('Charlie');
    await openBuy(free, '0');
    await dryRun('buy');
    const roundBefore = await pendingOf(chain, modelA);
    await send('buy');
    expect(await pendingOf(chain, modelA)).toBe(roundBefore);
    const [id] = await licensesOf(chain, modelA, addr.Charlie);
    expect(await isLicensed(chain, modelA, addr.Charlie)).toBe(true);

    await go('licenses');
    const card = page.getByTestId(`license-${id}`);
    await card.and(page.locator('[data-state="valid"]')).waitFor(TIMEOUT);
    await page.getByTestId(`license-${id}-manage`).click();
    await page.getByTestId(`license-${id}-transfer-to`).fill(addr.Dave);
    await dryRun(`license-${id}-transfer`);
    await send(`license-${id}-transfer`);
    // Out of Charlie's list and granting nothing, but still on his page with the withdraw button.
    expect(await licensesOf(chain, modelA, addr.Charlie)).toEqual([]);
    expect(await isLicensed(chain, modelA, addr.Charlie)).toBe(false);
    await card.and(page.locator('[data-state="offered"][data-valid="no"]')).waitFor(TIMEOUT);
    expect(await page.getByTestId(`license-${id}-offered-to`).innerText()).toContain(addr.Dave);
    await page.getByTestId(`license-${id}-transfer-withdraw`).waitFor(TIMEOUT);
    await screenshot(page, 'license-in-escrow');

    await signAs('Dave');
    await go('licenses');
    await page.getByTestId('accept-license-id').fill(id.toString());
    await page.getByTestId('accept-license-state').and(page.getByText(`License ${id} (model ${modelA}) is offered to you.`)).waitFor(TIMEOUT);
    await dryRun('accept-license');
    await send('accept-license');
    await page.getByTestId(`license-${id}`).and(page.locator('[data-state="valid"]')).waitFor(TIMEOUT);
    expect((await license(chain, id))?.holder.address(42)).toBe(addr.Dave);
    expect(await isLicensed(chain, modelA, addr.Dave)).toBe(true);

    // Charlie's page no longer shows it (the market says Dave holds it), only his license of model B.
    await signAs('Charlie');
    await go('licenses');
    await page.getByTestId('licenses-list').and(page.locator('[data-count="1"]')).waitFor(TIMEOUT);
    expect(await page.getByTestId(`license-${id}`).count()).toBe(0);
  });

  it('Alice registers a dataset and a model trained on it: the dataset is a TrainedOn parent on chain, shown apart from parent models', async () => {
    await signAs('Alice');
    const dataset = await registerFromFolder('alice-corpus', { 'train.jsonl': '{"text":"hello"}\n' }, undefined, { kind: 'Dataset' });
    await expect(page.getByTestId('register-done').getAttribute('data-kind')).resolves.toBe('Dataset');
    expect((await read(chain, addr.Alice, call(chain.contracts.registry, 'model', [dataset])))?.kind).toBe('Dataset');
    expect(await parents(chain, dataset)).toEqual([]);

    // A dataset's offer form grants research, training and redistribution only.
    await go(`offers?model=${dataset}`);
    await page.getByTestId('offer-form-kind').and(page.locator('[data-kind="Dataset"]')).waitFor(TIMEOUT);
    const uses = await page.locator('[data-testid^="offer-use-"]').evaluateAll((boxes) => boxes.map((b) => b.getAttribute('data-testid')));
    expect(uses).toEqual(['offer-use-Research', 'offer-use-Redistribution', 'offer-use-Training']);

    // Alice owns the dataset: her own training edge needs no license and owes 0 %.
    const trained = await registerFromFolder('alice-trained', { 'weights/w.bin': 'trained on the corpus' }, undefined, { trainedOn: { dataset, maxRoyaltyBps: 0 } });
    const model = await read(chain, addr.Alice, call(chain.contracts.registry, 'model', [trained]));
    expect(model?.kind).toBe('Model');
    expect((await parents(chain, trained)).map((l) => [l.model, l.relation, l.royaltyBps])).toEqual([[dataset, 'TrainedOn', 0]]);

    await go(`lineage?model=${trained}`);
    await page.getByTestId('lineage-model').fill(trained.toString());
    await page.getByTestId('lineage-trained-on').and(page.locator('[data-count="1"]')).waitFor(TIMEOUT);
    await expect(page.getByTestId('lineage-parents').getAttribute('data-count')).resolves.toBe('0');
    await expect(page.getByTestId(`lineage-source-${dataset}`).getAttribute('data-relation')).resolves.toBe('TrainedOn');
    await expect(page.getByTestId(`lineage-node-${dataset}`).getAttribute('data-kind')).resolves.toBe('Dataset');
    await expect(page.getByTestId(`lineage-edge-${trained}-${dataset}`).getAttribute('data-relation')).resolves.toBe('TrainedOn');
    await screenshot(page, 'lineage-trained-on');

    await page.evaluate((hash) => (window.location.hash = hash), `#/model/${dataset}`);
    await page.getByTestId('model-page').and(page.locator('[data-kind="Dataset"]')).waitFor(TIMEOUT);
    await page.getByTestId('model-page-derived').and(page.locator('[data-count="1"]')).waitFor(TIMEOUT);
  });
});
