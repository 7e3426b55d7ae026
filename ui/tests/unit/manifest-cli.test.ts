// The web app's manifest against the Rust tool's own output. tests/fixtures/cli-model.json
// and .txt are what `modelmint-hash --manifest-json/--manifest-text` wrote for the model of
// tests/support/models.ts; when the binary is built, it is run again here and must still
// write exactly them (MODELMINT_UPDATE_FIXTURES=1 rewrites them from it instead).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manifestFromFiles, manifestJson, manifestText, parseManifestJson } from '../../src/hash/manifest';
import { sha256OfBlob } from '../../src/hash/stream';
import { modelHashBinary, removeTempFolders, runModelHash, tempFolder, writeModel } from '../support/model-dir';
import { CLI_MODEL, CLI_MODEL_FOLDER } from '../support/models';
import { DIRECTORY_VECTOR, SINGLE_FILE_VECTOR } from '../support/vectors';

const FIXTURES = join(__dirname, '..', 'fixtures');
const JSON_FIXTURE = join(FIXTURES, 'cli-model.json');
const TEXT_FIXTURE = join(FIXTURES, 'cli-model.txt');
const binary = modelHashBinary();

afterAll(removeTempFolders);

describe.skipIf(binary === null)('modelmint-hash (the Rust tool, built)', () => {
  it('writes the committed manifest of the fixture model', () => {
    const dir = writeModel(tempFolder(CLI_MODEL_FOLDER), CLI_MODEL);
    const out = runModelHash(binary!, dir);
    if (process.env.MODELMINT_UPDATE_FIXTURES === '1') {
      writeFileSync(JSON_FIXTURE, out.json);
      writeFileSync(TEXT_FIXTURE, out.text);
    }
    expect(out.json).toBe(readFileSync(JSON_FIXTURE, 'utf8'));
    expect(out.text).toBe(readFileSync(TEXT_FIXTURE, 'utf8'));
    expect(JSON.parse(out.json).root).toBe(out.root);
  });

  it('prints the README roots of the directory and single-file vectors', () => {
    const dir = writeModel(tempFolder('model'), DIRECTORY_VECTOR.files);
    expect(runModelHash(binary!, dir).root).toBe(DIRECTORY_VECTOR.root);
    const single = writeModel(tempFolder('single'), SINGLE_FILE_VECTOR.files);
    expect(runModelHash(binary!, join(single, 'model.bin')).root).toBe(SINGLE_FILE_VECTOR.root);
  });
});

describe('the committed output of modelmint-hash', () => {
  // Read when the tests run, after the block above may have rewritten them.
  let json: string;
  let text: string;
  beforeAll(() => {
    json = readFileSync(JSON_FIXTURE, 'utf8');
    text = readFileSync(TEXT_FIXTURE, 'utf8');
  });

  it('parses, and serializes back byte for byte', () => {
    const manifest = parseManifestJson(json);
    expect(manifestJson(manifest)).toBe(json);
    expect(manifestText(manifest)).toBe(text);
    expect(manifest.files.length).toBe(CLI_MODEL.length);
  });

  it('is what the web app computes from the same files', async () => {
    const entries = await Promise.all(
      CLI_MODEL.map(async (f) => ({
        path: f.path,
        size: f.contents.length,
        sha256: await sha256OfBlob(new Blob([f.contents])),
      })),
    );
    const manifest = manifestFromFiles(entries);
    expect(manifestJson(manifest)).toBe(json);
    // The order is byte-wise UTF-8, which JavaScript's own sort would get wrong here.
    const paths = manifest.files.map((f) => f.path);
    expect([...paths].sort()).not.toEqual(paths);
  });

  it('is refused once a file entry is changed', () => {
    const manifest = parseManifestJson(json);
    const edited = json.replace(`"size":${manifest.files[0].size},`, `"size":${manifest.files[0].size + 1},`);
    expect(edited).not.toBe(json);
    expect(() => parseManifestJson(edited)).toThrow(`stated root ${manifest.root} does not match computed root`);
  });
});
