// Register, part 1: the model's files. Hashing a folder or a file (in Web Workers), importing
// the command line's manifest, listing the files hashed and exporting the manifest need no
// node and no wallet: a publisher can do all of it offline, and only the registration
// itself (RegisterFlow) talks to the chain.
import { useCallback, useEffect, useRef, useState } from 'react';
import { formatBytes } from '../chain/format';
import { errorText } from '../chain/wallet';
import { hashFiles, manifestJson, parseManifestJson, type HashProgress, type Manifest } from '../hash';

export interface FilesProps {
  manifest?: Manifest;
  /** The root alone, for a commitment resumed without its files. */
  root?: string;
  sourceLabel?: string;
  /** A new manifest (or none while hashing) and where it came from. */
  onManifest(manifest: Manifest | undefined, label: string | undefined): void;
  /** Set once the root is committed: it can no longer change. */
  locked: boolean;
}

export function RegisterFiles({ manifest, root, sourceLabel, onManifest, locked }: FilesProps) {
  const [progress, setProgress] = useState<HashProgress>();
  const [hashingLabel, setHashingLabel] = useState<string>();
  const [sourceError, setSourceError] = useState<string>();
  const abort = useRef<AbortController | undefined>(undefined);
  const folderInput = useRef<HTMLInputElement>(null);
  useEffect(() => {
    // React has no prop for the folder picker's non-standard attribute.
    folderInput.current?.setAttribute('webkitdirectory', '');
  }, []);
  // Leaving the page stops the workers.
  useEffect(() => () => abort.current?.abort(), []);

  const hash = useCallback(
    async (files: File[], label: string) => {
      abort.current?.abort();
      const controller = new AbortController();
      abort.current = controller;
      onManifest(undefined, undefined);
      setSourceError(undefined);
      setHashingLabel(label);
      setProgress({ bytes: 0, totalBytes: files.reduce((s, f) => s + f.size, 0), files: 0, totalFiles: files.length, mibPerSecond: 0 });
      try {
        const result = await hashFiles(files, { onProgress: setProgress, signal: controller.signal });
        if (abort.current === controller) onManifest(result, label);
      } catch (error) {
        if (abort.current !== controller) return;
        setSourceError(error instanceof DOMException && error.name === 'AbortError' ? 'Hashing was cancelled; nothing was registered.' : errorText(error));
      } finally {
        if (abort.current === controller) {
          abort.current = undefined;
          setProgress(undefined);
        }
      }
    },
    [onManifest],
  );

  const importManifest = useCallback(
    async (file: File) => {
      abort.current?.abort();
      onManifest(undefined, undefined);
      setSourceError(undefined);
      try {
        onManifest(parseManifestJson(await file.text()), `manifest ${file.name}`);
      } catch (error) {
        setSourceError(`${file.name} is not a manifest of modelmint-hash: ${errorText(error)}`);
      }
    },
    [onManifest],
  );

  return (
    <section aria-labelledby="source-heading">
      <h2 id="source-heading">1. The model's files</h2>
      <p className="hint">
        The files are hashed in this browser (nothing is uploaded, and no node or wallet is needed) into the same manifest and content root as
        ModelMint's command line tools compute: <code>modelmint-hash</code>, and <code>modelmint register</code>, which hashes a folder the same way.
      </p>
      {locked && (
        <p className="hint" data-testid="register-files-locked">
          The registration is committed to this content root: the files can no longer change. Start over to register other files.
        </p>
      )}
      <div className="row">
        <label className="file-button">
          Choose a folder
          <input
            ref={folderInput}
            type="file"
            multiple
            disabled={locked}
            onChange={(e) => {
              const files = Array.from(e.target.files ?? []);
              const folder = files[0]?.webkitRelativePath.split('/')[0];
              void hash(files, folder ? `folder ${folder}` : 'an empty folder');
              e.target.value = '';
            }}
            data-testid="register-folder-input"
          />
        </label>
        <label className="file-button">
          Choose a file
          <input
            type="file"
            disabled={locked}
            onChange={(e) => {
              const files = Array.from(e.target.files ?? []);
              void hash(files, files[0] ? `file ${files[0].name}` : 'no file');
              e.target.value = '';
            }}
            data-testid="register-file-input"
          />
        </label>
        <label className="file-button">
          Import a manifest JSON
          <input
            type="file"
            accept="application/json,.json"
            disabled={locked}
            onChange={(e) => {
              const file = e.target.files?.[0];
              if (file) void importManifest(file);
              e.target.value = '';
            }}
            data-testid="register-manifest-input"
          />
        </label>
      </div>
      <p className="hint" data-testid="register-manifest-hint">
        A manifest JSON comes from <code>modelmint-hash --manifest-json manifest.json path/to/model</code> (the <code>modelmint</code> command has no
        hash command of its own); use it for models made of symbolic links (the browser skips links inside a folder), or register such a model
        with <code>modelmint register path/to/model</code>.
      </p>
      {progress && (
        <div className="progress" data-testid="hash-progress" data-bytes={progress.bytes} data-total-bytes={progress.totalBytes} data-files={progress.files}>
          <progress value={progress.bytes} max={Math.max(progress.totalBytes, 1)} aria-label="Hashing progress" />
          <p>
            Hashing {hashingLabel}: {formatBytes(progress.bytes)} of {formatBytes(progress.totalBytes)}, {progress.files} of {progress.totalFiles} files,{' '}
            <span data-testid="hash-speed">{progress.mibPerSecond.toFixed(1)} MiB/s</span>
          </p>
          <button type="button" onClick={() => abort.current?.abort()} data-testid="hash-cancel">
            Cancel
          </button>
        </div>
      )}
      {sourceError && (
        <p className="error" role="alert" data-testid="source-error">
          {sourceError}
        </p>
      )}
      {manifest ? (
        <ManifestView manifest={manifest} label={sourceLabel} />
      ) : (
        root && (
          <p data-testid="manifest-root-only">
            Content root <code>{root}</code> (from an earlier commitment; its file list is not kept in this browser).
          </p>
        )
      )}
    </section>
  );
}

