// The web app's delivery client (src/delivery) in Node, against a fake server that speaks the
// protocol of tools/delivery and verifies the sign-in's sr25519 signature the way the Rust
// server does (the message wrapped in <Bytes>…</Bytes>, as a wallet's signRaw signs it). The
// hashing is the Register workers' own loop (sha256OfBlob) and manifest code, run without
// workers. The Chromium test against a real `modelmint serve` is tests/chain/download.test.ts.
import { Keyring } from '@polkadot/keyring';
import { u8aToHex, u8aWrapBytes } from '@polkadot/util';
import { cryptoWaitReady, sr25519Verify } from '@polkadot/util-crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { downloadModel, type Sink } from '../../src/delivery/download';
import { DeliveryError, challengeText, checkChallenge, signRawData } from '../../src/delivery/protocol';
import { downloadName } from '../../src/delivery/save';
import { cardServers, loadCardServers, parseServerUrl, type ServerUrl } from '../../src/delivery/servers';
import type { HashEntry, HashOptions, Manifest } from '../../src/hash';
import { manifestFromFiles, manifestJson } from '../../src/hash/manifest';
import { sha256OfBlob } from '../../src/hash/stream';

const SERVER: ServerUrl = { base: 'http://127.0.0.1:19962', authority: '127.0.0.1:19962' };
const MODEL = 7n;
const NONCE = '3f0c1d2e3f405162738495a6b7c8d9e0';

/** The Register workers' hashing, without workers. */
async function hashInNode(entries: readonly HashEntry[], _opts: HashOptions): Promise<Manifest> {
  return manifestFromFiles(await Promise.all(entries.map(async (e) => ({ path: e.path, size: e.blob.size, sha256: await sha256OfBlob(e.blob) }))));
}

const FILES: Record<string, Uint8Array<ArrayBuffer>> = {
  'config.json': new TextEncoder().encode('{"dim":4}\n'),
  'shards/model 1.safetensors': Uint8Array.from({ length: 300_000 }, (_, i) => (i * 31) % 251),
};

let manifest: Manifest;
let pair: ReturnType<Keyring['addFromUri']>;

beforeAll(async () => {
  await cryptoWaitReady();
  pair = new Keyring({ type: 'sr25519', ss58Format: 42 }).addFromUri('//Bob');
  manifest = await hashInNode(
    Object.entries(FILES).map(([path, bytes]) => ({ path, blob: new Blob([bytes as Uint8Array<ArrayBuffer>]) })),
    {},
  );
});

interface FakeServer {
  fetch: typeof fetch;
  requests: string[];
  signedIn: boolean;
}

/**
 * A delivery server in a function: challenge, session (the signature checked as the Rust
 * server checks a wrapped one), manifest and files with the token. `change` alters its answers.
 */
