// Register a model or a dataset: hash a folder or a file in the browser (or import the
// manifest the command line wrote), fill in what the registry records (a model's parents and
// the datasets it was trained on; a dataset names neither), then one Register action commits
// to the root, waits for the registry's commit window and reveals (RegisterFlow). Mirrors
// `modelmint register` (tools/cli/src/main.rs).
//
// The files and the form work without a node or a wallet (hashing and the manifest export
// are offline); only the registration needs the chain. Everything typed, the manifest and,
// once Register is clicked, the salt are kept in the browser (chain/draft.ts) until the model
// is registered, so a reload resumes where it was.
import { useCallback, useRef, useState } from 'react';
import { useChain } from '../chain/ChainProvider';
import { deploymentKey } from '../chain/settings';
import { clearDraft, draftStarted, EMPTY_DRAFT, loadDraft, saveDraft, type AssetKind, type DraftDataset, type DraftParent, type RegisterDraft } from '../chain/draft';
import { formatBps } from '../chain/format';
import { fieldError, parseBps, parseModelId, valueOf } from '../chain/numbers';
import { MAX_DATASETS, MAX_PARENTS } from '../chain/registration';
import type { Manifest } from '../hash';
import { Field, Select } from '../ui/components';
import { RegisterFiles } from './RegisterFiles';
import { RegisterFlow } from './RegisterFlow';

const RELATIONS: readonly { value: DraftParent['relation']; label: string }[] = [
  { value: 'FineTune', label: 'fine-tune' },
  { value: 'Quantization', label: 'quantization' },
  { value: 'Distillation', label: 'distillation' },
  { value: 'Merge', label: 'merge' },
  { value: 'Other', label: 'other' },
];

const KINDS: readonly { value: AssetKind; label: string }[] = [
  { value: 'Model', label: 'a model' },
  { value: 'Dataset', label: 'a dataset' },
];

// The lineage fields' numbers: the field shows the refusal, parseLineage (draft.ts) the first one.
const parsePrevious = (text: string) => parseModelId(text, 'The previous version (a model id)');
const parseParentModel = (text: string) => parseModelId(text, 'A parent model id');
const parseMaxRoyalty = (text: string) => parseBps(text, 'The highest royalty accepted');
const parseDataset = (text: string) => parseModelId(text, 'A dataset id');

/** The typed basis points as a percentage, once they parse. */
function bpsHint(text: string): string {
  const bps = valueOf(parseMaxRoyalty(text));
  return bps === undefined ? '100 bps = 1 %' : `${formatBps(bps)} (100 bps = 1 %)`;
}

/** The draft of this network, kept in localStorage on every change. */
function useDraft(network: string) {
  const [draft, setDraft] = useState<RegisterDraft>(() => loadDraft(localStorage, network));
  // The latest draft, so an update made right after another (in one event) builds on it.
  const current = useRef(draft);
  const [loadedFor, setLoadedFor] = useState(network);
  if (loadedFor !== network) {
    // Another network: its own draft (the commitment is on one chain).
    const other = loadDraft(localStorage, network);
    current.current = other;
    setLoadedFor(network);
    setDraft(other);
  }
  const update = useCallback(
    (change: Partial<RegisterDraft>) => {
      const next = { ...current.current, ...change };
      // Saved now, synchronously, not in an effect or a state updater: the salt must be
      // stored before the wallet is asked to sign the commitment that depends on it.
      saveDraft(localStorage, network, next);
      current.current = next;
      setDraft(next);
    },
    [network],
  );
  const discard = useCallback(() => {
    clearDraft(localStorage, network);
    current.current = { ...EMPTY_DRAFT };
    setDraft(current.current);
  }, [network]);
  return { draft, update, discard, current };
}

export function RegisterPage() {
  const { settings } = useChain();
  const { draft, update, discard, current } = useDraft(deploymentKey(settings));
  const [resumed] = useState(() => draftStarted(draft));
  const locked = draft.commitment !== undefined;
  const onManifest = useCallback(
    (manifest: Manifest | undefined, label: string | undefined) => update({ manifest, root: manifest?.root, sourceLabel: label }),
    [update],
  );
  return (
    <>
      {resumed && (
        <p className="notice" role="status" data-testid="register-resumed">
          Your registration in progress was kept in this browser: it continues below.
        </p>
      )}
      <RegisterFiles manifest={draft.manifest} root={draft.root} sourceLabel={draft.sourceLabel} onManifest={onManifest} locked={locked} />
      <Details draft={draft} update={update} />
      <RegisterFlow draft={draft} current={current} update={update} discard={discard} />
    </>
  );
}

