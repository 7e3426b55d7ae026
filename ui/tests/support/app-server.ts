// Builds the web app once for a test run and serves the build as users may host it: from
// a plain static server (Python's http.server, what `scripts/ui.sh --static` runs; not
// Vite), under a sub-path (/modelmint/app/), so every browser test also checks that the
// build runs from any folder of any server (relative assets, hash routing, deployments
// bundled, nothing fetched from the server but the app's own files).
//
// The build adds test-only pages: tests/browser/pages/hash.html exposes the hashing module to
// tests (the real workers, the real 8 MiB reads), delivery.html the delivery client; they go
// to test-results/dist, never to the app's dist/. With MODELMINT_UI_DIST=<folder> nothing is built: that folder
// (e.g. the dist/ of `npm run build`) is served as it is.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { build } from 'vite';

export const UI_ROOT = resolve(__dirname, '..', '..');
export const TEST_RESULTS = join(UI_ROOT, 'test-results');
const OUT_DIR = join(TEST_RESULTS, 'dist');
const SITE = join(TEST_RESULTS, 'site');
const CONFIG_FILE = join(UI_ROOT, 'vite.config.ts');

/** Where the build sits on the static server: a sub-path, as on a shared host or an IPFS gateway. */
export const SUB_PATH = '/modelmint/app/';

/** Pages of the test build, relative to the app's folder. */
export const PAGES = {
  app: '',
  hash: 'tests/browser/pages/hash.html',
  delivery: 'tests/browser/pages/delivery.html',
} as const;

export interface AppServer {
  /** The app's folder, e.g. http://127.0.0.1:4171/modelmint/app/ (a secure context: crypto.subtle and workers work). */
  base: string;
  /** Why the app itself did not build, if it did not (the test pages are built apart). */
  appBuildError: string | null;
  close(): Promise<void>;
}

/** The ports this project's test servers may use; the machine is shared. */
const PORTS = { first: 4170, last: 4199 } as const;

function listening(port: number): Promise<boolean> {
  return new Promise((done) => {
    const probe = createServer();
    probe.once('error', () => done(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => done(true)));
  });
}

/** A port of 4170-4199 nothing listens on right now (from a random start: parallel runs rarely collide). */
export async function freePort(): Promise<number> {
  const count = PORTS.last - PORTS.first + 1;
  const start = Math.floor(Math.random() * count);
  for (let i = 0; i < count; i += 1) {
    const port = PORTS.first + ((start + i) % count);
    if (await listening(port)) return port;
  }
  throw new Error(`no free port in ${PORTS.first}-${PORTS.last}`);
}

async function buildPages(input: Record<string, string>, emptyOutDir: boolean) {
  // Vitest runs with NODE_ENV=test, which Vite would keep, bundling React's development
  // build: the tests run the production bundle users get.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    return await build({
      configFile: CONFIG_FILE,
      root: UI_ROOT,
      logLevel: 'warn',
      mode: 'production',
      build: { outDir: OUT_DIR, emptyOutDir, rolldownOptions: { input } },
    });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
}

/** Serves `site` with `python3 -m http.server` on `port`; resolves once it answers. */
async function staticServer(site: string, port: number): Promise<ChildProcess> {
  const child = spawn('python3', ['-m', 'http.server', '--bind', '127.0.0.1', '--directory', site, String(port)], { stdio: 'ignore' });
  const exited = new Promise<never>((_, fail) => child.once('exit', (code) => fail(new Error(`python3 -m http.server exited (${code})`))));
  const deadline = Date.now() + 15_000;
  for (;;) {
    try {
      await Promise.race([fetch(`http://127.0.0.1:${port}/`), exited]);
      return child;
    } catch (error) {
      if (Date.now() > deadline || (error instanceof Error && error.message.startsWith('python3'))) {
        child.kill();
        throw error;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/**
 * Builds the test pages, then the app, into one folder (or takes MODELMINT_UI_DIST) and
 * serves it under SUB_PATH. The app is built apart so that an app that does not build fails
 * the app's tests with the build's error while the hashing tests still run.
 */
export async function buildAndServe(): Promise<AppServer> {
  let appBuildError: string | null = null;
  const given = process.env.MODELMINT_UI_DIST;
  if (!given) {
    await buildPages({ hash: join(UI_ROOT, PAGES.hash), delivery: join(UI_ROOT, PAGES.delivery) }, true);
    try {
      await buildPages({ app: join(UI_ROOT, 'index.html') }, false);
    } catch (error) {
      appBuildError = error instanceof Error ? error.message : String(error);
    }
  }
  // The site's root holds nothing but the link to the app's folder at SUB_PATH.
  rmSync(SITE, { recursive: true, force: true });
  const folder = join(SITE, ...SUB_PATH.split('/').filter(Boolean));
  mkdirSync(resolve(folder, '..'), { recursive: true });
  symlinkSync(given ? resolve(given) : OUT_DIR, folder, 'dir');
  const port = await freePort();
  const server = await staticServer(SITE, port);
  return {
    base: `http://127.0.0.1:${port}${SUB_PATH}`,
    appBuildError,
    close: async () => {
      server.kill();
    },
  };
}
