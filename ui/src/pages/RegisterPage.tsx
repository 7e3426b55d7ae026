// Register a model: hash a folder or a file in the browser (or import the manifest the
// command line wrote), fill in what the registry records, then one Register action commits
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
import { clearDraft, draftStarted, EMPTY_DRAFT, loadDraft, saveDraft, type DraftParent, type RegisterDraft } from '../chain/draft';
import { formatBps } from '../chain/format';
import { fieldError, parseBps, parseModelId, valueOf } from '../chain/numbers';
import { MAX_PARENTS } from '../chain/registration';
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

// The lineage fields' numbers: the field shows the refusal, parseLineage (draft.ts) the first one.
const parsePrevious = (text: string) => parseModelId(text, 'The previous version (a model id)');
const parseParentModel = (text: string) => parseModelId(text, 'A parent model id');
const parseMaxRoyalty = (text: string) => parseBps(text, 'The highest royalty accepted');

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
  const setParent = (i: number, change: Partial<DraftParent>) => update({ parents: draft.parents.map((r, j) => (j === i ? { ...r, ...change } : r)) });
  return (
    <section aria-labelledby="details-heading">
      <h2 id="details-heading">2. What the registry records</h2>
      <div className="grid">
        <Field label="Name" value={draft.name} onChange={(name) => update({ name })} testid="register-name" hint="At most 64 bytes." />
        <Field label="Version" value={draft.version} onChange={(version) => update({ version })} testid="register-version" hint="At most 32 bytes, e.g. 1.0." />
        <Field label="Metadata URI (model card)" value={draft.uri} onChange={(uri) => update({ uri })} testid="register-uri" hint="At most 256 bytes, e.g. ipfs://…/card.md." />
        <Field
          label="Previous version (model id, optional)"
          value={draft.previous}
          onChange={(previous) => update({ previous })}
          testid="register-previous"
          error={fieldError(draft.previous, parsePrevious(draft.previous))}
          hint="A new version of one of your models inherits its royalty obligations."
        />
      </div>
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
    </section>
  );
}