function Details({ draft, update }: { draft: RegisterDraft; update: (change: Partial<RegisterDraft>) => void }) {
  const dataset = draft.kind === 'Dataset';
  // A dataset names no parents and no training data: choosing it drops the rows typed for a model.
  const setKind = (kind: AssetKind) => update(kind === 'Dataset' ? { kind, parents: [], datasets: [] } : { kind });
  return (
    <section aria-labelledby="details-heading">
      <h2 id="details-heading">2. What the registry records</h2>
      <Select label="Register" value={draft.kind} options={KINDS} onChange={setKind} testid="register-kind" />
      <p className="hint">
        {dataset
          ? "A dataset is licensed for research, training or redistribution; models trained on it name it as training data and owe it the royalty its license or its owner's approval grants."
          : 'A model may derive from parent models and declare the datasets it was trained on; it owes each its share of every sale.'}
      </p>
      <div className="grid">
        <Field label="Name" value={draft.name} onChange={(name) => update({ name })} testid="register-name" hint="At most 64 bytes." />
        <Field label="Version" value={draft.version} onChange={(version) => update({ version })} testid="register-version" hint="At most 32 bytes, e.g. 1.0." />
        <Field
          label={dataset ? 'Metadata URI (dataset card)' : 'Metadata URI (model card)'}
          value={draft.uri}
          onChange={(uri) => update({ uri })}
          testid="register-uri"
          hint="At most 256 bytes, e.g. ipfs://…/card.md."
        />
        <Field
          label={dataset ? 'Previous version (dataset id, optional)' : 'Previous version (model id, optional)'}
          value={draft.previous}
          onChange={(previous) => update({ previous })}
          testid="register-previous"
          error={fieldError(draft.previous, parsePrevious(draft.previous))}
          hint={`A new version of one of your ${dataset ? 'datasets' : 'models'} inherits its royalty obligations; it is of the same kind.`}
        />
      </div>
      {dataset ? (
        <p className="notice" data-testid="register-dataset-lineage">
          A dataset names no parents and no training data: its lineage is its previous versions.
        </p>
      ) : (
        <>
          <Parents draft={draft} update={update} />
          <TrainingData draft={draft} update={update} />
        </>
      )}
    </section>
  );
}

function Parents({ draft, update }: { draft: RegisterDraft; update: (change: Partial<RegisterDraft>) => void }) {
  const setParent = (i: number, change: Partial<DraftParent>) => update({ parents: draft.parents.map((r, j) => (j === i ? { ...r, ...change } : r)) });
  return (
    <fieldset className="parents">
      <legend>Parents (for a derivative)</legend>
      <p className="hint">
        For a parent you do not own you need its owner's derivative approval or a license that allows derivatives. The royalty the derivative will owe
        is the lower of the two, and the registration is refused if it is above the highest you accept. Every sale of the new model then pays each parent
        its share and, flattened in, every ancestor the parents owe theirs (in full, not a share of a share); see Lineage once it is registered.
      </p>
      {draft.parents.map((row, i) => (
        <div className="row parent" key={i} data-testid={`register-parent-${i}`}>
          <Field
            label="Parent model id"
            value={row.model}
            onChange={(v) => setParent(i, { model: v })}
            testid={`register-parent-model-${i}`}
            error={fieldError(row.model, parseParentModel(row.model))}
          />
          <Select label="Relation" value={row.relation} options={RELATIONS} onChange={(v) => setParent(i, { relation: v })} testid={`register-parent-relation-${i}`} />
          <Field
            label="Highest royalty accepted (basis points)"
            value={row.maxRoyaltyBps}
            onChange={(v) => setParent(i, { maxRoyaltyBps: v })}
            testid={`register-parent-royalty-${i}`}
            hint={bpsHint(row.maxRoyaltyBps)}
            error={fieldError(row.maxRoyaltyBps, parseMaxRoyalty(row.maxRoyaltyBps))}
          />
          <button type="button" onClick={() => update({ parents: draft.parents.filter((_, j) => j !== i) })} data-testid={`register-parent-remove-${i}`}>
            Remove
          </button>
        </div>
      ))}
      {draft.parents.length < MAX_PARENTS && (
        <button
          type="button"
          onClick={() => update({ parents: [...draft.parents, { model: '', relation: 'FineTune', maxRoyaltyBps: '0' }] })}
          data-testid="register-parent-add"
        >
          Add a parent
        </button>
      )}
    </fieldset>
  );
}

/** The datasets a model was trained on: each a TrainedOn edge with the highest royalty accepted. */
function TrainingData({ draft, update }: { draft: RegisterDraft; update: (change: Partial<RegisterDraft>) => void }) {
  const setRow = (i: number, change: Partial<DraftDataset>) => update({ datasets: draft.datasets.map((r, j) => (j === i ? { ...r, ...change } : r)) });
  return (
    <fieldset className="parents">
      <legend>Training data (datasets the model was trained on)</legend>
      <p className="hint">
        For a dataset you do not own you need its owner's derivative approval or a license of it that permits training and grants a derivative royalty.
        Every sale of the model then pays the dataset its share, as it pays a parent; at most {MAX_DATASETS} datasets.
      </p>
      {draft.datasets.map((row, i) => (
        <div className="row parent" key={i} data-testid={`register-dataset-${i}`}>
          <Field
            label="Dataset id"
            value={row.dataset}
            onChange={(v) => setRow(i, { dataset: v })}
            testid={`register-dataset-id-${i}`}
            error={fieldError(row.dataset, parseDataset(row.dataset))}
          />
          <Field
            label="Highest royalty accepted (basis points)"
            value={row.maxRoyaltyBps}
            onChange={(v) => setRow(i, { maxRoyaltyBps: v })}
            testid={`register-dataset-royalty-${i}`}
            hint={bpsHint(row.maxRoyaltyBps)}
            error={fieldError(row.maxRoyaltyBps, parseMaxRoyalty(row.maxRoyaltyBps))}
          />
          <button type="button" onClick={() => update({ datasets: draft.datasets.filter((_, j) => j !== i) })} data-testid={`register-dataset-remove-${i}`}>
            Remove
          </button>
        </div>
      ))}
      {draft.datasets.length < MAX_DATASETS && (
        <button type="button" onClick={() => update({ datasets: [...draft.datasets, { dataset: '', maxRoyaltyBps: '0' }] })} data-testid="register-dataset-add">
          Add a training dataset
        </button>
      )}
    </fieldset>
  );
}
