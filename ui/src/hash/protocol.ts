// Messages between hashFiles (index.ts) and its workers (worker.ts).

/** Main thread -> worker: hash one file. `id` ties the answers to the request. */
export interface HashRequest {
  id: number;
  file: Blob;
}

/** Worker -> main thread. */
export type HashReply =
  /** `bytes` more bytes of file `id` were hashed (one chunk). */
  | { type: 'progress'; id: number; bytes: number }
  /** File `id` is hashed. */
  | { type: 'done'; id: number; sha256: string; size: number }
  /** File `id` could not be read; `message` says why in words, `name` is the DOMException name. */
  | { type: 'error'; id: number; name: string; message: string };
