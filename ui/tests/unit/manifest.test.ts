// The manifest encoding of tools/model-hash, in Node: its test vectors, its path order and
// refusals, and the JSON form. The CLI's own output is compared in manifest-cli.test.ts.
import { describe, expect, it } from 'vitest';
import {
  ManifestError,
  checkManifestPaths,
  compareUtf8,
  manifestFromFiles,
  manifestJson,
  manifestPaths,
  manifestText,
  parseManifestJson,
  type ManifestFile,
} from '../../src/hash/manifest';
import { CHUNK_SIZE, FileChangedError, sha256OfBlob } from '../../src/hash/stream';
import {
  DIRECTORY_VECTOR,
  LARGE_FILE_SHA256,
  LARGE_FILE_SIZE,
  LARGE_FILE_VECTOR,
  VECTORS,
  type VectorFile,
} from '../support/vectors';

async function entriesOf(files: readonly VectorFile[]): Promise<ManifestFile[]> {
  return Promise.all(
    files.map(async (f) => ({
      path: f.path,
      size: f.contents.length,
      sha256: await sha256OfBlob(new Blob([f.contents])),
    })),
  );
}

const fill = (byte: string) => byte.repeat(32);
const entry = (path: string, size = 1, sha256 = fill('00')): ManifestFile => ({ path, size, sha256 });
const paths = (files: ManifestFile[]) => files.map((f) => f.path);

describe('test vectors of tools/model-hash', () => {
  for (const vector of VECTORS) {
    it(`${vector.name}: root ${vector.root.slice(0, 6)}…`, async () => {
      const manifest = manifestFromFiles(await entriesOf(vector.files));
      if (vector.text !== undefined) expect(manifestText(manifest)).toBe(vector.text);
      expect(manifest.root).toBe(vector.root);
      expect(manifest.total_size).toBe(vector.files.reduce((n, f) => n + f.contents.length, 0));
    });
  }

  it('directory vector: the root does not depend on the order the files come in', async () => {
    const entries = await entriesOf(DIRECTORY_VECTOR.files);
    for (const order of [[4, 3, 2, 1, 0], [2, 4, 0, 3, 1], [3, 0, 4, 1, 2]]) {
      const manifest = manifestFromFiles(order.map((i) => entries[i]));
      expect(manifest.root, `order ${order}`).toBe(DIRECTORY_VECTOR.root);
      expect(manifest.files[0].path).toBe('.keep');
    }
  });

  it('large file vector: the same digest whatever the chunk size, every byte reported', async () => {
    const blob = new Blob([LARGE_FILE_VECTOR.files[0].contents]);
    for (const chunkSize of [CHUNK_SIZE, 1024 * 1024, 1000, LARGE_FILE_SIZE, LARGE_FILE_SIZE - 1]) {
      let reported = 0;
      let chunks = 0;
      const digest = await sha256OfBlob(blob, (n) => ((reported += n), chunks++), chunkSize);
      expect(digest, `chunk size ${chunkSize}`).toBe(LARGE_FILE_SHA256);
      expect(reported).toBe(LARGE_FILE_SIZE);
      expect(chunks).toBe(Math.ceil(LARGE_FILE_SIZE / chunkSize));
    }
  });

  it('an empty file hashes to the SHA-256 of nothing without reading a chunk', async () => {
    let chunks = 0;
    const digest = await sha256OfBlob(new Blob([]), () => chunks++);
    expect(digest).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(chunks).toBe(0);
  });

  it('a blob that yields fewer bytes than its size is refused as changed', async () => {
    const real = new Blob([new Uint8Array(10)]);
    // A Blob whose slices come back short, as a file truncated after it was chosen would.
    const shrunk = {
      size: 20,
      slice: (start: number, end: number) => real.slice(start, end),
    } as unknown as Blob;
    await expect(sha256OfBlob(shrunk, () => {}, 8)).rejects.toThrow(FileChangedError);
    await expect(sha256OfBlob(shrunk, () => {}, 8)).rejects.toThrow(
      'the file changed while being hashed (chosen with 20 bytes, read 10)',
    );
  });
});

