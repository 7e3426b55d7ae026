// Test models on disk: what the Rust tool hashes (tests/unit) and what Chromium's folder
// picker uploads (tests/browser).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { VectorFile } from './vectors';

/** Writes `files` under `dir` (created with its parents) and returns `dir`. */
export function writeModel(dir: string, files: readonly VectorFile[]): string {
  for (const file of files) {
    const path = join(dir, ...file.path.split('/'));
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, file.contents);
  }
  return dir;
}

const temporary: string[] = [];

/**
 * A fresh temporary folder named `name` (a folder picker sees that name), inside a fresh
 * temporary parent; removeTempFolders() deletes them all.
 */
export function tempFolder(name: string): string {
  const parent = mkdtempSync(join(tmpdir(), 'modelmint-ui-'));
  temporary.push(parent);
  const dir = join(parent, name);
  mkdirSync(dir);
  return dir;
}

/** Deletes every folder tempFolder() made (call it in afterAll). */
export function removeTempFolders(): void {
  for (const parent of temporary.splice(0)) rmSync(parent, { recursive: true, force: true });
}

/**
 * The `modelmint-hash` binary built by `cargo build --release -p modelmint-hash` in the
 * project's shared target directory, or $MODELMINT_HASH; null when it is not built.
 */
export function modelHashBinary(): string | null {
  const target =
    process.env.CARGO_TARGET_DIR ??
    join(process.env.MODELMINT_CACHE ?? join(homedir(), '.cache', 'modelmint'), 'target');
  const binary = process.env.MODELMINT_HASH ?? join(target, 'release', 'modelmint-hash');
  return existsSync(binary) ? binary : null;
}

/** Runs `modelmint-hash` on `input`; returns its stdout root and its JSON and text manifests. */
export function runModelHash(binary: string, input: string): { root: string; json: string; text: string } {
  const out = tempFolder('modelmint-hash-out');
  const jsonPath = join(out, 'manifest.json');
  const textPath = join(out, 'manifest.txt');
  const stdout = execFileSync(
    binary,
    ['--quiet', '--manifest-json', jsonPath, '--manifest-text', textPath, input],
    { encoding: 'utf8' },
  );
  return {
    root: stdout.trimEnd(),
    json: readFileSync(jsonPath, 'utf8'),
    text: readFileSync(textPath, 'utf8'),
  };
}
