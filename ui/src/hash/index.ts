// Hashing a model in the browser: the files a user picked become the same manifest and root
// that `modelmint-hash` computes for them. The files are hashed in module Web Workers
// (worker.ts), so the page stays responsive; the manifest rules live in manifest.ts.
import type { Manifest, ManifestFile } from './manifest';
import { checkManifestPaths, manifestFromFiles, manifestPaths } from './manifest';
import type { HashReply, HashRequest } from './protocol';

export type { Manifest, ManifestFile } from './manifest';
export {
  MANIFEST_FORMAT,
  ManifestError,
  compareUtf8,
  manifestFromFiles,
  manifestJson,
  manifestText,
  parseManifestJson,
} from './manifest';

/** How far hashing is; `files` counts the files completely hashed. */
export interface HashProgress {
  bytes: number;
  totalBytes: number;
  files: number;
  totalFiles: number;
  /** Average speed since hashing started, in MiB (2^20 bytes) per second. */
  mibPerSecond: number;
}

export interface HashOptions {
  /**
   * Called at the start, as chunks (8 MiB at most) and files are hashed (at most every
   * 50 ms), and once all is hashed (bytes === totalBytes, files === totalFiles).
   */
  onProgress?(progress: HashProgress): void;
  /** Aborting it stops the workers at once; `hashFiles` then rejects with an AbortError. */
  signal?: AbortSignal;
}

/** The sentence for an empty selection (a folder picker gives no file for an empty folder). */
export const EMPTY_SELECTION =
  'No file to hash: choose a model file or a folder that contains files. ' +
  'Note that the browser skips symbolic links inside a folder; if the model is made of links ' +
  '(a Hugging Face cache snapshot is), hash it with modelmint-hash and import its manifest JSON.';

/**
 * More workers than files or cores gains nothing; past 4 the reads of one disk compete
 * rather than add up, and each worker holds up to two 8 MiB chunks.
 */
const MAX_WORKERS = 4;

/**
 * A model of thousands of small files would otherwise report thousands of times a second;
 * a progress bar needs no more than a few updates a second.
 */
const PROGRESS_INTERVAL_MS = 50;

function abortError(): DOMException {
  return new DOMException('Hashing was cancelled.', 'AbortError');
}

/** A read failure as a sentence; Chromium reports a file changed since it was picked as NotReadableError. */
function readFailure(path: string, name: string, message: string): Error {
  const why =
    name === 'NotReadableError'
      ? 'it was changed, moved or deleted after it was chosen, or it is not readable; choose it again'
      : name === 'NotFoundError'
        ? 'it no longer exists; choose the model again'
        : message;
  return new Error(`Cannot hash ${path}: ${why}.`);
}

/**
 * Hashes the chosen files into a manifest. Files from a folder picker carry
 * `webkitRelativePath` (`folder/sub/file`): their manifest path drops the folder's own name.
 * A file chosen on its own is named by its file name. Paths are checked before any byte is
 * read. Rejects with an Error for an empty selection or an invalid path, with an AbortError
 * when `signal` aborts.
 */
export async function hashFiles(files: File[], opts: HashOptions = {}): Promise<Manifest> {
  if (files.length === 0) throw new Error(EMPTY_SELECTION);
  const paths = manifestPaths(files);
  return hashEntries(paths.map((path, i) => ({ path, blob: files[i] })), opts);
}

/** Contents to hash under a manifest path: a chosen file, or a file a download wrote. */
export interface HashEntry {
  path: string;
  blob: Blob;
}

/**
 * Hashes contents already named by their manifest paths into a manifest, in the same workers
 * and with the same manifest rules as `hashFiles` (which names chosen files, then calls this).
 * Paths are checked before any byte is read. Rejects like `hashFiles`.
 */
export async function hashEntries(entries: readonly HashEntry[], opts: HashOptions = {}): Promise<Manifest> {
  const { onProgress, signal } = opts;
  const paths = entries.map((entry) => entry.path);
  checkManifestPaths(paths);
  if (signal?.aborted) throw abortError();
  const files = entries.map((entry) => entry.blob);

  const totalBytes = files.reduce((sum, file) => sum + file.size, 0);
  const totalFiles = files.length;
  // Largest first, as the Rust tool does: the last file to finish is then a small one, so
  // the workers stay busy until the end.
  const order = files.map((_, i) => i).sort((a, b) => files[b].size - files[a].size);
  const workerCount = Math.max(
    1,
    Math.min(totalFiles, navigator.hardwareConcurrency || 1, MAX_WORKERS),
  );

  return new Promise<Manifest>((resolve, reject) => {
    const workers: Worker[] = [];
    const digests: string[] = new Array<string>(totalFiles);
    const started = performance.now();
    let next = 0;
    let hashedFiles = 0;
    let hashedBytes = 0;
    let settled = false;

    let reported = -Infinity;
    /** At most every PROGRESS_INTERVAL_MS, and always at the start and the end. */
    const report = (always: boolean) => {
      const now = performance.now();
      if (!always && now - reported < PROGRESS_INTERVAL_MS) return;
      reported = now;
      const seconds = (now - started) / 1000;
      onProgress?.({
        bytes: hashedBytes,
        totalBytes,
        files: hashedFiles,
        totalFiles,
        mibPerSecond: seconds > 0 ? hashedBytes / (1024 * 1024) / seconds : 0,
      });
    };
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      for (const worker of workers) worker.terminate();
      outcome();
    };
    const fail = (error: unknown) => settle(() => reject(error));
    const onAbort = () => fail(abortError());
    const dispatch = (worker: Worker) => {
      if (next >= order.length) return;
      const id = order[next++];
      const request: HashRequest = { id, file: files[id] };
      worker.postMessage(request);
    };
    const onReply = (worker: Worker, reply: HashReply) => {
      if (settled) return;
      switch (reply.type) {
        case 'progress':
          hashedBytes += reply.bytes;
          report(false);
          return;
        case 'error':
          fail(readFailure(paths[reply.id], reply.name, reply.message));
          return;
        case 'done':
          digests[reply.id] = reply.sha256;
          hashedFiles += 1;
          report(hashedFiles === totalFiles);
          if (hashedFiles < totalFiles) {
            dispatch(worker);
            return;
          }
          settle(() => {
            try {
              const entries: ManifestFile[] = paths.map((path, i) => ({
                path,
                size: files[i].size,
                sha256: digests[i],
              }));
              resolve(manifestFromFiles(entries));
            } catch (error) {
              reject(error);
            }
          });
      }
    };

    signal?.addEventListener('abort', onAbort);
    report(true);
    for (let i = 0; i < workerCount; i++) {
      const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
      worker.onmessage = (event: MessageEvent<HashReply>) => onReply(worker, event.data);
      worker.onerror = (event) =>
        fail(new Error(`The hashing worker failed: ${event.message || 'it could not be started'}.`));
      workers.push(worker);
      dispatch(worker);
    }
  });
}
