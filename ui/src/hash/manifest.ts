// The model manifest v1 of tools/model-hash (its README, "Manifest v1 (exact encoding)"),
// in TypeScript: the web app must produce byte for byte the manifest text, the root and
// the JSON that `modelmint-hash` produces for the same files, since the root is what the
// registry stores and a licensee rechecks a model with the command line tool.
//
// Everything here is pure and synchronous. The root is the SHA-256 of a short text, so it
// is computed with @noble/hashes' synchronous SHA-256: that keeps `parseManifestJson`
// synchronous; the files themselves are hashed by hash-wasm in workers (worker.ts).
import { sha256 } from '@noble/hashes/sha2';
import { bytesToHex } from '@noble/hashes/utils';

/** First line of every v1 manifest text, and the `format` field of its JSON form. */
export const MANIFEST_FORMAT = 'modelmint-manifest-v1';

/** One file of a model, as in the CLI's JSON manifest. */
export interface ManifestFile {
  /** Path relative to the model folder, `/`-separated (the file name for a single file). */
  path: string;
  /** Size in bytes. */
  size: number;
  /** SHA-256 of the contents, 64 lowercase hex digits. */
  sha256: string;
}

/** A validated manifest: files in byte-wise UTF-8 order of their paths, root recomputed. */
export interface Manifest {
  format: typeof MANIFEST_FORMAT;
  /** SHA-256 of the manifest text, lowercase hex without 0x: the value the registry stores. */
  root: string;
  total_size: number;
  files: ManifestFile[];
}

/** Why a path cannot appear in a manifest (the Rust tool's `PathProblem`, less `NotUtf8`'s cause). */
export type PathProblem = 'not-utf8' | 'newline' | 'carriage-return' | 'backslash' | 'not-normalized';

const PATH_PROBLEM_TEXT: Record<PathProblem, string> = {
  'not-utf8': 'name is not valid UTF-8',
  newline: 'name contains a newline',
  'carriage-return': 'name contains a carriage return',
  backslash: 'name contains a backslash',
  'not-normalized':
    "path is not a normalized relative path (empty, absolute, or with an empty, '.' or '..' component)",
};

/** A manifest that cannot be built or parsed; `message` is a sentence for the user. */
export class ManifestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ManifestError';
  }
}

/** A lone UTF-16 surrogate has no UTF-8 encoding (the Rust tool's "not valid UTF-8"). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The characters one path component may not hold, checked in the Rust tool's order. */
export function nameProblem(name: string): PathProblem | null {
  if (LONE_SURROGATE.test(name)) return 'not-utf8';
  if (name.includes('\n')) return 'newline';
  if (name.includes('\r')) return 'carriage-return';
  if (name.includes('\\')) return 'backslash';
  return null;
}

/** Checks a whole manifest path: allowed characters, relative, no empty, `.` or `..` parts. */
export function pathProblem(path: string): PathProblem | null {
  const problem = nameProblem(path);
  if (problem) return problem;
  if (path.split('/').some((part) => part === '' || part === '.' || part === '..')) {
    return 'not-normalized';
  }
  return null;
}

/** The sentence for a path that breaks the rules, worded like the Rust tool's. */
export function pathProblemText(path: string, problem: PathProblem): string {
  return `${JSON.stringify(path)}: invalid path for a manifest: ${PATH_PROBLEM_TEXT[problem]}`;
}

const utf8 = new TextEncoder();

/**
 * Byte-wise order of the UTF-8 encodings (`LC_ALL=C sort`, Rust's `str::cmp`). JavaScript's
 * `<` compares UTF-16 code units, which differs for characters above U+FFFF against
 * U+E000..U+FFFF (e.g. U+1F600 sorts after U+FF61 in UTF-8, before it in UTF-16).
 */
export function compareUtf8(a: string, b: string): number {
  return compareBytes(utf8.encode(a), utf8.encode(b));
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (a[i] !== b[i]) return a[i] - b[i];
  }
  return a.length - b.length;
}