describe('manifest text and order', () => {
  it('has the header, two-space separators and a final newline (Rust unit test)', () => {
    const manifest = manifestFromFiles([entry('b.bin', 7, fill('11')), entry('a.json', 0, fill('ab'))]);
    expect(manifestText(manifest)).toBe(
      `modelmint-manifest-v1\n${fill('ab')}  0  a.json\n${fill('11')}  7  b.bin\n`,
    );
    expect(manifest.total_size).toBe(7);
  });

  it('sorts byte-wise: .keep < Z < a < a-b < a.b < a/b', () => {
    const manifest = manifestFromFiles(['a/b', 'a-b', 'a', 'Z', 'a.b', '.keep'].map((p) => entry(p)));
    expect(paths(manifest.files)).toEqual(['.keep', 'Z', 'a', 'a-b', 'a.b', 'a/b']);
  });

  it('sorts by UTF-8 bytes where UTF-16 order differs (characters above U+FFFF)', () => {
    const names = ['x/\u{1F600}', 'x/\u{FF61}', 'x/\u{E000}', 'x/é', 'x/z'];
    // JavaScript's own order compares UTF-16 units: the surrogate pair D83D DE00 sorts first.
    expect([...names].sort()).toEqual(['x/z', 'x/é', 'x/\u{1F600}', 'x/\u{E000}', 'x/\u{FF61}']);
    const manifest = manifestFromFiles(names.map((p) => entry(p)));
    expect(paths(manifest.files)).toEqual(['x/z', 'x/é', 'x/\u{E000}', 'x/\u{FF61}', 'x/\u{1F600}']);
    expect(compareUtf8('\u{FF61}', '\u{1F600}')).toBeLessThan(0);
    expect(compareUtf8('a', 'a')).toBe(0);
    expect(compareUtf8('a', 'ab')).toBeLessThan(0);
  });
});

describe('refusals, as the Rust tool refuses', () => {
  it.each([
    ['a\nb', 'name contains a newline'],
    ['a\rb', 'name contains a carriage return'],
    ['a\\b', 'name contains a backslash'],
    ['', 'not a normalized relative path'],
    ['/abs', 'not a normalized relative path'],
    ['a//b', 'not a normalized relative path'],
    ['a/./b', 'not a normalized relative path'],
    ['../b', 'not a normalized relative path'],
    ['dir/', 'not a normalized relative path'],
    ['bad\uD800name', 'name is not valid UTF-8'],
  ])('path %j: %s', (path, why) => {
    expect(() => manifestFromFiles([entry(path)])).toThrow(ManifestError);
    expect(() => manifestFromFiles([entry(path)])).toThrow(why);
    expect(() => checkManifestPaths([path])).toThrow(why);
  });

  it('refuses duplicates, an empty list, bad digests and sizes', () => {
    expect(() => manifestFromFiles([entry('x'), entry('x', 2)])).toThrow('duplicate entry path "x"');
    expect(() => checkManifestPaths(['x', 'y', 'x'])).toThrow('duplicate entry path "x"');
    expect(() => manifestFromFiles([])).toThrow('manifest has no entries');
    expect(() => checkManifestPaths([])).toThrow('manifest has no entries');
    expect(() => manifestFromFiles([entry('x', 1, fill('AB'))])).toThrow('not 64 lowercase hex digits');
    expect(() => manifestFromFiles([entry('x', 1, 'ab')])).toThrow('not 64 lowercase hex digits');
    for (const size of [-1, 1.5, Number.MAX_SAFE_INTEGER + 1, Number.NaN]) {
      expect(() => manifestFromFiles([entry('x', size)]), `size ${size}`).toThrow('size of x');
    }
    expect(() =>
      manifestFromFiles([entry('a', Number.MAX_SAFE_INTEGER), entry('b', 1)]),
    ).toThrow('total size is not a whole number of bytes');
  });
});

