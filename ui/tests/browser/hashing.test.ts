// The app's hashing module in Chromium, through the real workers: the tools/model-hash test
// vectors, the CLI's own manifest of a model chosen with a real folder picker, refusals,
// cancelling, and the throughput on 256 MiB.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMPTY_SELECTION } from '../../src/hash';
import { TEST_RESULTS, UI_ROOT } from '../support/app-server';
import { CHROMIUM, appUrl, launchChromium, newContext } from '../support/browser';
import { MIB, pseudoRandomBlock } from '../support/generated';
import { removeTempFolders, tempFolder, writeModel } from '../support/model-dir';
import { CLI_MODEL, CLI_MODEL_FOLDER } from '../support/models';
import { VECTORS } from '../support/vectors';
import type { HashRun } from './pages/hash-page';

let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await launchChromium();
  const context = await newContext(browser);
  page = await context.newPage();
  await page.goto(appUrl({ page: 'hash' }));
  await page.waitForFunction(() => window.hashTest !== undefined);
});

afterAll(async () => {
  await browser?.close();
  removeTempFolders();
});

const CLI_JSON = readFileSync(join(UI_ROOT, 'tests', 'fixtures', 'cli-model.json'), 'utf8');
const CLI_TEXT = readFileSync(join(UI_ROOT, 'tests', 'fixtures', 'cli-model.txt'), 'utf8');

function expectOk(run: HashRun): Extract<HashRun, { ok: true }> {
  if (!run.ok) throw new Error(`hashing failed in the page: ${run.name}: ${run.message}`);
  return run;
}

describe('test vectors of tools/model-hash in Chromium', () => {
  for (const vector of VECTORS) {
    it(`${vector.name}: root ${vector.root.slice(0, 6)}…`, async () => {
      const run = expectOk(
        await page.evaluate((name) => window.hashTest.run(window.hashTest.vectorFiles(name)), vector.name),
      );
      expect(run.manifest.root).toBe(vector.root);
      if (vector.text !== undefined) expect(run.text).toBe(vector.text);
      const last = run.progress.at(-1)!;
      expect(last.bytes).toBe(last.totalBytes);
      expect(last.files).toBe(vector.files.length);
      expect(last.totalFiles).toBe(vector.files.length);
    });
  }

  it('the CLI fixture model gives exactly the JSON modelmint-hash wrote', async () => {
    const run = expectOk(await page.evaluate(() => window.hashTest.run(window.hashTest.cliModelFiles())));
    expect(run.json).toBe(CLI_JSON);
    expect(run.text).toBe(CLI_TEXT);
  });

  it('a folder chosen with the folder picker gives the CLI manifest of that folder', async () => {
    const dir = writeModel(tempFolder(CLI_MODEL_FOLDER), CLI_MODEL);
    await page.setInputFiles('#folder', dir);
    const run = expectOk(await page.evaluate(() => window.hashTest.run(window.hashTest.chosenFiles('folder'))));
    expect(run.json).toBe(CLI_JSON);
    // Progress starts at nothing, only grows, and ends with everything.
    const sizes = run.progress.map((p) => p.bytes);
    expect(sizes[0]).toBe(0);
    expect(sizes).toEqual([...sizes].sort((a, b) => a - b));
    const total = CLI_MODEL.reduce((sum, f) => sum + f.contents.length, 0);
    const count = CLI_MODEL.length;
    expect(run.progress.at(-1)).toMatchObject({ bytes: total, totalBytes: total, files: count, totalFiles: count });
  });

  it('a single file chosen on its own is named by its file name', async () => {
    const dir = writeModel(tempFolder('single'), [{ path: 'model.bin', contents: new TextEncoder().encode('abc') }]);
    await page.setInputFiles('#files', join(dir, 'model.bin'));
    const run = expectOk(await page.evaluate(() => window.hashTest.run(window.hashTest.chosenFiles('files'))));
    expect(run.manifest.root).toBe('c715ac53186507e4239bac9cd697ea930eaf98b46c652829344e9a37b586dce4');
  });
});

