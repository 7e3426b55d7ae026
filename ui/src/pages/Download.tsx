// "Download" for a model the account is licensed for: from a delivery server its publisher
// lists in the model card (`"delivery": [...]`, docs/delivery.md), or, on the model page, one
// the user types. The wallet signs the server's challenge; the files stream in, are hashed by
// Register's workers and checked against the manifest whose root is the model's root on
// chain; only then are they saved (into a chosen folder, or as browser downloads).
import { useEffect, useRef, useState } from 'react';
import { useSigner } from '../chain/ChainProvider';
import { formatBytes } from '../chain/format';
import { useGateway } from '../chain/ipfs';
import { errorText } from '../chain/wallet';
import { downloadModel, type Downloaded, type DownloadProgress } from '../delivery/download';
import { DeliveryError, signRawData } from '../delivery/protocol';
import { canPickFolder, downloadsSink, folderSink, pickFolder } from '../delivery/save';
import { loadCardServers, parseServerUrl, type CardServers } from '../delivery/servers';
import { Field, NeedAccount } from '../ui/components';

/** The card's delivery servers, per card address, for the pages of this visit. */
const cards = new Map<string, Promise<CardServers>>();

/** The delivery servers the card at `uri` lists; undefined while it loads. */
export function useCardServers(uri: string): CardServers | undefined {
  const gateway = useGateway();
  const key = `${gateway} ${uri}`;
  const [loaded, setLoaded] = useState<{ key: string; servers: CardServers }>();
  useEffect(() => {
    let live = true;
    if (!cards.has(key)) cards.set(key, loadCardServers(uri, gateway));
    void cards.get(key)!.then((servers) => live && setLoaded({ key, servers }));
    return () => {
      live = false;
    };
  }, [key, uri, gateway]);
  return loaded?.key === key ? loaded.servers : undefined;
}

const PHASE_TEXT: Record<DownloadProgress['phase'], string> = {
  'signing-in': 'Signing in with your wallet',
  downloading: 'Downloading',
  verifying: 'Verifying every sha256',
  saving: 'Saving the verified files',
};

type Run =
  | { state: 'idle' }
  | { state: 'running'; progress: DownloadProgress }
  | { state: 'done'; result: Downloaded }
  | { state: 'failed'; error: string; status: number };

/**
 * The Download action of one model. `servers` are the card's; with `allowTyped`, a server's
 * address can be typed too (the model page), else a model with no listed server says where to go.
 */
