// Downloading a model the account is licensed for, verified before anything is saved: every
// file is streamed from the server into a place of its own (a partial folder, or memory),
// then hashed by the same workers and manifest code as the Register page (../hash), and each
// sha256 compared with the manifest whose root is the model's root on chain. Only when every
// file is verified does anything get its final name; a single wrong byte keeps nothing.
import { errorText } from '../chain/wallet';
import { hashEntries, type HashEntry, type HashOptions, type Manifest } from '../hash';
import { DeliveryError, fileRoute, signIn, type SignMessage } from './protocol';
import type { ServerUrl } from './servers';

/** Where the downloaded bytes go until verified, and what happens to them after. */
export interface Sink {
  /** Opens `path` (a manifest path) for writing from its start. */
  open(path: string): Promise<SinkFile>;
  /** What was written to `path`, for hashing. */
  read(path: string): Promise<Blob>;
  /** Gives every written file its final name; returns where they went, in words. */
  commit(paths: readonly string[]): Promise<string>;
  /** Deletes what was written; nothing of it is kept. */
  discard(paths: readonly string[]): Promise<void>;
}

export interface SinkFile {
  write(chunk: Uint8Array): Promise<void>;
  close(): Promise<void>;
}

/** How far a download is. */
export interface DownloadProgress {
  phase: 'signing-in' | 'downloading' | 'verifying' | 'saving';
  /** Bytes received (downloading) or hashed (verifying) so far, of `totalBytes`. */
  bytes: number;
  totalBytes: number;
  /** Files received or hashed completely. */
  files: number;
  totalFiles: number;
  /** Average speed of the phase so far, in MiB (2^20 bytes) per second. */
  mibPerSecond: number;
}

/** What a finished download did. */
export interface Downloaded {
  manifest: Manifest;
  /** Where the files went, in words. */
  savedTo: string;
}

export interface DownloadOptions {
  server: ServerUrl;
  model: bigint;
  /** The model's content root in the registry, 0x-prefixed hex. */
  onChainRoot: string;
  /** The account that signs in (SS58). */
  account: string;
  sign: SignMessage;
  sink: Sink;
  onProgress?(progress: DownloadProgress): void;
  signal?: AbortSignal;
  /** The network (tests pass another). */
  fetcher?: typeof fetch;
  /** The hashing (the Register page's workers; unit tests under Node pass the same code without workers). */
  hash?: (entries: readonly HashEntry[], opts: HashOptions) => Promise<Manifest>;
}

/** Progress reports at most this often while bytes stream in. */
const PROGRESS_INTERVAL_MS = 100;

function rate(bytes: number, since: number): number {
  const seconds = (performance.now() - since) / 1000;
  return seconds > 0 ? bytes / (1024 * 1024) / seconds : 0;
}

/**
 * Signs in, reads and checks the manifest, downloads every file into `sink`, verifies them
 * all, and only then commits them. Rejects with a DeliveryError (or the AbortError of
 * `signal`); whatever it wrote is discarded first.
 */
