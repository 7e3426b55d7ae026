// SHA-256 of a Blob (a File is one) read in chunks: the loop that runs inside each hashing
// worker, kept apart from the worker's message plumbing so that it also runs under Node
// (unit tests) where Blob and hash-wasm exist as well.
import { createSHA256, type IHasher } from 'hash-wasm';

/**
 * 8 MiB per read: large enough that the per-call cost of `Blob.slice().arrayBuffer()` and of
 * crossing into WebAssembly vanishes, small enough that a worker holds at most two chunks
 * (the one being hashed and the next one being read) whatever the file size.
 */
export const CHUNK_SIZE = 8 * 1024 * 1024;

/** The file's contents no longer have the size it had when it was chosen. */
export class FileChangedError extends Error {
  constructor(listed: number, read: number) {
    super(`the file changed while being hashed (chosen with ${listed} bytes, read ${read})`);
    this.name = 'FileChangedError';
  }
}

/**
 * Hashes `blob` chunk by chunk, calling `onChunk(bytes)` after each chunk; returns the
 * lowercase hex digest. WebCrypto's digest cannot be fed incrementally, so hash-wasm's
 * incremental SHA-256 is used. The next chunk is read while the current one is hashed.
 */
export async function sha256OfBlob(
  blob: Blob,
  onChunk: (bytes: number) => void = () => {},
  chunkSize: number = CHUNK_SIZE,
  hasher?: IHasher,
): Promise<string> {
  // A worker passes its one hasher for every file: a model of thousands of small files
  // then costs one WebAssembly instance, not one per file.
  hasher = hasher ?? (await createSHA256());
  hasher.init();
  const read = (offset: number) => blob.slice(offset, Math.min(offset + chunkSize, blob.size)).arrayBuffer();
  let next: Promise<ArrayBuffer> | null = blob.size > 0 ? read(0) : null;
  for (let offset = 0; next !== null; ) {
    const chunk = await next;
    const expected = Math.min(chunkSize, blob.size - offset);
    if (chunk.byteLength !== expected) {
      // Browsers normally refuse to read a file changed since it was chosen; this catches the rest.
      throw new FileChangedError(blob.size, offset + chunk.byteLength);
    }
    offset += chunk.byteLength;
    next = offset < blob.size ? read(offset) : null;
    hasher.update(new Uint8Array(chunk));
    onChunk(chunk.byteLength);
  }
  return hasher.digest('hex');
}
