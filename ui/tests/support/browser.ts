// Chromium for tests: Debian's /usr/bin/chromium driven by playwright-core (never a browser
// downloaded by Playwright), headless, and quiet on the network since this machine's is
// closed.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { inject } from 'vitest';
import { PAGES, TEST_RESULTS } from './app-server';
import { injectTestWallet, type TestWallet } from './test-wallet';

export const CHROMIUM = process.env.MODELMINT_CHROMIUM ?? '/usr/bin/chromium';

/** Chromium would otherwise call home (updates, sync, field trials) and wait on timeouts. */
export const CHROMIUM_ARGS = [
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--disable-gpu',
];

export function launchChromium(): Promise<Browser> {
  // playwright-core adds --no-sandbox itself when running as root.
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

/** A fresh profile with a desktop-sized window; page errors go to the test's output. */
export async function newContext(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  context.on('page', watchPage);
  return context;
}

function watchPage(page: Page): void {
  page.on('pageerror', (error) => console.error(`[page error] ${error.message}`));
  page.on('console', (message) => {
    // A failed load is reported below with its URL, which the console message lacks.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
      console.error(`[page console] ${message.text()}`);
    }
  });
  page.on('response', (response) => {
    // No page of the app links a favicon; Chromium asks for one anyway.
    if (response.status() >= 400 && !response.url().endsWith('/favicon.ico')) {
      console.error(`[page load] ${response.status()} ${response.url()}`);
    }
  });
}

/** Where the chain tests point the app: set by scripts/ui-test.sh after deploying. */
export function chainUnderTest(): { network: string; url: string } {
  const network = process.env.MODELMINT_UI_NETWORK;
  const url = process.env.MODELMINT_UI_NODE_URL;
  if (!network || !url) {
    throw new Error('set MODELMINT_UI_NETWORK and MODELMINT_UI_NODE_URL (scripts/ui-test.sh does)');
  }
  return { network, url };
}

/** The index of the chain under test (`modelmint index --serve`): set by scripts/ui-test.sh for tests/index. */
export function indexUnderTest(): string {
  const url = process.env.MODELMINT_UI_INDEX_URL;
  if (!url) throw new Error('set MODELMINT_UI_INDEX_URL to the index API of the chain under test (scripts/ui-test.sh does)');
  return url;
}

/**
 * The URL of a page of the served test build. `network`, `deployment`, `url` and `index`
 * become the app's `?network=`, `?deployment=`, `?url=` and `?index=`, which override its
 * saved settings for that page only.
 */
export function appUrl(
  options: { page?: keyof typeof PAGES; network?: string; deployment?: string; url?: string; index?: string; hash?: string } = {},
): string {
  const page = options.page ?? 'app';
  const buildError = inject('appBuildError');
  if (page === 'app' && buildError !== null) throw new Error(`the app did not build: ${buildError}`);
  const target = new URL(PAGES[page], inject('appBase'));
  if (options.network !== undefined) target.searchParams.set('network', options.network);
  if (options.deployment !== undefined) target.searchParams.set('deployment', options.deployment);
  if (options.url !== undefined) target.searchParams.set('url', options.url);
  if (options.index !== undefined) target.searchParams.set('index', options.index);
  if (options.hash !== undefined) target.hash = options.hash;
  return target.toString();
}

export const SCREENSHOTS = join(TEST_RESULTS, 'screenshots');

/** Saves a full-page screenshot as test-results/screenshots/<name>.png; returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/**
 * Serves `deployment` in this context at a URL of the app's server that has no such file,
 * and returns that URL: a deployment loaded from its URL (the app's `?deployment=`), without
 * a file in the repository's deployments/ (which scripts/deploy.sh owns) nor a rebuild.
 */
export async function serveDeployment(context: BrowserContext, name: string, deployment: object): Promise<string> {
  const url = new URL(`test-deployments/${name}.json`, inject('appBase')).toString();
  await context.route(url, (route) => route.fulfill({ json: deployment }));
  return url;
}

/** The dev accounts the browser suites give the test wallet. */
export const DEV_ACCOUNTS = ['//Alice', '//Bob', '//Charlie', '//Dave'] as const;

/**
 * A fresh browser profile with the test wallet injected and one page, not yet navigated:
 * what every app test starts from. Go to `appUrl({ network, url, hash: '/connect' })`.
 */
export async function openApp(
  browser: Browser,
  { accounts = DEV_ACCOUNTS }: { accounts?: readonly string[] } = {},
): Promise<{ context: BrowserContext; page: Page; wallet: TestWallet }> {
  const context = await newContext(browser);
  const wallet = await injectTestWallet(context, { accounts });
  const page = await context.newPage();
  return { context, page, wallet };
}

/**
 * Opens Connect on the chain under test (chainUnderTest()), waits until the app is connected
 * and enables the test wallet: where the chain suites start, signed in as its first account.
 */
export async function connectWithTestWallet(page: Page): Promise<void> {
  const { network, url } = chainUnderTest();
  await page.goto(appUrl({ network, url, hash: '/connect' }));
  await page.getByTestId('connection-state').and(page.locator('[data-status="connected"]')).waitFor({ timeout: 60_000 });
  await page.getByTestId('wallet-enable-polkadot-js').click();
  await page.getByTestId('account-select').waitFor();
}