export async function downloadModel(options: DownloadOptions): Promise<Downloaded> {
  const { server, model, onChainRoot, account, sign, sink, onProgress, signal } = options;
  const fetcher = options.fetcher ?? fetch.bind(globalThis);
  const hash = options.hash ?? hashEntries;
  onProgress?.({ phase: 'signing-in', bytes: 0, totalBytes: 0, files: 0, totalFiles: 0, mibPerSecond: 0 });
  const session = await signIn(server, model, account, sign, fetcher, signal);
  const manifest = await session.manifest(onChainRoot, signal);
  const { files, total_size: totalBytes } = manifest;
  const written: string[] = [];
  try {
    const started = performance.now();
    let bytes = 0;
    let reported = -Infinity;
    const report = (done: number, always = false) => {
      const now = performance.now();
      if (!always && now - reported < PROGRESS_INTERVAL_MS) return;
      reported = now;
      onProgress?.({ phase: 'downloading', bytes, totalBytes, files: done, totalFiles: files.length, mibPerSecond: rate(bytes, started) });
    };
    report(0, true);
    for (const [index, entry] of files.entries()) {
      const response = await session.get(fileRoute(entry.path), signal);
      const file = await sink.open(entry.path);
      written.push(entry.path);
      const received = await stream(response, file, entry.path, entry.size, (chunk) => {
        bytes += chunk;
        report(index);
      });
      await file.close();
      if (received !== entry.size) {
        throw new DeliveryError(`The server sent ${received} bytes of ${entry.path}, not the manifest's ${entry.size}: nothing was saved.`);
      }
      report(index + 1, true);
    }
    const verified = await verify(manifest, sink, hash, onProgress, signal);
    onProgress?.({ phase: 'saving', bytes: totalBytes, totalBytes, files: files.length, totalFiles: files.length, mibPerSecond: 0 });
    const savedTo = await sink.commit(files.map((f) => f.path));
    return { manifest: verified, savedTo };
  } catch (error) {
    await sink.discard(written).catch(() => undefined);
    throw error;
  }
}

/** Copies a response body into `file`; returns the bytes received. */
async function stream(response: Response, file: SinkFile, path: string, size: number, onChunk: (bytes: number) => void): Promise<number> {
  if (!response.body) throw new DeliveryError(`The server sent no body for ${path}: nothing was saved.`);
  const reader = response.body.getReader();
  let received = 0;
  for (;;) {
    let next: ReadableStreamReadResult<Uint8Array>;
    try {
      next = await reader.read();
    } catch (error) {
      if (error instanceof DOMException && error.name === 'AbortError') throw error;
      throw new DeliveryError(
        `The download of ${path} broke off after ${received} of ${size} bytes (${errorText(error)}); the server may have stopped it because the license ended: nothing was saved.`,
      );
    }
    if (next.done) return received;
    received += next.value.byteLength;
    // More than the manifest's size is wrong already: stop before writing it.
    if (received > size) {
      await reader.cancel().catch(() => undefined);
      throw new DeliveryError(`The server sent more than the manifest's ${size} bytes of ${path}: nothing was saved.`);
    }
    await file.write(next.value);
    onChunk(next.value.byteLength);
  }
}

/**
 * Hashes what was written, exactly as Register hashes a chosen folder, and compares every
 * sha256 with the manifest's (whose root is the chain's); returns the manifest of the written bytes.
 */
export async function verify(
  manifest: Manifest,
  sink: Pick<Sink, 'read'>,
  hash: (entries: readonly HashEntry[], opts: HashOptions) => Promise<Manifest>,
  onProgress?: (progress: DownloadProgress) => void,
  signal?: AbortSignal,
): Promise<Manifest> {
  const entries = await Promise.all(manifest.files.map(async (f) => ({ path: f.path, blob: await sink.read(f.path) })));
  const started = performance.now();
  const hashed = await hash(entries, {
    signal,
    onProgress: (p) => onProgress?.({ phase: 'verifying', bytes: p.bytes, totalBytes: p.totalBytes, files: p.files, totalFiles: p.totalFiles, mibPerSecond: rate(p.bytes, started) }),
  });
  for (const expected of manifest.files) {
    const got = hashed.files.find((f) => f.path === expected.path);
    if (!got || got.sha256 !== expected.sha256 || got.size !== expected.size) {
      throw new DeliveryError(
        `The server sent ${expected.path} with the sha256 ${got?.sha256 ?? '(missing)'}, not the manifest's ${expected.sha256}: nothing of the model was saved.`,
      );
    }
  }
  // Every file matched, so the recomputed root is the manifest's, which is the chain's; checked anyway.
  if (hashed.root !== manifest.root) {
    throw new DeliveryError(`The downloaded files have the root 0x${hashed.root}, not the model's 0x${manifest.root}: nothing was saved.`);
  }
  return hashed;
}