const SHOWN_FILES = 500;

/** Offers the manifest as a file, byte for byte what `modelmint-hash --manifest-json` writes. */
function ExportManifest({ manifest }: { manifest: Manifest }) {
  const [href, setHref] = useState<string>();
  useEffect(() => {
    const url = URL.createObjectURL(new Blob([manifestJson(manifest)], { type: 'application/json' }));
    setHref(url);
    return () => URL.revokeObjectURL(url);
  }, [manifest]);
  if (!href) return null;
  return (
    <a className="button" href={href} download={`manifest-${manifest.root.slice(0, 12)}.json`} data-testid="register-export">
      Export the manifest (JSON)
    </a>
  );
}

function ManifestView({ manifest, label }: { manifest: Manifest; label?: string }) {
  return (
    <div className="manifest" data-testid="manifest" data-root={manifest.root} data-files={manifest.files.length} data-total-size={manifest.total_size}>
      <p>
        {label && <>From {label}: </>}
        {manifest.files.length} file{manifest.files.length === 1 ? '' : 's'}, {formatBytes(manifest.total_size)} ({manifest.total_size} bytes). Root{' '}
        <code data-testid="manifest-root">{manifest.root}</code>
      </p>
      {manifest.files.length === 0 && manifest.total_size > 0 ? (
        <p className="hint">The file list was too large to keep in this browser; the root above is what is registered.</p>
      ) : (
        <table data-testid="manifest-files">
          <caption>Files hashed (check that nothing is missing: the browser skips symbolic links)</caption>
          <thead>
            <tr>
              <th scope="col">Path</th>
              <th scope="col">Size (bytes)</th>
              <th scope="col">sha256</th>
            </tr>
          </thead>
          <tbody>
            {manifest.files.slice(0, SHOWN_FILES).map((f) => (
              <tr key={f.path}>
                <td>{f.path}</td>
                <td className="num">{f.size}</td>
                <td>
                  <code>{f.sha256}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {!(manifest.files.length === 0 && manifest.total_size > 0) && <ExportManifest manifest={manifest} />}
      {manifest.files.length > SHOWN_FILES && <p className="hint">… and {manifest.files.length - SHOWN_FILES} more files.</p>}
    </div>
  );
}