const HEX64 = /^[0-9a-f]{64}$/;

/**
 * Builds a manifest from files in any order: sorts them byte-wise by path, checks the path
 * rules, duplicates, digests and sizes, and computes the root (Rust `Manifest::from_entries`).
 */
export function manifestFromFiles(files: readonly ManifestFile[]): Manifest {
  if (files.length === 0) throw new ManifestError('manifest has no entries');
  const keyed = files.map((file) => ({ file, key: utf8.encode(file.path) }));
  keyed.sort((a, b) => compareBytes(a.key, b.key));
  const sorted: ManifestFile[] = [];
  let total = 0;
  for (const [i, { file }] of keyed.entries()) {
    const problem = pathProblem(file.path);
    if (problem) throw new ManifestError(pathProblemText(file.path, problem));
    if (i > 0 && keyed[i - 1].file.path === file.path) {
      throw new ManifestError(`duplicate entry path ${JSON.stringify(file.path)}`);
    }
    if (!HEX64.test(file.sha256)) {
      throw new ManifestError(
        `sha256 of ${file.path} is not 64 lowercase hex digits: ${JSON.stringify(file.sha256)}`,
      );
    }
    checkSize(`size of ${file.path}`, file.size);
    total += file.size;
    // Rust keeps u64 sizes; a JavaScript number is exact only up to 2^53 - 1 bytes (8 PiB).
    checkSize('total size', total);
    sorted.push({ path: file.path, size: file.size, sha256: file.sha256 });
  }
  const root = bytesToHex(sha256(utf8.encode(renderText(sorted))));
  return { format: MANIFEST_FORMAT, root, total_size: total, files: sorted };
}

function checkSize(what: string, size: unknown): asserts size is number {
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) {
    throw new ManifestError(
      `${what} is not a whole number of bytes between 0 and ${Number.MAX_SAFE_INTEGER}: ${String(size)}`,
    );
  }
}

function renderText(files: readonly ManifestFile[]): string {
  let text = `${MANIFEST_FORMAT}\n`;
  for (const file of files) text += `${file.sha256}  ${file.size}  ${file.path}\n`;
  return text;
}

/** The exact manifest text whose SHA-256 is the root (`modelmint-hash --manifest-text`). */
export function manifestText(manifest: Manifest): string {
  return renderText(manifest.files);
}

/**
 * The manifest as compact JSON, byte for byte the file `modelmint-hash --manifest-json`
 * writes: keys in the same order, no whitespace, one final newline (the CLI adds it to the
 * library's `Manifest::to_json`). JSON.stringify and serde_json
 * escape strings alike (quote, backslash and control characters; lowercase \u00xx; non-ASCII
 * kept as is), and paths never hold lone surrogates, the one case where they would differ.
 */
export function manifestJson(manifest: Manifest): string {
  return JSON.stringify({
    format: manifest.format,
    root: manifest.root,
    total_size: manifest.total_size,
    files: manifest.files.map((f) => ({ path: f.path, size: f.size, sha256: f.sha256 })),
  }) + '\n';
}

/**
 * Parses a manifest JSON written by `modelmint-hash --manifest-json` and checks it like Rust's
 * `Manifest::from_json`: exactly the known fields, the format name, lowercase hex digests, the
 * path rules, and the stated root and total size against the ones recomputed from the files.
 */
