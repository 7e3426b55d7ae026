// A registration interrupted by a reload, on the node scripts/ui-test.sh prepared. Alice
// fills in the Register page, reloads (everything typed comes back), then clicks Register
// once: the commit is signed and reaches the chain, but she refuses the reveal's signature
// in her wallet and reloads the page. The page resumes the registration (same root, same
// salt, the commitment found on chain), and one more click reveals it: the model is hers,
// registered with what she had typed before the reloads, and the draft is gone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { connectWithTestWallet, launchChromium, openApp, screenshot } from '../support/browser';
import { openChain, ownerOf, type Chain } from '../support/chain';
import { removeTempFolders, tempFolder, writeModel } from '../support/model-dir';
import type { TestWallet } from '../support/test-wallet';
import { call, read } from '../../src/chain/tx';

const TIMEOUT = { timeout: 60_000 };
const NAME = `resumed-${Date.now()}`;

let browser: Browser;
let page: Page;
let wallet: TestWallet;
let chain: Chain;
let root: string;

beforeAll(async () => {
  chain = await openChain();
  browser = await launchChromium();
  ({ page, wallet } = await openApp(browser));
  await connectWithTestWallet(page);
});

afterAll(async () => {
  await browser?.close();
  await chain?.client.disconnect();
  removeTempFolders();
});

/** The draft the page keeps in localStorage for this deployment. */
async function storedDraft(): Promise<Record<string, unknown> | null> {
  const network = process.env.MODELMINT_UI_NETWORK as string;
  const text = await page.evaluate((key) => localStorage.getItem(key), `modelmint.registerDraft.${network}`);
  return text === null ? null : (JSON.parse(text) as Record<string, unknown>);
}

async function reloadRegister(): Promise<void> {
  await page.reload();
  await page.getByTestId('page-register').waitFor();
  await page.getByTestId('register-resumed').waitFor(TIMEOUT);
}

describe('a registration resumed after a reload', () => {
  it('keeps the form and the files across a reload before anything is sent', async () => {
    await page.evaluate(() => (window.location.hash = '#/register'));
    const dir = writeModel(tempFolder(NAME), [{ path: 'weights.bin', contents: new TextEncoder().encode(`weights of ${NAME}`) }]);
    await page.getByTestId('register-folder-input').setInputFiles(dir);
    await page.getByTestId('manifest').waitFor(TIMEOUT);
    root = (await page.getByTestId('manifest').getAttribute('data-root')) as string;
    await page.getByTestId('register-name').fill(NAME);
    await page.getByTestId('register-version').fill('2.0');
    await page.getByTestId('register-uri').fill(`ipfs://demo/${NAME}/card.md`);

    await reloadRegister();
    await expect(page.getByTestId('register-name').inputValue()).resolves.toBe(NAME);
    await expect(page.getByTestId('register-uri').inputValue()).resolves.toBe(`ipfs://demo/${NAME}/card.md`);
    await expect(page.getByTestId('manifest').getAttribute('data-root')).resolves.toBe(root);
  });

  it('commits with one click; the reveal refused in the wallet leaves the salt and the commitment kept', async () => {
    await page.getByTestId('register-submit').waitFor(TIMEOUT);
    wallet.rejectSignatureAt(1);
    await page.getByTestId('register-submit').click();
    await page.getByTestId('reveal-error').and(page.locator('[data-kind="rejected"]')).waitFor(TIMEOUT);
    await screenshot(page, 'register-reveal-refused');

    const draft = await storedDraft();
    expect(draft?.salt).toMatch(/^0x[0-9a-f]{64}$/);
    expect(draft?.root).toBe(root);
    const commitment = draft?.commitment as `0x${string}`;
    const alice = wallet.account('Alice').address;
    const block = await read(chain, alice, call(chain.contracts.registry, 'commitment', [alice, commitment]));
    expect(block).toBe(draft?.committedAt);
  });

  it('resumes after a reload: the same commitment, and one click reveals it', async () => {
    const before = await storedDraft();
    await reloadRegister();
    await expect(page.getByTestId('register-name').inputValue()).resolves.toBe(NAME);
    await expect(page.getByTestId('register-root').innerText()).resolves.toBe(`0x${root}`);
    // The files can no longer change: the commitment is to this root.
    await expect(page.getByTestId('register-folder-input').isDisabled()).resolves.toBe(true);
    // The count shows once the reloaded page knows the best block (empty until then).
    await page.getByTestId('register-blocks-left').and(page.locator('[data-blocks="0"]')).waitFor(TIMEOUT);
    // No wallet window on a page load: the reveal waits for the click.
    const signed = wallet.requests.length;
    await expect(page.getByTestId('register-submit').innerText()).resolves.toContain('continue with the reveal');
    expect(wallet.requests.length).toBe(signed);
    await screenshot(page, 'register-resumed');

    await page.getByTestId('register-submit').click();
    const done = page.getByTestId('register-done');
    await done.or(page.getByTestId('reveal-error')).or(page.getByTestId('reveal-input-error')).waitFor(TIMEOUT);
    if (!(await done.isVisible())) throw new Error(await page.getByTestId('register-flow').innerText());
    const model = BigInt((await done.getAttribute('data-model')) as string);

    expect(wallet.requests.length).toBe(signed + 1);
    await expect(read(chain, wallet.account('Alice').address, call(chain.contracts.registry, 'modelIdByHash', [`0x${root}`]))).resolves.toBe(model);
    expect((await ownerOf(chain, model))?.address(42)).toBe(wallet.account('Alice').address);
    const info = await read(chain, wallet.account('Alice').address, call(chain.contracts.registry, 'model', [model]));
    expect(info?.name).toBe(NAME);
    // The salt it was revealed with is the one kept before the first signature.
    expect(before?.salt).toBeDefined();
    await expect(storedDraft()).resolves.toBeNull();
  });

  it('lists the transactions across the reloads: the commit, the refused reveal and the reveal, with a link to the explorer', async () => {
    await page.evaluate(() => (window.location.hash = '#/transactions'));
    const list = page.getByTestId('txs-list');
    await list.waitFor(TIMEOUT);
    // Kept across the reload between the refused reveal and the reveal; newest first.
    await expect(list.getAttribute('data-count')).resolves.toBe('3');
    const items = list.locator('li');
    const [reveal, refused, commit] = [items.nth(0), items.nth(1), items.nth(2)];
    await expect(reveal.getAttribute('data-state')).resolves.toBe('in-block');
    expect(await reveal.innerText()).toContain('registry: register');
    await expect(refused.getAttribute('data-state')).resolves.toBe('rejected');
    expect(await refused.innerText()).toContain('registry: register');
    await expect(commit.getAttribute('data-state')).resolves.toBe('in-block');
    expect(await commit.innerText()).toContain('registry: commit');
    const block = await reveal.getAttribute('data-block');
    expect(Number(block)).toBeGreaterThan(Number(await commit.getAttribute('data-block')));
    await page.getByTestId('explorer-template').fill('https://explorer.invalid/block/{block}');
    await page.getByTestId('explorer-save').click();
    await expect(reveal.locator('a').getAttribute('href')).resolves.toBe(`https://explorer.invalid/block/${block}`);
    await screenshot(page, 'transactions');
  });
});