describe('paths of chosen files', () => {
  it('drops the chosen folder from folder paths and names a lone file by its name', () => {
    expect(
      manifestPaths([
        { name: 'config.json', webkitRelativePath: 'tiny-llama/config.json' },
        { name: 'a.bin', webkitRelativePath: 'tiny-llama/shards/a.bin' },
      ]),
    ).toEqual(['config.json', 'shards/a.bin']);
    expect(manifestPaths([{ name: 'model.gguf', webkitRelativePath: '' }])).toEqual(['model.gguf']);
  });

  it('refuses files from two folders and a folder path without a file part', () => {
    expect(() =>
      manifestPaths([
        { name: 'a', webkitRelativePath: 'one/a' },
        { name: 'b', webkitRelativePath: 'two/b' },
      ]),
    ).toThrow('the files come from two folders ("one" and "two")');
    expect(() => manifestPaths([{ name: 'a', webkitRelativePath: 'a' }])).toThrow(
      'has no path inside that folder',
    );
  });
});

describe('JSON form', () => {
  const manifest = manifestFromFiles([
    entry('shards/m.safetensors', 5 * 2 ** 40, fill('5a')),
    entry('config.json', 10, fill('01')),
  ]);
  const json = manifestJson(manifest);

  it('is compact, in the CLI key order, ends with a newline, and round-trips', () => {
    expect(json.startsWith('{"format":"modelmint-manifest-v1","root":"')).toBe(true);
    expect(json).toBe(
      `{"format":"modelmint-manifest-v1","root":"${manifest.root}","total_size":${5 * 2 ** 40 + 10},` +
        `"files":[{"path":"config.json","size":10,"sha256":"${fill('01')}"},` +
        `{"path":"shards/m.safetensors","size":${5 * 2 ** 40},"sha256":"${fill('5a')}"}]}\n`,
    );
    expect(parseManifestJson(json)).toEqual(manifest);
  });

  it('refuses a manifest whose files do not give its root', () => {
    const tampered = json.replace('"size":10', '"size":11');
    expect(() => parseManifestJson(tampered)).toThrow(
      `stated root ${manifest.root} does not match computed root`,
    );
    const reordered = manifestJson({ ...manifest, files: [...manifest.files].reverse() });
    // Order is not data: the files are sorted again, so the root still matches.
    expect(parseManifestJson(reordered)).toEqual(manifest);
  });

  it.each([
    ['a wrong total', (j: string) => j.replace(`"total_size":${5 * 2 ** 40 + 10}`, '"total_size":1'), 'stated total_size 1 does not match sum of sizes'],
    ['another format', (j: string) => j.replace('manifest-v1', 'manifest-v2'), 'unsupported manifest format "modelmint-manifest-v2"'],
    ['an uppercase root', (j: string) => j.replace(manifest.root, manifest.root.toUpperCase()), 'root is not 64 lowercase hex digits'],
    ['an unknown field', (j: string) => j.replace('{"format"', '{"extra":1,"format"'), 'unknown field "extra"'],
    ['a file with an unknown field', (j: string) => j.replace('{"path":"config.json"', '{"mode":1,"path":"config.json"'), 'file 1 has unknown field "mode"'],
    ['a missing field', (j: string) => j.replace('"size":10,', ''), 'file 1 lacks field "size"'],
    ['an empty object', () => '{}', 'lacks field "format"'],
    ['no JSON', () => 'modelmint-manifest-v1\n', 'malformed manifest JSON'],
    ['a list', () => '[]', 'the manifest is not an object'],
    ['a size as a string', (j: string) => j.replace('"size":10', '"size":"10"'), 'size of config.json is not a whole number'],
    ['a backslash in a path', (j: string) => j.replace('config.json', 'conf\\\\ig.json'), 'name contains a backslash'],
    ['no files', (j: string) => j.replace(/"files":\[.*\]/, '"files":[]'), 'manifest has no entries'],
  ])('refuses %s', (_what, edit, message) => {
    expect(() => parseManifestJson(edit(json))).toThrow(ManifestError);
    expect(() => parseManifestJson(edit(json))).toThrow(message);
  });

  it('escapes paths as serde_json does', () => {
    const odd = manifestFromFiles([entry('quote"tab\tctl\u0001 é\u{1F600}/x')]);
    expect(manifestJson(odd)).toContain('"path":"quote\\"tab\\tctl\\u0001 é\u{1F600}/x"');
    expect(parseManifestJson(manifestJson(odd))).toEqual(odd);
  });
});
