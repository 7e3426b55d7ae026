// The hashing module of the app, exposed to tests as window.hashTest: the same code and the
// same workers the app uses, plus the test models (vectors, the CLI fixture model, generated
// data) built in the page so that no large data crosses the test protocol.
import { hashFiles, manifestJson, manifestText, type HashProgress, type Manifest } from '../../../src/hash';
import { CLI_MODEL, CLI_MODEL_FOLDER } from '../../support/models';
import { MIB, pseudoRandomBlock } from '../../support/generated';
import { VECTORS, type VectorFile } from '../../support/vectors';

/** A File as a folder picker gives it: webkitRelativePath is `folder/path`. */
function folderFile(folder: string, file: VectorFile): File {
  const name = file.path.slice(file.path.lastIndexOf('/') + 1);
  const made = new File([file.contents], name);
  // webkitRelativePath is a read-only getter on File.prototype; an own property shadows it,
  // which is how a test gives a constructed File the path a folder picker would.
  Object.defineProperty(made, 'webkitRelativePath', { value: `${folder}/${file.path}` });
  return made;
}

/** The outcome of one hashing run, as plain data for the test. */
export type HashRun =
  | { ok: true; manifest: Manifest; text: string; json: string; progress: HashProgress[]; seconds: number }
  | { ok: false; name: string; message: string; progress: HashProgress[] };

async function run(files: File[], options: { abortAfterBytes?: number; abortBefore?: boolean } = {}): Promise<HashRun> {
  const progress: HashProgress[] = [];
  const controller = new AbortController();
  if (options.abortBefore) controller.abort();
  const started = performance.now();
  try {
    const manifest = await hashFiles(files, {
      signal: controller.signal,
      onProgress: (p) => {
        progress.push(p);
        if (options.abortAfterBytes !== undefined && p.bytes >= options.abortAfterBytes) controller.abort();
      },
    });
    const seconds = (performance.now() - started) / 1000;
    return { ok: true, manifest, text: manifestText(manifest), json: manifestJson(manifest), progress, seconds };
  } catch (error) {
    const e = error as Error;
    return { ok: false, name: e.name, message: e.message, progress };
  }
}

const api = {
  /** Files of a README vector: a folder for the directory vector, lone files otherwise. */
  vectorFiles(name: string): File[] {
    const vector = VECTORS.find((v) => v.name === name);
    if (!vector) throw new Error(`no vector ${name}`);
    return vector.files.length > 1
      ? vector.files.map((f) => folderFile('model', f))
      : vector.files.map((f) => new File([f.contents], f.path));
  },
  /** The CLI fixture model as picked from a folder named CLI_MODEL_FOLDER. */
  cliModelFiles(): File[] {
    return CLI_MODEL.map((f) => folderFile(CLI_MODEL_FOLDER, f));
  },
  /** `count` files of `mib` MiB each, pseudo-random block of seed i + 1 repeated. */
  generatedFiles(count: number, mib: number): File[] {
    return Array.from({ length: count }, (_, i) => {
      const block = pseudoRandomBlock(i + 1);
      return new File(Array.from({ length: mib }, () => block), `generated-${i + 1}.bin`);
    });
  },
  /** The files currently chosen in input `#id`. */
  chosenFiles(id: string): File[] {
    const input = document.getElementById(id) as HTMLInputElement;
    return [...(input.files ?? [])];
  },
  /** Files with arbitrary names and webkitRelativePaths (for refusals). */
  namedFiles(list: { name: string; relative?: string }[]): File[] {
    return list.map(({ name, relative }) => {
      const file = new File(['x'], name);
      if (relative !== undefined) Object.defineProperty(file, 'webkitRelativePath', { value: relative });
      return file;
    });
  },
  run,
  MIB,
};

export type HashTestApi = typeof api;

declare global {
  interface Window {
    hashTest: HashTestApi;
  }
}

window.hashTest = api;