function fakeServer(change: { session?: Response; files?: Record<string, Uint8Array>; challenge?: object } = {}): FakeServer {
  const server: FakeServer = { requests: [], signedIn: false, fetch: undefined as unknown as typeof fetch };
  const expires = 1_796_658_981_006;
  const message = challengeText(SERVER.authority, MODEL, NONCE, expires);
  server.fetch = async (input, init) => {
    const url = new URL(String(input));
    const route = url.pathname.replace(`/v1/models/${MODEL}/`, '');
    server.requests.push(route);
    if (route === 'challenge') {
      return Response.json(change.challenge ?? { server: SERVER.authority, model: Number(MODEL), nonce: NONCE, expires_at_ms: expires, message });
    }
    if (route === 'session') {
      if (change.session) return change.session;
      const body = JSON.parse(String(init?.body)) as { account: string; message: string; signature: `0x${string}` };
      const valid = body.message === message && sr25519Verify(u8aWrapBytes(new TextEncoder().encode(body.message)), body.signature, pair.publicKey);
      if (!valid) return new Response('the signature is not the account\'s signature of this challenge\n', { status: 401 });
      server.signedIn = true;
      return Response.json({ token: 'token-1', expires_at_ms: expires, recheck_ms: 30_000 });
    }
    if (new Headers(init?.headers).get('Authorization') !== 'Bearer token-1') return new Response('no session\n', { status: 401 });
    if (route === 'manifest') return new Response(manifestJson(manifest));
    const path = decodeURIComponent(route.replace(/^files\//, ''));
    const bytes = (change.files ?? FILES)[path];
    return bytes ? new Response(new Blob([bytes as Uint8Array<ArrayBuffer>])) : new Response('not found\n', { status: 404 });
  };
  return server;
}

/** A sink in memory that records what became of the files. */
function memorySink() {
  const files = new Map<string, Uint8Array[]>();
  const sink: Sink & { committed: string[]; discarded: string[] } = {
    committed: [],
    discarded: [],
    async open(path) {
      const chunks: Uint8Array[] = [];
      files.set(path, chunks);
      return { write: async (c) => void chunks.push(c.slice()), close: async () => undefined };
    },
    async read(path) {
      return new Blob((files.get(path) ?? []) as Uint8Array<ArrayBuffer>[]);
    },
    async commit(paths) {
      sink.committed.push(...paths);
      return 'memory';
    },
    async discard(paths) {
      sink.discarded.push(...paths);
    },
  };
  return sink;
}

/** What the wallet's signRaw does with the app's `data`: signs it wrapped in <Bytes>…</Bytes>. */
const walletSign = async (message: string) => u8aToHex(pair.sign(u8aWrapBytes(signRawData(message))));

function run(server: FakeServer, sink: Sink, root = `0x${manifest.root}`) {
  return downloadModel({ server: SERVER, model: MODEL, onChainRoot: root, account: pair.address, sign: walletSign, sink, fetcher: server.fetch, hash: hashInNode });
}

describe('the challenge', () => {
  it('is the text the Rust server writes, signed as UTF-8 bytes', () => {
    const text = challengeText('models.example.com', 1n, NONCE, 1796658981006);
    expect(text).toBe(
      `modelmint-delivery-v1\nSign in to download model 1 from models.example.com.\nserver: models.example.com\nmodel: 1\nnonce: ${NONCE}\nexpires: 1796658981006\n`,
    );
    expect(signRawData('ab\n')).toBe('0x61620a');
  });

  it('is signed only if it names the server asked and the model, in the exact text', () => {
    const good = { server: SERVER.authority, model: 7, nonce: NONCE, expires_at_ms: 5, message: challengeText(SERVER.authority, 7n, NONCE, 5) };
    expect(checkChallenge(good, SERVER, MODEL).message).toBe(good.message);
    expect(() => checkChallenge({ ...good, server: 'evil.test' }, SERVER, MODEL)).toThrow('not model 7 on 127.0.0.1:19962: nothing was signed');
    expect(() => checkChallenge({ ...good, model: 8 }, SERVER, MODEL)).toThrow('is for model 8');
    expect(() => checkChallenge({ ...good, message: `${good.message}Transfer everything.\n` }, SERVER, MODEL)).toThrow("not the protocol's text");
    expect(() => checkChallenge({ ...good, nonce: 'x' }, SERVER, MODEL)).toThrow("not the protocol's");
    expect(() => checkChallenge('nonsense', SERVER, MODEL)).toThrow(DeliveryError);
  });
});

describe('server addresses', () => {
  it('are read like the command line reads --from', () => {
    expect(parseServerUrl('https://Models.Example.com/mirror/')).toEqual({ base: 'https://models.example.com/mirror', authority: 'models.example.com' });
    expect(parseServerUrl(' http://127.0.0.1:19962 ')).toEqual(SERVER);
    for (const bad of ['', 'models.example.com', 'ftp://x.test', 'https://u:p@x.test', 'https://x.test/?a=1']) {
      expect(parseServerUrl(bad), bad).toHaveProperty('error');
    }
  });

  it('come from the card\'s "delivery" list; a card without one says so', async () => {
    expect(cardServers({ name: 'tiny', delivery: ['https://a.test/', 'https://a.test', 'http://b.test:8080'] })).toEqual({ servers: ['https://a.test', 'http://b.test:8080'], note: '' });
    expect(cardServers({ delivery: ['nope', 3] }).note).toContain('"nope", 3, which are not server addresses');
    expect(cardServers({ name: 'tiny' })).toEqual({ servers: [], note: 'The model card lists no delivery server ("delivery").' });
    expect(cardServers('text').servers).toEqual([]);
    const card = (body: string, status = 200) => (async () => new Response(body, { status })) as typeof fetch;
    expect((await loadCardServers('https://cards.test/tiny.json', '', card('{"delivery":["https://a.test"]}'))).servers).toEqual(['https://a.test']);
    expect((await loadCardServers('ipfs://Qm/card.md', 'https://gw.test/ipfs/', card('# Tiny\n'))).note).toContain('not JSON');
    expect((await loadCardServers('https://cards.test/x', '', card('', 404))).note).toContain('could not be fetched (404 from cards.test)');
    expect((await loadCardServers('ar://x', '', card('{}'))).note).toContain('cannot be opened');
  });

  it('browser downloads name a file by its whole path', () => {
    expect(downloadName('shards/model 1.safetensors')).toBe('shards__model 1.safetensors');
  });
});

describe('a download', () => {
  it('signs in with the wallet, streams every file, verifies it and only then saves', async () => {
    const server = fakeServer();
    const sink = memorySink();
    const done = await run(server, sink);
    expect(server.signedIn).toBe(true);
    expect(done.manifest.root).toBe(manifest.root);
    expect(sink.committed).toEqual(['config.json', 'shards/model 1.safetensors']);
    expect(sink.discarded).toEqual([]);
    expect(server.requests).toEqual(['challenge', 'session', 'manifest', 'files/config.json', 'files/shards/model%201.safetensors']);
  });

  it('keeps nothing when a file\'s bytes are not the manifest\'s', async () => {
    const wrong = FILES['shards/model 1.safetensors'].slice();
    wrong[1234] ^= 1;
    const sink = memorySink();
    const error = await run(fakeServer({ files: { ...FILES, 'shards/model 1.safetensors': wrong } }), sink).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeliveryError);
    expect(String((error as Error).message)).toMatch(/sent shards\/model 1\.safetensors with the sha256 [0-9a-f]{64}, not the manifest's [0-9a-f]{64}: nothing of the model was saved/);
    expect(sink.committed).toEqual([]);
    expect(sink.discarded).toEqual(['config.json', 'shards/model 1.safetensors']);
  });

  it('refuses a file longer than the manifest says, and a manifest of another root before any file', async () => {
    const longer = memorySink();
    const error = await run(fakeServer({ files: { ...FILES, 'config.json': new TextEncoder().encode('{"dim":4}\n\n') } }), longer).catch((e: unknown) => e);
    expect(String(error)).toContain("more than the manifest's 10 bytes of config.json");
    expect(longer.committed).toEqual([]);
    const server = fakeServer();
    const other = `0x${'ab'.repeat(32)}`;
    await expect(run(server, memorySink(), other)).rejects.toThrow(`not the model's root on chain ${other}: it serves other files; nothing was downloaded`);
    expect(server.requests.some((r) => r.startsWith('files/'))).toBe(false);
  });

  it("shows the server's refusal as its sentence with its status", async () => {
    const sentence = '5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty holds no valid license on model 7 (none, expired, voided or transferred away); nothing was served';
    const server = fakeServer({ session: new Response(`${sentence}\n`, { status: 403 }) });
    const error = (await run(server, memorySink()).catch((e: unknown) => e)) as DeliveryError;
    expect(error).toBeInstanceOf(DeliveryError);
    expect(error.status).toBe(403);
    expect(error.message).toBe(`The server refused (403): ${sentence}`);
  });

  it('signs nothing for a challenge of another server', async () => {
    const server = fakeServer({ challenge: { server: 'evil.test', model: 7, nonce: NONCE, expires_at_ms: 5, message: challengeText('evil.test', MODEL, NONCE, 5) } });
    let signed = false;
    const sign = async () => {
      signed = true;
      return '0x';
    };
    await expect(
      downloadModel({ server: SERVER, model: MODEL, onChainRoot: `0x${manifest.root}`, account: pair.address, sign, sink: memorySink(), fetcher: server.fetch, hash: hashInNode }),
    ).rejects.toThrow('nothing was signed');
    expect(signed).toBe(false);
  });

  it('says a server that cannot be reached may not allow this origin', async () => {
    const down = (async () => {
      throw new TypeError('Failed to fetch');
    }) as typeof fetch;
    await expect(
      downloadModel({ server: SERVER, model: MODEL, onChainRoot: `0x${manifest.root}`, account: pair.address, sign: walletSign, sink: memorySink(), fetcher: down, hash: hashInNode }),
    ).rejects.toThrow(/could not be reached, or it does not let this web app call it \(its publisher must allow this origin\): Failed to fetch/);
  });
});
