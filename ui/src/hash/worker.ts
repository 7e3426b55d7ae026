// A module Web Worker that hashes the files hashFiles (index.ts) sends it, one at a time,
// so that hashing gigabytes never blocks the page. Cancelling is the main thread
// terminating the worker: that stops a read or a hash in the middle of a chunk at once,
// which a "cancel" message could only do between chunks.
/// <reference lib="webworker" />
import type { HashReply, HashRequest } from './protocol';
import { createSHA256 } from 'hash-wasm';
import { CHUNK_SIZE, sha256OfBlob } from './stream';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const reply = (message: HashReply) => scope.postMessage(message);
// One hasher per worker, reset for each file (files arrive one at a time).
const hasher = createSHA256();

scope.onmessage = async ({ data }: MessageEvent<HashRequest>) => {
  const { id, file } = data;
  try {
    const sha256 = await sha256OfBlob(file, (bytes) => reply({ type: 'progress', id, bytes }), CHUNK_SIZE, await hasher);
    reply({ type: 'done', id, sha256, size: file.size });
  } catch (error) {
    const name = error instanceof Error ? error.name : 'Error';
    reply({ type: 'error', id, name, message: error instanceof Error ? error.message : String(error) });
  }
};
