// Register a model: hash a folder or a file in the browser (or import the
// manifest the command line wrote), then commit to its root, wait for the
// registry's commit window, and reveal. Mirrors `modelmint register`
// (tools/cli/src/main.rs): the reveal is dry-run until the registry accepts it,
// or, on a chain that seals a block per transaction, sent as soon as the next
// block is inside the window; the model id comes from the ModelRegistered event.
import { useCallback, useEffect, useRef, useState } from 'react';
import { RequireChain, useChain, useConnectedChain } from '../chain/ChainProvider';
import type { RegistryError } from '../chain/errors';
import { formatBps, hex } from '../chain/format';
import {
  draftProblem,
  dropPending,
  hexToBytes,
  loadPending,
  MAX_PARENTS,
  randomSalt,
  registrationCommitment,
  REGISTER_GAS_LIMIT,
  savePending,
  type PendingRegistration,
} from '../chain/registration';
import { NOBODY } from '../chain/contracts';
import { call, dryRun, previewWithoutDryRun, read } from '../chain/tx';
import { TxPanel, TxView, useTx } from '../chain/TxPanel';
import { errorText } from '../chain/wallet';
import type { ModelmintCommonRelation as Relation } from '../contracts/types/modelmint-registry';
import { hashFiles, parseManifestJson, type HashProgress, type Manifest } from '../hash';
import { fieldError, parseBps, parseModelId, valueOf } from '../chain/numbers';
import { Field, Select } from '../ui/components';

export function RegisterPage() {
  return (
    <RequireChain>
      <Register />
    </RequireChain>
  );
}

const RELATIONS: readonly { value: Relation; label: string }[] = [
  { value: 'FineTune', label: 'fine-tune' },
  { value: 'Quantization', label: 'quantization' },
  { value: 'Distillation', label: 'distillation' },
  { value: 'Merge', label: 'merge' },
  { value: 'Other', label: 'other' },
];

interface ParentRow {
  model: string;
  relation: Relation;
  maxRoyaltyBps: string;
}

type Draft = {
  hash: `0x${string}`;
  name: string;
  version: string;
  uri: string;
  previousVersion: bigint | undefined;
  parents: { model: bigint; relation: Relation; maxRoyaltyBps: number }[];
};

// The lineage fields' numbers (numbers.ts ranges): the field shows the refusal, parseLineage the first one.
const parsePrevious = (text: string) => parseModelId(text, 'The previous version (a model id)');
const parseParentModel = (text: string, what = 'A parent model id') => parseModelId(text, what);
const parseMaxRoyalty = (text: string, what = 'The highest royalty accepted') => parseBps(text, what);

/** The lineage part of the form as the registry's draft, or the first problem. */
function parseLineage(previous: string, parents: ParentRow[]): { previousVersion: bigint | undefined; parents: Draft['parents'] } | string {
  let previousVersion: bigint | undefined;
  if (previous.trim() !== '') {
    const parsed = parsePrevious(previous);
    if ('error' in parsed) return parsed.error;
    previousVersion = parsed.value;
  }
  if (parents.length > MAX_PARENTS) return `A model has at most ${MAX_PARENTS} parents.`;
  const out: Draft['parents'] = [];
  for (const [i, row] of parents.entries()) {
    const model = parseParentModel(row.model, `Parent ${i + 1}'s model id`);
    if ('error' in model) return model.error;
    const bps = parseMaxRoyalty(row.maxRoyaltyBps, `The highest royalty accepted from parent ${i + 1}`);
    if ('error' in bps) return bps.error;
    out.push({ model: model.value, relation: row.relation, maxRoyaltyBps: bps.value });
  }
  return { previousVersion, parents: out };
}