describe('refusals', () => {
  it('an empty selection is refused with a sentence', async () => {
    const run = await page.evaluate(() => window.hashTest.run([]));
    expect(run).toMatchObject({ ok: false, name: 'Error', message: EMPTY_SELECTION });
  });

  it('a folder holding only a symbolic link is an empty selection (Chromium skips links)', async () => {
    const dir = tempFolder('linked-model');
    const target = writeModel(tempFolder('real-model'), [{ path: 'w.bin', contents: new Uint8Array([1]) }]);
    symlinkSync(join(target, 'w.bin'), join(dir, 'w.bin'));
    await page.setInputFiles('#folder', dir);
    const run = await page.evaluate(() => window.hashTest.run(window.hashTest.chosenFiles('folder')));
    expect(run).toMatchObject({ ok: false, message: EMPTY_SELECTION });
  });

  it('a file name with a backslash is refused before any byte is read', async () => {
    const run = await page.evaluate(() =>
      window.hashTest.run(window.hashTest.namedFiles([{ name: 'a\\b.bin', relative: 'model/a\\b.bin' }])),
    );
    expect(run).toMatchObject({ ok: false, name: 'ManifestError' });
    expect(run.ok || run.message).toContain('name contains a backslash');
    expect(run.progress).toEqual([]);
  });
});

describe('a file changed after it was chosen', () => {
  it('is refused with a sentence naming it, not hashed as it is now', async () => {
    const dir = writeModel(tempFolder('changing-model'), [
      { path: 'config.json', contents: new TextEncoder().encode('{"dim":4}\n') },
      { path: 'weights.bin', contents: new Uint8Array(1000) },
    ]);
    await page.setInputFiles('#folder', dir);
    // The publisher overwrites a shard between choosing the folder and hashing it.
    // Chromium notices by the file's modification time, which a rewrite in the same
    // millisecond as the first write would not move: a real overwrite comes later, so
    // the test dates it a minute after the original.
    const shard = join(dir, 'weights.bin');
    const chosenAt = statSync(shard).mtime;
    writeFileSync(shard, new Uint8Array(2000));
    const rewrittenAt = new Date(chosenAt.getTime() + 60_000);
    utimesSync(shard, rewrittenAt, rewrittenAt);
    const run = await page.evaluate(() => window.hashTest.run(window.hashTest.chosenFiles('folder')));
    expect(run).toMatchObject({ ok: false, name: 'Error' });
    expect(run.ok || run.message).toBe(
      'Cannot hash weights.bin: it was changed, moved or deleted after it was chosen, or it is not readable; choose it again.',
    );
  });
});

describe('cancelling', () => {
  it('aborting the signal stops hashing midway with an AbortError', async () => {
    const run = await page.evaluate(() =>
      window.hashTest.run(window.hashTest.generatedFiles(2, 64), { abortAfterBytes: 1 }),
    );
    expect(run).toMatchObject({ ok: false, name: 'AbortError' });
    const last = run.progress.at(-1)!;
    expect(last.bytes).toBeGreaterThan(0);
    expect(last.bytes).toBeLessThan(last.totalBytes);
    // Hashing works again afterwards (the aborted run's workers are gone, not wedged).
    const again = expectOk(await page.evaluate(() => window.hashTest.run(window.hashTest.vectorFiles('single file'))));
    expect(again.manifest.root).toBe('c715ac53186507e4239bac9cd697ea930eaf98b46c652829344e9a37b586dce4');
  });

  it('a signal aborted before the start rejects at once', async () => {
    const run = await page.evaluate(() =>
      window.hashTest.run(window.hashTest.vectorFiles('single file'), { abortBefore: true }),
    );
    expect(run).toMatchObject({ ok: false, name: 'AbortError', progress: [] });
  });
});