export function Download({ model, root, uri, allowTyped, testid }: { model: bigint; root: string; uri: string; allowTyped: boolean; testid: string }) {
  const card = useCardServers(uri);
  const signer = useSigner();
  const [chosen, setChosen] = useState('');
  const [typed, setTyped] = useState('');
  const [run, setRun] = useState<Run>({ state: 'idle' });
  const abort = useRef<AbortController | undefined>(undefined);
  useEffect(() => () => abort.current?.abort(), []);
  if (card === undefined) return <p className="hint" data-testid={`${testid}-loading`}>Looking for delivery servers in the model card…</p>;
  const listed = card.servers;
  if (listed.length === 0 && !allowTyped) {
    return (
      <p className="hint" data-testid={`${testid}-no-server`}>
        {card.note} If you know a server that delivers it, download from the <a href={`#/model/${model}`}>model page</a>.
      </p>
    );
  }
  const server = typed.trim() !== '' ? typed : chosen || listed[0] || '';
  const parsed = parseServerUrl(server);
  const running = run.state === 'running';

  const start = async () => {
    if (!signer?.signer.signRaw || 'error' in parsed) return;
    const signRaw = signer.signer.signRaw;
    const controller = new AbortController();
    abort.current = controller;
    try {
      // The folder picker needs the click's user activation: it comes before anything is awaited.
      const sink = canPickFolder() ? folderSink(await pickFolder()) : downloadsSink();
      setRun({ state: 'running', progress: { phase: 'signing-in', bytes: 0, totalBytes: 0, files: 0, totalFiles: 0, mibPerSecond: 0 } });
      const result = await downloadModel({
        server: parsed,
        model,
        onChainRoot: root,
        account: signer.address,
        sign: async (message) => (await signRaw({ address: signer.address, data: signRawData(message), type: 'bytes' })).signature,
        sink,
        signal: controller.signal,
        onProgress: (progress) => setRun({ state: 'running', progress }),
      });
      setRun({ state: 'done', result });
    } catch (error) {
      const cancelled = error instanceof DOMException && error.name === 'AbortError';
      const text = cancelled ? 'The download was cancelled (or no folder was chosen): nothing was saved.' : errorText(error);
      setRun({ state: 'failed', error: text, status: error instanceof DeliveryError ? error.status : 0 });
    } finally {
      abort.current = undefined;
    }
  };

  return (
    <div className="download" data-testid={testid} data-state={run.state}>
      {listed.length > 1 && (
        <div className="field">
          <label htmlFor={`${testid}-server`}>Delivery server (listed in the model card)</label>
          <select id={`${testid}-server`} value={chosen || listed[0]} onChange={(e) => setChosen(e.target.value)} data-testid={`${testid}-server`}>
            {listed.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </div>
      )}
      {listed.length === 1 && (
        <p data-testid={`${testid}-listed`}>
          Delivery server listed in the model card: <code>{listed[0]}</code>
        </p>
      )}
      {listed.length === 0 && card.note && <p className="hint">{card.note}</p>}
      {allowTyped && (
        <Field
          label={listed.length > 0 ? 'Or another server' : 'Delivery server'}
          type="url"
          value={typed}
          onChange={setTyped}
          testid={`${testid}-url`}
          placeholder="https://models.example.com"
          hint="A server that delivers this model's files to license holders."
          error={typed.trim() !== '' && 'error' in parsed ? parsed.error : undefined}
        />
      )}
      {!signer ? (
        <NeedAccount testid={`${testid}-no-account`} why=" to sign in to the server with it." />
      ) : !signer.signer.signRaw ? (
        <p className="error">This wallet cannot sign messages (signRaw), so it cannot sign in to a delivery server.</p>
      ) : (
        <p>
          <button type="button" onClick={() => void start()} disabled={running || 'error' in parsed} data-testid={`${testid}-start`}>
            Download model {model.toString()}…
          </button>{' '}
          {running && (
            <button type="button" onClick={() => abort.current?.abort()} data-testid={`${testid}-cancel`}>
              Cancel
            </button>
          )}
          <small className="hint">
            {' '}
            Your wallet signs a sign-in message (no transaction, no fee). {canPickFolder() ? 'You choose a folder; the files go to a .modelmint-partial folder in it until every one is verified.' : 'Each file is saved as a download once every file is verified.'}
          </small>
        </p>
      )}
      <RunState run={run} testid={testid} />
    </div>
  );
}

function RunState({ run, testid }: { run: Run; testid: string }) {
  if (run.state === 'running') {
    const p = run.progress;
    return (
      <div className="progress" role="status" data-testid={`${testid}-progress`} data-phase={p.phase} data-bytes={p.bytes}>
        <progress value={p.bytes} max={Math.max(p.totalBytes, 1)} aria-label="Download progress" />
        <span>
          {PHASE_TEXT[p.phase]}
          {p.totalBytes > 0 && `: ${formatBytes(p.bytes)} of ${formatBytes(p.totalBytes)}, ${p.files} of ${p.totalFiles} files, ${p.mibPerSecond.toFixed(1)} MiB/s`}
          …
        </span>
      </div>
    );
  }
  if (run.state === 'failed') {
    return (
      <p className="error" role="alert" data-testid={`${testid}-error`} data-status={run.status}>
        {run.error}
      </p>
    );
  }
  if (run.state === 'done') {
    const { manifest, savedTo } = run.result;
    return (
      <p className="notice" role="status" data-testid={`${testid}-done`} data-root={manifest.root} data-files={manifest.files.length} data-bytes={manifest.total_size}>
        Verified and saved to {savedTo}: {manifest.files.length} {manifest.files.length === 1 ? 'file' : 'files'}, {formatBytes(manifest.total_size)}; every sha256 and the
        root 0x{manifest.root} match the model's root on chain.
      </p>
    );
  }
  return null;
}