/** The typed basis points as a percentage, once they parse. */
function bpsHint(text: string): string {
  const bps = valueOf(parseMaxRoyalty(text));
  return bps === undefined ? '100 bps = 1 %' : `${formatBps(bps)} (100 bps = 1 %)`;
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(value < 10 ? 2 : 1)} ${units[unit]}`;
}

function Register() {
  const chain = useConnectedChain();
  const { account, settings, bestBlock } = useChain();
  const registry = chain.contracts.registry;

  // What is registered: a manifest from hashing or from the command line.
  const [manifest, setManifest] = useState<Manifest>();
  const [sourceLabel, setSourceLabel] = useState<string>();
  const [progress, setProgress] = useState<HashProgress>();
  const [sourceError, setSourceError] = useState<string>();
  const abort = useRef<AbortController | undefined>(undefined);
  const folderInput = useRef<HTMLInputElement>(null);
  useEffect(() => {
    // React has no prop for the folder picker's non-standard attribute.
    folderInput.current?.setAttribute('webkitdirectory', '');
  }, []);

  const hash = useCallback(async (files: File[], label: string) => {
    abort.current?.abort();
    const controller = new AbortController();
    abort.current = controller;
    setManifest(undefined);
    setSourceError(undefined);
    setSourceLabel(label);
    setProgress({ bytes: 0, totalBytes: files.reduce((s, f) => s + f.size, 0), files: 0, totalFiles: files.length, mibPerSecond: 0 });
    try {
      const result = await hashFiles(files, { onProgress: setProgress, signal: controller.signal });
      if (abort.current === controller) setManifest(result);
    } catch (error) {
      if (abort.current !== controller) return;
      setSourceError(error instanceof DOMException && error.name === 'AbortError' ? 'Hashing was cancelled; nothing was registered.' : errorText(error));
    } finally {
      if (abort.current === controller) {
        abort.current = undefined;
        setProgress(undefined);
      }
    }
  }, []);

  const importManifest = useCallback(async (file: File) => {
    abort.current?.abort();
    setManifest(undefined);
    setSourceError(undefined);
    setSourceLabel(`manifest ${file.name}`);
    try {
      setManifest(parseManifestJson(await file.text()));
    } catch (error) {
      setSourceError(`${file.name} is not a manifest of modelmint-hash: ${errorText(error)}`);
    }
  }, []);

  // The form.
  const [name, setName] = useState('');
  const [version, setVersion] = useState('');
  const [uri, setUri] = useState('');
  const [previous, setPrevious] = useState('');
  const [parents, setParents] = useState<ParentRow[]>([]);
  const setParent = (i: number, change: Partial<ParentRow>) => setParents((rows) => rows.map((r, j) => (j === i ? { ...r, ...change } : r)));

  // Is this root registered already? (Checked before anyone pays for a commitment.)
  const [existing, setExisting] = useState<bigint>();
  useEffect(() => {
    setExisting(undefined);
    if (!manifest) return;
    let live = true;
    read(chain, account?.address ?? NOBODY, call(registry, 'modelIdByHash', [`0x${manifest.root}`])).then(
      (id) => live && setExisting(id),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [chain, registry, manifest, account]);

  // The commit–reveal flow.
  const commitTx = useTx(chain);
  const revealTx = useTx(chain);
  const salt = useRef<Uint8Array | undefined>(undefined);
  const [pending, setPending] = useState<PendingRegistration>();
  const [waiting, setWaiting] = useState<string>();
  const [registered, setRegistered] = useState<bigint>();
  const [stored, setStored] = useState<PendingRegistration[]>([]);
  const refreshStored = useCallback(() => {
    setStored(loadPending(localStorage).filter((p) => p.network === settings.network && p.registrant === account?.address));
  }, [settings.network, account]);
  useEffect(refreshStored, [refreshStored]);

  const lineage = parseLineage(previous, parents);
  const problems = (): string | undefined => {
    if (!account) return 'Connect a wallet and choose an account first (Connect page).';
    if (!manifest && !pending) return 'Choose a model folder or file, or import a manifest, first.';
    if (existing !== undefined) return `This content root is already registered, as model ${existing}.`;
    const fields = draftProblem({ name, version, uri });
    if (fields) return fields;
    if (typeof lineage === 'string') return lineage;
    return undefined;
  };

  const checkCommit = async () => {
    const problem = problems();
    if (problem || !manifest || !account) {
      commitTx.setState({ phase: 'failed', kind: 'input', message: problem ?? 'Choose a model first.' });
      return;
    }
    salt.current = randomSalt();
    const commitment = await registrationCommitment(hexToBytes(manifest.root), account.address, salt.current);
    await commitTx.check(call(registry, 'commit', [commitment]));
  };

  const sendCommit = async () => {
    if (commitTx.state.phase !== 'previewed' || !manifest || !account || !salt.current) return;
    const preview = commitTx.state.preview;
    const outcome = await commitTx.send(preview);
    if (!outcome) return;
    const record: PendingRegistration = {
      network: settings.network,
      registrant: account.address,
      root: manifest.root,
      salt: hex(salt.current),
      commitment: preview.call.args[0] as `0x${string}`,
      committedAt: outcome.blockNumber,
    };
    savePending(localStorage, record);
    refreshStored();
    setPending(record);
  };

  const draftFor = (p: PendingRegistration): Draft | string => {
    const fields = draftProblem({ name, version, uri });
    if (fields) return fields;
    if (typeof lineage === 'string') return lineage;
    return { hash: `0x${p.root}`, name, version, uri, ...lineage };
  };

  // The reveal: dry-run it at every new block until the registry accepts it.
  const checkReveal = async () => {
    if (!pending || !account || revealTx.state.phase === 'sending' || revealTx.state.phase === 'done') return;
    const draft = draftFor(pending);
    if (typeof draft === 'string') {
      revealTx.setState({ phase: 'failed', kind: 'input', message: draft });
      return;
    }
    const c = call(registry, 'register', [draft, pending.salt]);
    const preview = await dryRun(chain, account.address, c);
    const refused = preview.refusal?.errorType === 'RegistryError' ? (preview.refusal.error as RegistryError) : undefined;
    if (refused?.type === 'CommitmentTooRecent') {
      const readyAt = refused.value;
      const best = bestBlock ?? 0;
      if (readyAt <= best + 1) {
        setWaiting(undefined);
        revealTx.show(
          await previewWithoutDryRun(
            account.address,
            c,
            REGISTER_GAS_LIMIT,
            `The registry accepts the reveal from block ${readyAt} on and the chain is at block ${best}: it goes into the next block. ` +
              'It cannot be dry-run before then, so it is sent with a fixed gas limit (the fee paid is lower: unused gas is refunded) ' +
              'and its storage deposit is known only once it ran.',
          ),
        );
      } else {
        setWaiting(`Waiting for block ${readyAt} to reveal (the chain is at block ${best}; the commitment must be ${chain.deployment.commit_window.min_blocks} blocks old).`);
        revealTx.reset();
      }
      return;
    }
    setWaiting(undefined);
    revealTx.show(preview);
  };

  // Check the reveal as soon as there is a commitment, and again at every new
  // block while waiting for the commit window (only then: a shown preview stays
  // until the user sends it or asks for a new check).
  useEffect(() => {
    if (pending && registered === undefined && (revealTx.state.phase === 'idle' || waiting)) void checkReveal();
  }, [pending, bestBlock]);

  const sendReveal = async () => {
    if (revealTx.state.phase !== 'previewed' || !pending) return;
    const outcome = await revealTx.send(revealTx.state.preview);
    if (!outcome) return;
    const event = outcome.events.find((e) => e.contract === 'registry' && e.name === 'ModelRegistered');
    const model = event?.data.model as bigint | undefined;
    if (model === undefined) {
      revealTx.setState({ phase: 'failed', kind: 'failed', message: 'The registration ran but emitted no ModelRegistered event.', outcome });
      return;
    }
    dropPending(localStorage, pending.commitment);
    refreshStored();
    setRegistered(model);
  };

  const startOver = () => {
    setPending(undefined);
    setRegistered(undefined);
    setWaiting(undefined);
    commitTx.reset();
    revealTx.reset();
    setManifest(undefined);
    setSourceLabel(undefined);
  };

  const root = pending?.root ?? manifest?.root;

  return (
    <>
      <section aria-labelledby="source-heading">
        <h2 id="source-heading">1. The model's files</h2>
        <p className="hint">
          The files are hashed in this browser (nothing is uploaded) into the same manifest and content root as <code>modelmint-hash</code>.
        </p>
        <div className="row">
          <label className="file-button">
            Choose a folder
            <input
              ref={folderInput}
              type="file"
              multiple
              disabled={Boolean(pending)}
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
              disabled={Boolean(pending)}
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
              disabled={Boolean(pending)}
              onChange={(e) => {
                const file = e.target.files?.[0];
                if (file) void importManifest(file);
                e.target.value = '';
              }}
              data-testid="register-manifest-input"
            />
          </label>
        </div>
        <p className="hint">
          A manifest JSON comes from <code>modelmint-hash --manifest-json manifest.json path/to/model</code>; use it for models made of symbolic
          links (the browser skips links inside a folder).
        </p>
        {progress && (
          <div className="progress" data-testid="hash-progress" data-bytes={progress.bytes} data-total-bytes={progress.totalBytes} data-files={progress.files}>
            <progress value={progress.bytes} max={Math.max(progress.totalBytes, 1)} aria-label="Hashing progress" />
            <p>
              Hashing {sourceLabel}: {formatBytes(progress.bytes)} of {formatBytes(progress.totalBytes)}, {progress.files} of {progress.totalFiles} files,{' '}
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
        {manifest && <ManifestView manifest={manifest} label={sourceLabel} />}
        {existing !== undefined && (
          <p className="notice" data-testid="register-existing" data-model={existing.toString()}>
            This content root is already registered, as model {existing.toString()}.
          </p>
        )}
      </section>

      <section aria-labelledby="details-heading">
        <h2 id="details-heading">2. What the registry records</h2>
        <div className="grid">
          <Field label="Name" value={name} onChange={setName} testid="register-name" hint="At most 64 bytes." />
          <Field label="Version" value={version} onChange={setVersion} testid="register-version" hint="At most 32 bytes, e.g. 1.0." />
          <Field label="Metadata URI (model card)" value={uri} onChange={setUri} testid="register-uri" hint="At most 256 bytes, e.g. ipfs://…/card.md." />
          <Field
            label="Previous version (model id, optional)"
            value={previous}
            onChange={setPrevious}
            testid="register-previous"
            error={fieldError(previous, parsePrevious(previous))}
            hint="A new version of one of your models inherits its royalty obligations."
          />
        </div>
        <fieldset className="parents">
          <legend>Parents (for a derivative)</legend>
          <p className="hint">
            For a parent you do not own you need its owner's derivative approval or a license that allows derivatives. The royalty the derivative will
            owe is the lower of the two, and the registration is refused if it is above the highest you accept. Every sale of the new model then pays each
            parent its share and, flattened in, every ancestor the parents owe theirs (in full, not a share of a share); see Lineage once it is registered.
          </p>
          {parents.map((row, i) => (
            <div className="row parent" key={i} data-testid={`register-parent-${i}`}>
              <Field label="Parent model id" value={row.model} onChange={(v) => setParent(i, { model: v })} testid={`register-parent-model-${i}`} error={fieldError(row.model, parseParentModel(row.model))} />
              <Select label="Relation" value={row.relation} options={RELATIONS} onChange={(v) => setParent(i, { relation: v })} testid={`register-parent-relation-${i}`} />
              <Field
                label="Highest royalty accepted (basis points)"
                value={row.maxRoyaltyBps}
                onChange={(v) => setParent(i, { maxRoyaltyBps: v })}
                testid={`register-parent-royalty-${i}`}
                hint={bpsHint(row.maxRoyaltyBps)}
                error={fieldError(row.maxRoyaltyBps, parseMaxRoyalty(row.maxRoyaltyBps))}
              />
              <button type="button" onClick={() => setParents((rows) => rows.filter((_, j) => j !== i))} data-testid={`register-parent-remove-${i}`}>
                Remove
              </button>
            </div>
          ))}
          {parents.length < MAX_PARENTS && (
            <button type="button" onClick={() => setParents((rows) => [...rows, { model: '', relation: 'FineTune', maxRoyaltyBps: '0' }])} data-testid="register-parent-add">
              Add a parent
            </button>
          )}
        </fieldset>
      </section>

      <section aria-labelledby="flow-heading">
        <h2 id="flow-heading">3. Commit, wait, reveal</h2>
        <p className="hint">
          The registration takes two transactions so nobody can copy it from the transaction pool: a commitment to the root (with a secret salt kept in
          this browser), then, {chain.deployment.commit_window.min_blocks} to {chain.deployment.commit_window.max_blocks} blocks later, the reveal.
        </p>
        {root && (
          <p>
            Content root: <code data-testid="register-root">0x{root}</code>
          </p>
        )}

        <div className="tx" data-testid="commit">
          <h3>Commit</h3>
          {!pending && (
            <button type="button" onClick={() => void checkCommit()} disabled={commitTx.state.phase === 'dry-running' || commitTx.state.phase === 'sending'} data-testid="commit-dry-run">
              Commit: check
            </button>
          )}
          <TxView testid="commit" state={commitTx.state} units={chain.units} sendLabel="Commit" onSend={() => void sendCommit()} />
        </div>

        {pending && (
          <div className="tx" data-testid="reveal">
            <h3>Reveal</h3>
            <p>
              Committed in block #{pending.committedAt}. The chain is at block #{bestBlock ?? '…'}.
            </p>
            {waiting && (
              <p className="tx-status" role="status" data-testid="reveal-waiting">
                {waiting}
              </p>
            )}
            {registered === undefined && revealTx.state.phase !== 'sending' && (
              <button type="button" onClick={() => void checkReveal()} data-testid="reveal-dry-run">
                Reveal: check again
              </button>
            )}
            <TxView
              testid="reveal"
              state={revealTx.state}
              units={chain.units}
              sendLabel="Register"
              onSend={() => void sendReveal()}
              describeOutput={(id) => `registers model ${String(id)}`}
            />
          </div>
        )}

        {registered !== undefined && (
          <div className="notice ok" role="status" data-testid="register-done" data-model={registered.toString()}>
            <p>
              Registered as model <strong>{registered.toString()}</strong>: its token is yours. See it on <a href="#/models">My models</a>.
            </p>
            <button type="button" onClick={startOver} data-testid="register-again">
              Register another model
            </button>
          </div>
        )}
      </section>

      {stored.length > 0 && !pending && (
        <section aria-labelledby="pending-heading">
          <h2 id="pending-heading">Commitments not revealed yet</h2>
          <p className="hint">Kept in this browser with their salts. Reveal one with the details above, or cancel it to get its deposit back.</p>
          <ul className="pending">
            {stored.map((p) => (
              <li key={p.commitment} data-testid={`pending-${p.commitment}`}>
                <code>0x{p.root}</code>, committed in block #{p.committedAt}{' '}
                <button type="button" onClick={() => setPending(p)} data-testid={`pending-resume-${p.commitment}`}>
                  Reveal this one
                </button>
                <TxPanel
                  testid={`cancel-commitment-${p.commitment.slice(2, 10)}`}
                  title="Cancel the commitment"
                  build={() => call(registry, 'cancelCommitment', [p.commitment])}
                  onDone={() => {
                    dropPending(localStorage, p.commitment);
                    refreshStored();
                  }}
                />
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}

const SHOWN_FILES = 500;

function ManifestView({ manifest, label }: { manifest: Manifest; label?: string }) {
  return (
    <div className="manifest" data-testid="manifest" data-root={manifest.root} data-files={manifest.files.length} data-total-size={manifest.total_size}>
      <p>
        {label && <>From {label}: </>}
        {manifest.files.length} file{manifest.files.length === 1 ? '' : 's'}, {formatBytes(manifest.total_size)} ({manifest.total_size} bytes). Root{' '}
        <code data-testid="manifest-root">{manifest.root}</code>
      </p>
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
      {manifest.files.length > SHOWN_FILES && <p className="hint">… and {manifest.files.length - SHOWN_FILES} more files.</p>}
    </div>
  );
}