/** `count` files of `mib` MiB as generatedFiles() makes them in the page, with Node's SHA-256. */
function generatedManifestFiles(count: number, mib: number) {
  return Array.from({ length: count }, (_, i) => {
    const block = pseudoRandomBlock(i + 1);
    const hash = createHash('sha256');
    for (let k = 0; k < mib; k++) hash.update(block);
    return { path: `generated-${i + 1}.bin`, size: mib * MIB, sha256: hash.digest('hex') };
  });
}

function writeGenerated(dir: string, count: number, mib: number): string[] {
  return Array.from({ length: count }, (_, i) => {
    const block = pseudoRandomBlock(i + 1);
    const path = join(dir, `generated-${i + 1}.bin`);
    writeFileSync(path, Buffer.concat(Array.from({ length: mib }, () => block)));
    return path;
  });
}

describe('throughput', () => {
  it('hashes 256 MiB of generated data in the page; the figures go to test-results/hash-throughput.json', async () => {
    const runs: { source: string; files: number; mib: number; run: Extract<HashRun, { ok: true }> }[] = [];

    // 1. Data generated in the page. Such Blobs live in the browser's blob memory, which an
    // incognito context never pages out and which is freed only some time after the page
    // drops them: a browser of its own starts with all of it free (files from disk, below,
    // use none of it).
    const own = await launchChromium();
    try {
      const ownPage = await (await newContext(own)).newPage();
      await ownPage.goto(appUrl({ page: 'hash' }));
      await ownPage.waitForFunction(() => window.hashTest !== undefined);
      const run = expectOk(await ownPage.evaluate(() => window.hashTest.run(window.hashTest.generatedFiles(1, 256))));
      runs.push({ source: 'generated in the page (in-memory Blob)', files: 1, mib: 256, run });
    } finally {
      await own.close();
    }

    // 2. The same data as files on disk, chosen with the file and folder pickers: the path a
    // publisher takes (the files were just written, so they are read from the page cache).
    const single = writeGenerated(tempFolder('throughput-file'), 1, 256);
    await page.setInputFiles('#files', single);
    runs.push({
      source: 'one file on disk, file picker',
      files: 1,
      mib: 256,
      run: expectOk(await page.evaluate(() => window.hashTest.run(window.hashTest.chosenFiles('files')))),
    });
    const folder = tempFolder('throughput-folder');
    writeGenerated(folder, 4, 64);
    await page.setInputFiles('#folder', folder);
    runs.push({
      source: 'four files on disk, folder picker (one worker per core)',
      files: 4,
      mib: 64,
      run: expectOk(await page.evaluate(() => window.hashTest.run(window.hashTest.chosenFiles('folder')))),
    });

    const figures = runs.map(({ source, files, mib, run }) => {
      // A figure counts only if the hash is right: compare with Node's own SHA-256.
      expect(run.manifest.files, source).toEqual(generatedManifestFiles(files, mib));
      const mibPerSecond = (files * mib) / run.seconds;
      console.log(`in-browser hashing, ${source}: ${files * mib} MiB in ${run.seconds.toFixed(2)} s = ${mibPerSecond.toFixed(1)} MiB/s`);
      return { source, files, mib_per_file: mib, seconds: Number(run.seconds.toFixed(3)), mib_per_second: Number(mibPerSecond.toFixed(1)) };
    });
    mkdirSync(TEST_RESULTS, { recursive: true });
    writeFileSync(
      join(TEST_RESULTS, 'hash-throughput.json'),
      JSON.stringify(
        {
          measured_at: new Date().toISOString(),
          browser: `${CHROMIUM} ${browser.version()}`,
          cores: await page.evaluate(() => navigator.hardwareConcurrency),
          hasher: 'hash-wasm 4.13.0 SHA-256 in module Web Workers (one per core, at most 4), 8 MiB Blob.slice() reads',
          runs: figures,
        },
        null,
        2,
      ) + '\n',
    );
  });
});
