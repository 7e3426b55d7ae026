// The test vectors of tools/model-hash (its README, "Test vectors", and tests/vectors.rs),
// computed there with coreutils only. The web app must reproduce every one of them, in Node
// (tests/unit) and through the real workers in Chromium (tests/browser).

const bytes = (text: string) => new TextEncoder().encode(text);

/** A file of a test model: its manifest path and contents. */
export interface VectorFile {
  path: string;
  contents: Uint8Array<ArrayBuffer>;
}

export interface Vector {
  name: string;
  files: VectorFile[];
  /** The coreutils manifest text (absent for vectors that state only the root). */
  text?: string;
  root: string;
}

/** The README's directory vector: hidden empty `.keep` first, `shards-index.json` before `shards/`. */
export const DIRECTORY_VECTOR: Vector = {
  name: 'directory',
  files: [
    { path: 'config.json', contents: bytes('{"dim":4}\n') },
    { path: 'vocab.txt', contents: bytes('abc') },
    { path: '.keep', contents: new Uint8Array(0) },
    { path: 'shards/model-00001.safetensors', contents: new Uint8Array([0, 1, 2, 3, 0xff]) },
    { path: 'shards-index.json', contents: bytes('{"shards":1}\n') },
  ],
  text:
    'modelmint-manifest-v1\n' +
    'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855  0  .keep\n' +
    '6133eaf01616815fedb87e788aaac7a82d94feb6c81f3cd1be8415beb7b83326  10  config.json\n' +
    '5e3b64c284a7f51b4d12e663e2e37968e266c46b10f5c71d27405de15a512b25  13  shards-index.json\n' +
    'ff5d8507b6a72bee2debce2c0054798deaccdc5d8a1b945b6280ce8aa9cba52e  5  shards/model-00001.safetensors\n' +
    'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad  3  vocab.txt\n',
  root: 'aa6598206e1a96d514cb892f781a491135f06f94fcad2b2e72eeb4f14b775be2',
};

/** The README's single-file vector: the entry is named after the file. */
export const SINGLE_FILE_VECTOR: Vector = {
  name: 'single file',
  files: [{ path: 'model.bin', contents: bytes('abc') }],
  text:
    'modelmint-manifest-v1\n' +
    'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad  3  model.bin\n',
  root: 'c715ac53186507e4239bac9cd697ea930eaf98b46c652829344e9a37b586dce4',
};

/** `seq 1 1000000 | head -c len`: the Rust tests' non-periodic ASCII content. */
export function counterBytes(len: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(len);
  const encoder = new TextEncoder();
  for (let n = 1, at = 0; at < len; n++) {
    const line = encoder.encode(`${n}\n`);
    out.set(line.subarray(0, len - at), at);
    at += line.length;
  }
  return out;
}

export const LARGE_FILE_SIZE = 3 * 1024 * 1024 + 7;
export const LARGE_FILE_SHA256 = '4c4a5c0ed45ff6b0de1c7ab5189898446eb98e5b63c01a13d6cc4dc34e11bcb9';

/** The README's large single-file vector (3 MiB + 7 bytes). */
export const LARGE_FILE_VECTOR: Vector = {
  name: 'large single file',
  files: [{ path: 'counter.bin', contents: counterBytes(LARGE_FILE_SIZE) }],
  root: 'b20435d98186c68c97ed5358f690f5e641bce0fc5516d915214cdf4b33d74e5a',
};

export const VECTORS: readonly Vector[] = [DIRECTORY_VECTOR, SINGLE_FILE_VECTOR, LARGE_FILE_VECTOR];
