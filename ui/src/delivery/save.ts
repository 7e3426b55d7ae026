// Where a verified download is saved. With the File System Access API (Chromium-based
// browsers) the user picks a folder: files stream to FOLDER/.modelmint-partial/PATH (as
// `modelmint fetch` does), and only once all are verified do they move to FOLDER/PATH.
// Elsewhere the files are held in memory (the browser pages large ones to disk) and, once
// all are verified, saved as one browser download each.
import type { Sink, SinkFile } from './download';

/** Where partial downloads wait inside the chosen folder; `modelmint fetch` uses the same name. */
export const PARTIAL_DIR = '.modelmint-partial';

interface DirectoryPickerWindow {
  showDirectoryPicker?(options?: { id?: string; mode?: 'read' | 'readwrite' }): Promise<FileSystemDirectoryHandle>;
}

/** A handle's `move()` (Chromium), which the DOM types do not declare yet. */
interface MovableHandle {
  move?(destination: FileSystemDirectoryHandle, name: string): Promise<void>;
}

/** Whether this browser can let the user pick a folder to save into. */
export function canPickFolder(win: Window = window): boolean {
  return typeof (win as unknown as DirectoryPickerWindow).showDirectoryPicker === 'function';
}

/** Asks the user for a folder to save into (must run in a click's handler). */
export async function pickFolder(win: Window = window): Promise<FileSystemDirectoryHandle> {
  const picker = (win as unknown as DirectoryPickerWindow).showDirectoryPicker;
  if (!picker) throw new Error('This browser cannot save into a folder.');
  return picker.call(win, { id: 'modelmint-download', mode: 'readwrite' });
}

/** The folder of `path` under `root`, created as needed, and the file's own name. */
async function parentOf(root: FileSystemDirectoryHandle, path: string): Promise<[FileSystemDirectoryHandle, string]> {
  const parts = path.split('/');
  const name = parts.pop()!;
  let dir = root;
  for (const part of parts) dir = await dir.getDirectoryHandle(part, { create: true });
  return [dir, name];
}

async function fileAt(root: FileSystemDirectoryHandle, path: string, create: boolean): Promise<FileSystemFileHandle> {
  const [dir, name] = await parentOf(root, path);
  return dir.getFileHandle(name, { create });
}

/** Saves into `folder`: partial files first, their final names once every file is verified. */
export function folderSink(folder: FileSystemDirectoryHandle): Sink {
  const partial = () => folder.getDirectoryHandle(PARTIAL_DIR, { create: true });
  return {
    async open(path) {
      const writable = await (await fileAt(await partial(), path, true)).createWritable({ keepExistingData: false });
      return {
        write: async (chunk) => writable.write(chunk as Uint8Array<ArrayBuffer>),
        close: () => writable.close(),
      } satisfies SinkFile;
    },
    async read(path) {
      return (await fileAt(await partial(), path, false)).getFile();
    },
    async commit(paths) {
      const from = await partial();
      for (const path of paths) {
        const source = await fileAt(from, path, false);
        const [dir, name] = await parentOf(folder, path);
        await moveOrCopy(source, from, path, dir, name);
      }
      await removeEmptyFolders(folder, PARTIAL_DIR);
      return `the folder ${folder.name}`;
    },
    async discard(paths) {
      const from = await partial();
      for (const path of paths) {
        const [dir, name] = await parentOf(from, path);
        await dir.removeEntry(name).catch(() => undefined);
      }
      await removeEmptyFolders(folder, PARTIAL_DIR);
    },
  };
}

/**
 * Removes `parent/name` and the folders in it if they hold no file: the partial folder may
 * also hold another download's partial files (of `modelmint fetch`, say), which stay.
 */
async function removeEmptyFolders(parent: FileSystemDirectoryHandle, name: string): Promise<void> {
  let dir: FileSystemDirectoryHandle;
  try {
    dir = await parent.getDirectoryHandle(name);
  } catch {
    return;
  }
  const entries = (dir as unknown as { entries(): AsyncIterable<[string, FileSystemHandle]> }).entries();
  for await (const [child, handle] of entries) {
    if (handle.kind === 'directory') await removeEmptyFolders(dir, child);
  }
  // Refused, as it should be, while the folder still holds something.
  await parent.removeEntry(name).catch(() => undefined);
}

/** Moves a verified file to its final name; copies it where `move()` is missing or refused. */
async function moveOrCopy(
  source: FileSystemFileHandle,
  partial: FileSystemDirectoryHandle,
  path: string,
  dir: FileSystemDirectoryHandle,
  name: string,
): Promise<void> {
  const movable = source as unknown as MovableHandle;
  if (movable.move) {
    try {
      await movable.move(dir, name);
      return;
    } catch {
      // Some versions move only within the private file system: copy instead.
    }
  }
  const target = await (await dir.getFileHandle(name, { create: true })).createWritable({ keepExistingData: false });
  await (await source.getFile()).stream().pipeTo(target);
  const [from, partName] = await parentOf(partial, path);
  await from.removeEntry(partName);
}

/** A browser download's file name for a manifest path: browsers save no folders, so `/` becomes `__`. */
export function downloadName(path: string): string {
  return path.split('/').join('__');
}

/** Holds the files in memory; once verified, saves each as a browser download. */
export function downloadsSink(doc: Document = document): Sink {
  const files = new Map<string, Blob>();
  return {
    async open(path) {
      const chunks: Uint8Array<ArrayBuffer>[] = [];
      return {
        write: async (chunk) => {
          chunks.push(chunk as Uint8Array<ArrayBuffer>);
        },
        close: async () => {
          files.set(path, new Blob(chunks));
        },
      };
    },
    async read(path) {
      const blob = files.get(path);
      if (!blob) throw new Error(`${path} was not downloaded.`);
      return blob;
    },
    async commit(paths) {
      for (const path of paths) {
        const url = URL.createObjectURL(files.get(path)!);
        const link = doc.createElement('a');
        link.href = url;
        link.download = downloadName(path);
        link.dataset.testid = 'download-link';
        doc.body.append(link);
        link.click();
        link.remove();
        // The browser has taken the file once the click is handled; give it a moment.
        setTimeout(() => URL.revokeObjectURL(url), 60_000);
      }
      files.clear();
      return paths.length === 1 ? "the browser's downloads" : `the browser's downloads (${paths.length} files, / in paths written as __)`;
    },
    async discard() {
      files.clear();
    },
  };
}
