// What the download test needs outside the browser: the `modelmint` command line on the
// chain under test (register, offer, buy as the dev accounts), a real `modelmint serve` on
// loopback, and a host for the model card that lists it (CORS-open, as IPFS gateways are).
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer } from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { UI_ROOT } from './app-server';
import { chainUnderTest } from './browser';

const run = promisify(execFile);

/** The `modelmint` binary: $MODELMINT_CLI, else the debug build in the shared target directory. */
export function modelmintBinary(): string {
  const target = process.env.CARGO_TARGET_DIR ?? join(process.env.MODELMINT_CACHE ?? join(homedir(), '.cache', 'modelmint'), 'target');
  const binary = process.env.MODELMINT_CLI ?? join(target, 'debug', 'modelmint');
  if (!existsSync(binary)) throw new Error(`${binary} is missing: build it with cargo build -p modelmint-cli (scripts/ui-test.sh does)`);
  return binary;
}

/** The environment that points the command line at the chain and deployment under test. */
function cliEnv(suri?: string): NodeJS.ProcessEnv {
  const { network, url } = chainUnderTest();
  const env: NodeJS.ProcessEnv = { ...process.env, MODELMINT_URL: url, MODELMINT_DEPLOYMENT: join(UI_ROOT, '..', 'deployments', `${network}.json`) };
  if (suri) env.MODELMINT_SURI = suri;
  else delete env.MODELMINT_SURI;
  return env;
}

/** Runs `modelmint --json ARGS` as `suri`; returns its JSON answer. */
export async function modelmint(suri: string, args: readonly string[]): Promise<Record<string, unknown>> {
  try {
    const { stdout } = await run(modelmintBinary(), ['--json', ...args], { env: cliEnv(suri), maxBuffer: 16 << 20 });
    return JSON.parse(stdout) as Record<string, unknown>;
  } catch (error) {
    const failed = error as { stderr?: string; stdout?: string; message: string };
    throw new Error(`modelmint ${args.join(' ')} failed: ${failed.stderr || failed.stdout || failed.message}`);
  }
}

/** A TCP port nothing listens on now, from the kernel's ephemeral range. */
export function ephemeralPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** A running `modelmint serve`. */
export interface Serving {
  url: string;
  log: string;
  stop(): void;
  /** The access log's lines. */
  lines(): Record<string, unknown>[];
}

/** Starts `modelmint serve MODEL DIR --allow-origin ORIGIN` on `port`; resolves once it listens. */
export async function serve(model: bigint, dir: string, port: number, origin: string, log: string): Promise<Serving> {
  const listen = `127.0.0.1:${port}`;
  const child: ChildProcess = spawn(modelmintBinary(), ['serve', model.toString(), dir, '--listen', listen, '--allow-origin', origin, '--access-log', log], {
    env: cliEnv(),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`modelmint serve exited (${child.exitCode}): ${stderr}`);
    if (stderr.includes('serving on')) {
      try {
        await fetch(`http://${listen}/`);
        break;
      } catch {
        // Not accepting yet.
      }
    }
    if (Date.now() > deadline) {
      child.kill();
      throw new Error(`modelmint serve did not listen on ${listen} within 30 s: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url: `http://${listen}`,
    log,
    stop: () => void child.kill(),
    lines: () =>
      readFileSync(log, 'utf8')
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

/** Serves one JSON document at `/card.json` on `port`, readable by any origin. */
export async function serveCard(port: number, card: object): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createHttpServer((request, response) => {
    response.setHeader('Access-Control-Allow-Origin', '*');
    if (request.url !== '/card.json') {
      response.writeHead(404).end('not found\n');
      return;
    }
    response.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(card));
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${port}/card.json`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