export function parseManifestJson(text: string): Manifest {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ManifestError(`malformed manifest JSON: ${(error as Error).message}`);
  }
  const object = fields(parsed, 'the manifest', ['format', 'root', 'total_size', 'files']);
  if (object.format !== MANIFEST_FORMAT) {
    throw new ManifestError(
      `unsupported manifest format ${JSON.stringify(object.format)} (expected "${MANIFEST_FORMAT}")`,
    );
  }
  if (typeof object.root !== 'string' || !HEX64.test(object.root)) {
    throw new ManifestError(`root is not 64 lowercase hex digits: ${JSON.stringify(object.root)}`);
  }
  checkSize('total_size', object.total_size);
  if (!Array.isArray(object.files)) {
    throw new ManifestError('malformed manifest JSON: "files" is not a list');
  }
  const files = object.files.map((item: unknown, i: number): ManifestFile => {
    const file = fields(item, `file ${i + 1}`, ['path', 'size', 'sha256']);
    if (typeof file.path !== 'string') {
      throw new ManifestError(`malformed manifest JSON: the path of file ${i + 1} is not a string`);
    }
    if (typeof file.sha256 !== 'string') {
      throw new ManifestError(`malformed manifest JSON: the sha256 of ${file.path} is not a string`);
    }
    checkSize(`size of ${file.path}`, file.size);
    return { path: file.path, size: file.size, sha256: file.sha256 };
  });
  const manifest = manifestFromFiles(files);
  if (manifest.root !== object.root) {
    throw new ManifestError(
      `stated root ${object.root} does not match computed root ${manifest.root}`,
    );
  }
  if (manifest.total_size !== object.total_size) {
    throw new ManifestError(
      `stated total_size ${object.total_size} does not match sum of sizes ${manifest.total_size}`,
    );
  }
  return manifest;
}

/** An object with exactly the given keys (serde's `deny_unknown_fields` and required fields). */
function fields(value: unknown, what: string, keys: readonly string[]): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ManifestError(`malformed manifest JSON: ${what} is not an object`);
  }
  const record = value as Record<string, unknown>;
  const unknown = Object.keys(record).filter((key) => !keys.includes(key));
  if (unknown.length > 0) {
    throw new ManifestError(`malformed manifest JSON: ${what} has unknown field "${unknown[0]}"`);
  }
  const missing = keys.filter((key) => !(key in record));
  if (missing.length > 0) {
    throw new ManifestError(`malformed manifest JSON: ${what} lacks field "${missing[0]}"`);
  }
  return record;
}

/** What `hashFiles` needs of a `File` to name it in the manifest. */
export interface SelectedFile {
  name: string;
  /** `folder/sub/file` for files from a folder picker, empty for files chosen one by one. */
  webkitRelativePath: string;
}

/**
 * Manifest paths of chosen files. A folder picker gives `folder/sub/file`; the manifest path is
 * relative to the chosen folder, as the Rust tool takes paths relative to its input directory,
 * so the first component is dropped. A file chosen on its own is named by its file name, like
 * the Rust tool's single-file input. Files from two different folders cannot form one model.
 */
export function manifestPaths(files: readonly SelectedFile[]): string[] {
  let folder: string | null = null;
  return files.map((file) => {
    if (file.webkitRelativePath === '') return file.name;
    const slash = file.webkitRelativePath.indexOf('/');
    const top = slash < 0 ? '' : file.webkitRelativePath.slice(0, slash);
    if (slash <= 0 || slash === file.webkitRelativePath.length - 1) {
      throw new ManifestError(
        `${JSON.stringify(file.webkitRelativePath)}: a file from a folder has no path inside that folder`,
      );
    }
    if (folder !== null && top !== folder) {
      throw new ManifestError(
        `the files come from two folders ("${folder}" and "${top}"): choose one model folder`,
      );
    }
    folder = top;
    return file.webkitRelativePath.slice(slash + 1);
  });
}

/**
 * Checks the paths of files about to be hashed, before any byte is read: hashing gigabytes
 * only to refuse a file name afterwards would waste the user's time.
 */
export function checkManifestPaths(paths: readonly string[]): void {
  if (paths.length === 0) throw new ManifestError('manifest has no entries');
  const seen = new Set<string>();
  for (const path of paths) {
    const problem = pathProblem(path);
    if (problem) throw new ManifestError(pathProblemText(path, problem));
    if (seen.has(path)) throw new ManifestError(`duplicate entry path ${JSON.stringify(path)}`);
    seen.add(path);
  }
}
