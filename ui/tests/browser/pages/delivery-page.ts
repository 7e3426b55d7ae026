// The app's delivery client exposed to tests as window.deliveryTest: downloadModel with the
// app's own hashing workers and its two ways of saving (a folder, browser downloads), against
// a delivery server played in the page (the real server's protocol; the signature is not
// checked here: tests/unit/delivery.test.ts and the chain suite check it). The folder is one of
// the browser's private file system, as a folder picker would give one.
import { downloadModel, type DownloadProgress } from '../../../src/delivery/download';
import { challengeText, DeliveryError } from '../../../src/delivery/protocol';
import { downloadsSink, folderSink } from '../../../src/delivery/save';
import { hashEntries, manifestJson, manifestFromFiles } from '../../../src/hash';
import { sha256OfBlob } from '../../../src/hash/stream';

const SERVER = { base: 'http://delivery.test', authority: 'delivery.test' };
const NONCE = '0123456789abcdef0123456789abcdef';

/** The model the page's server delivers: a config and 3 MiB of weights in a subfolder. */
function modelFiles(): Record<string, Uint8Array<ArrayBuffer>> {
  const weights = new Uint8Array(3 << 20);
  for (let i = 0; i < weights.length; i++) weights[i] = (i * 131 + (i >> 12)) % 251;
  return { 'config.json': new TextEncoder().encode('{"dim":4}\n'), 'shards/model 1.safetensors': weights };
}

/** A delivery server as a fetch function; `served` are the bytes it sends, which may differ from the manifest's. */
function server(manifestText: string, served: Record<string, Uint8Array<ArrayBuffer>>): typeof fetch {
  return async (input) => {
    const route = new URL(String(input)).pathname.replace('/v1/models/1/', '');
    if (route === 'challenge') {
      return Response.json({ server: SERVER.authority, model: 1, nonce: NONCE, expires_at_ms: 9e12, message: challengeText(SERVER.authority, 1n, NONCE, 9e12) });
    }
    if (route === 'session') return Response.json({ token: 't', expires_at_ms: 9e12, recheck_ms: 30_000 });
    if (route === 'manifest') return new Response(manifestText);
    const bytes = served[decodeURIComponent(route.replace(/^files\//, ''))];
    return bytes ? new Response(new Blob([bytes])) : new Response('no such file\n', { status: 404 });
  };
}

/** Every file under a folder of the private file system: path -> size. */
async function listFolder(dir: FileSystemDirectoryHandle, prefix = ''): Promise<Record<string, number>> {
  const found: Record<string, number> = {};
  for await (const [name, handle] of (dir as unknown as { entries(): AsyncIterable<[string, FileSystemHandle]> }).entries()) {
    if (handle.kind === 'directory') Object.assign(found, await listFolder(handle as FileSystemDirectoryHandle, `${prefix}${name}/`));
    else found[`${prefix}${name}`] = (await (handle as FileSystemFileHandle).getFile()).size;
  }
  return found;
}

export type DeliveryRun = {
  ok: boolean;
  error: string;
  root: string;
  savedTo: string;
  /** What the chosen folder holds afterwards (path -> size; downloads: {}). */
  folder: Record<string, number>;
  /** The names of the folders left in the chosen folder. */
  folders: string[];
  /** sha256 of each file in the folder afterwards. */
  sums: Record<string, string>;
  phases: DownloadProgress['phase'][];
};

async function run(options: { save: 'folder' | 'downloads'; corrupt?: boolean; folder?: string }): Promise<DeliveryRun> {
  const files = modelFiles();
  const entries = await Promise.all(Object.entries(files).map(async ([path, bytes]) => ({ path, size: bytes.length, sha256: await sha256OfBlob(new Blob([bytes])) })));
  const manifest = manifestFromFiles(entries);
  const served = { ...files };
  if (options.corrupt) {
    const wrong = served['shards/model 1.safetensors'].slice();
    wrong[2_000_000] ^= 0xff;
    served['shards/model 1.safetensors'] = wrong;
  }
  const root = await navigator.storage.getDirectory();
  const folder = await root.getDirectoryHandle(options.folder ?? 'picked', { create: true });
  const phases: DownloadProgress['phase'][] = [];
  const outcome: DeliveryRun = { ok: false, error: '', root: '', savedTo: '', folder: {}, folders: [], sums: {}, phases };
  try {
    const done = await downloadModel({
      server: SERVER,
      model: 1n,
      onChainRoot: `0x${manifest.root}`,
      account: '5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty',
      sign: async () => `0x${'00'.repeat(64)}`,
      sink: options.save === 'folder' ? folderSink(folder) : downloadsSink(),
      fetcher: server(manifestJson(manifest), served),
      hash: hashEntries,
      onProgress: (p) => {
        if (phases.at(-1) !== p.phase) phases.push(p.phase);
      },
    });
    Object.assign(outcome, { ok: true, root: done.manifest.root, savedTo: done.savedTo });
  } catch (error) {
    outcome.error = error instanceof DeliveryError ? error.message : `${(error as Error).name}: ${(error as Error).message}`;
  }
  outcome.folder = await listFolder(folder);
  for await (const [name, handle] of (folder as unknown as { entries(): AsyncIterable<[string, FileSystemHandle]> }).entries()) {
    if (handle.kind === 'directory') outcome.folders.push(name);
  }
  for (const path of Object.keys(outcome.folder)) {
    const parts = path.split('/');
    let dir = folder;
    for (const part of parts.slice(0, -1)) dir = await dir.getDirectoryHandle(part);
    outcome.sums[path] = await sha256OfBlob(await (await dir.getFileHandle(parts.at(-1)!)).getFile());
  }
  return outcome;
}

declare global {
  interface Window {
    deliveryTest: { run: typeof run; expectedRoot: () => Promise<string> };
  }
}

window.deliveryTest = {
  run,
  expectedRoot: async () => {
    const files = modelFiles();
    const entries = await Promise.all(Object.entries(files).map(async ([path, bytes]) => ({ path, size: bytes.length, sha256: await sha256OfBlob(new Blob([bytes])) })));
    return manifestFromFiles(entries).root;
  },
};
