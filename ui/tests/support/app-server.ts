// Builds the web app once for a test run and serves the build with `vite preview` on a free
// port: the tests run the production bundle, as users get it, not the dev server.
//
// The build adds one test-only page, tests/browser/pages/hash.html, that exposes the hashing
// module to tests (the real workers, the real 8 MiB reads); it goes to test-results/dist,
// never to the app's dist/.
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { build, preview } from 'vite';

export const UI_ROOT = resolve(__dirname, '..', '..');
export const TEST_RESULTS = join(UI_ROOT, 'test-results');
const OUT_DIR = join(TEST_RESULTS, 'dist');
const CONFIG_FILE = join(UI_ROOT, 'vite.config.ts');

/** Pages of the test build, relative to the served root. */
export const PAGES = {
  app: '/',
  hash: '/tests/browser/pages/hash.html',
} as const;

export interface AppServer {
  /** e.g. http://127.0.0.1:41234 (a secure context: crypto.subtle and workers work). */
  origin: string;
  /** Why the app itself did not build, if it did not (the test pages are built apart). */
  appBuildError: string | null;
  close(): Promise<void>;
}

/** A TCP port nothing listens on right now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => (port ? done(port) : fail(new Error('no free port'))));
    });
  });
}

function buildPages(input: Record<string, string>, emptyOutDir: boolean) {
  return build({
    configFile: CONFIG_FILE,
    root: UI_ROOT,
    logLevel: 'warn',
    build: { outDir: OUT_DIR, emptyOutDir, rolldownOptions: { input } },
  });
}

/**
 * Builds the test pages, then the app, into one folder and serves it. The app is built
 * apart so that an app that does not build fails the app's tests with the build's error
 * while the hashing tests still run.
 */
export async function buildAndServe(): Promise<AppServer> {
  await buildPages({ hash: join(UI_ROOT, PAGES.hash) }, true);
  let appBuildError: string | null = null;
  try {
    await buildPages({ app: join(UI_ROOT, 'index.html') }, false);
  } catch (error) {
    appBuildError = error instanceof Error ? error.message : String(error);
  }
  const port = await freePort();
  const server = await preview({
    configFile: CONFIG_FILE,
    root: UI_ROOT,
    logLevel: 'warn',
    build: { outDir: OUT_DIR },
    preview: { host: '127.0.0.1', port, strictPort: true, open: false },
  });
  return { origin: `http://127.0.0.1:${port}`, appBuildError, close: () => server.close() };
}
