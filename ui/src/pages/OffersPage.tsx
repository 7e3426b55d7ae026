// Offers, for a model's owner: create an offer with typed terms (price,
// duration, cap, permitted uses, derivative rights and their royalty,
// transferability, and the legal text's URI and sha256, which the market keeps
// in the offer's `terms.legal`), see the model's open and paused offers, and
// pause, open or close them (`set_offer_state`; offers never change).
import { useState } from 'react';
import { RequireChain, useChain, useConnectedChain, useReader } from '../chain/ChainProvider';
import { formatBalance } from '../chain/format';
import { call } from '../chain/tx';
import { TxPanel } from '../chain/TxPanel';
import { errorText } from '../chain/wallet';
import type { ModelmintMarketCoreOfferState as OfferState } from '../contracts/types/modelmint-market';
import { fieldError, parseModelId, valueOf } from '../chain/numbers';
import { Field, Select, NeedAccount } from '../ui/components';
import {
  describeTerms,
  DURATION_UNITS,
  EMPTY_OFFER_FORM,
  loadCatalog,
  loadOffers,
  parseOfferNumbers,
  parseOfferTerms,
  sha256Hex,
  useBlockRead,
  usesFor,
  DERIVATIVE_USE,
  type AssetKind,
  type DurationUnit,
  type OfferForm,
} from './market';

export function OffersPage() {
  return (
    <RequireChain contracts={['registry', 'market']}>
      <Offers />
    </RequireChain>
  );
}

/** The model a page is about, from `#/offers?model=3` (so other pages can link to it). */
export function modelFromHash(): string {
  const query = window.location.hash.split('?')[1] ?? '';
  return new URLSearchParams(query).get('model') ?? '';
}

function Offers() {
  const chain = useConnectedChain();
  const { account } = useChain();
  const [modelText, setModelText] = useState(modelFromHash);
  const parsedModel = parseModelId(modelText);
  const model = valueOf(parsedModel);
  const caller = useReader();
  const catalog = useBlockRead(() => loadCatalog(chain, caller), 'the models', [chain, caller]);
  const mine = catalog.value?.filter((e) => account && e.owner === account.address) ?? [];
  // The uses an offer may grant depend on the asset's kind; an id the registry does not know is
  // refused by the market whatever it grants.
  const kind: AssetKind | undefined = catalog.value ? (catalog.value.find((e) => e.id === model)?.model.kind ?? 'Model') : catalog.error ? 'Model' : undefined;

  if (!account) {
    return <NeedAccount testid="offers-no-account" why=": offers are made by a model's owner." />;
  }
  return (
    <>
      <section aria-labelledby="offers-model-heading">
        <h2 id="offers-model-heading">Model</h2>
        <Field
          label="Model id"
          value={modelText}
          onChange={setModelText}
          testid="offers-model"
          error={fieldError(modelText, parsedModel)}
          hint={
            mine.length > 0 ? (
              <>
                Your models:{' '}
                {mine.map((e, i) => (
                  <span key={e.id.toString()}>
                    {i > 0 && ', '}
                    <button type="button" className="link" onClick={() => setModelText(e.id.toString())} data-testid={`offers-pick-${e.id}`}>
                      {e.id.toString()} ({e.model.kind === 'Dataset' ? 'dataset ' : ''}{e.model.name} {e.model.version})
                    </button>
                  </span>
                ))}
              </>
            ) : (
              'This account owns no model yet; you can still look at any model\'s offers.'
            )
          }
        />
        {catalog.error && <p className="error" role="alert">{catalog.error}</p>}
      </section>
      {model !== undefined && (
        <>
          {kind === undefined ? <p role="status">Reading model {model.toString()}…</p> : <CreateOffer key={`create-${model}-${kind}`} model={model} kind={kind} />}
          <OfferList model={model} />
        </>
      )}
    </>
  );
}

function CreateOffer({ model, kind }: { model: bigint; kind: AssetKind }) {
  const chain = useConnectedChain();
  const [form, setForm] = useState<OfferForm>(EMPTY_OFFER_FORM);
  const [hashNote, setHashNote] = useState<string>();
  const set = (patch: Partial<OfferForm>) => setForm((f) => ({ ...f, ...patch }));
  const parsed = parseOfferTerms(form, chain.units);
  const numbers = parseOfferNumbers(form, chain.units);
  const numberError = (text: string, key: keyof typeof numbers) => fieldError(text, numbers[key]);
  const toggleUse = (use: OfferForm['uses'][number], on: boolean) =>
    set({ uses: on ? [...form.uses.filter((u) => u !== use), use] : form.uses.filter((u) => u !== use) });

  const onLegalFile = async (file: File | undefined) => {
    if (!file) return;
    try {
      set({ legalSha256: await sha256Hex(file) });
      setHashNote(`sha256 of ${file.name} (${file.size} bytes)`);
    } catch (error) {
      setHashNote(`Could not read ${file.name}: ${errorText(error)}`);
    }
  };

  return (
    <section aria-labelledby="create-offer-heading" data-testid="offer-form">
      <h2 id="create-offer-heading" data-testid="offer-form-kind" data-kind={kind}>
        New offer for {kind === 'Dataset' ? 'dataset' : 'model'} {model.toString()}
      </h2>
      <p className="hint">Offers never change once created: to change terms, close this offer and create another.</p>
      <Field label={`Price (${chain.units.symbol})`} value={form.price} onChange={(price) => set({ price })} testid="offer-price" error={numberError(form.price, 'price')} hint="What each license (and each renewal) costs, exact to the unit; buyers pay it to the market, which credits it to the model's ancestors and to you or your split." />
      <div className="row">
        <Field label="Duration" value={form.durationUnit === 'perpetual' ? '' : form.duration} onChange={(duration) => set({ duration })} testid="offer-duration" error={form.durationUnit === 'perpetual' ? undefined : numberError(form.duration, 'duration')} hint="On the chain's block-timestamp clock." />
        <Select<DurationUnit> label="Unit" value={form.durationUnit} options={DURATION_UNITS} onChange={(durationUnit) => set({ durationUnit })} testid="offer-duration-unit" />
      </div>
      <Field label="Cap (optional)" value={form.cap} onChange={(cap) => set({ cap })} testid="offer-cap" error={numberError(form.cap, 'cap')} hint="At most this many licenses are sold; empty for no cap." />
      <fieldset>
        <legend>Permitted uses {kind === 'Dataset' ? '(of a dataset)' : '(of a model)'}</legend>
        {usesFor(kind).map((u) => (
          <label key={u.use} className="check">
            <input type="checkbox" checked={form.uses.includes(u.use)} onChange={(e) => toggleUse(u.use, e.target.checked)} data-testid={`offer-use-${u.use}`} />
            {u.label}
          </label>
        ))}
      </fieldset>
      <label className="check">
        <input type="checkbox" checked={form.derivatives} onChange={(e) => set({ derivatives: e.target.checked })} data-testid="offer-derivatives" />
        Holders may register derivatives (the contract requires {usesFor(kind).find((u) => u.use === DERIVATIVE_USE[kind])?.label} among the uses)
      </label>
      {form.derivatives && (
        <Field label="Derivative royalty (basis points)" value={form.royaltyBps} onChange={(royaltyBps) => set({ royaltyBps })} testid="offer-royalty" error={numberError(form.royaltyBps, 'royalty')} hint="The share of every payment for a derivative (and for derivatives of that derivative) that goes to this model; 1000 bps = 10 %." />
      )}
      <label className="check">
        <input type="checkbox" checked={form.transferable} onChange={(e) => set({ transferable: e.target.checked })} data-testid="offer-transferable" />
        Licenses may be transferred to another account
      </label>
      <Field label="Legal text URI" value={form.legalUri} onChange={(legalUri) => set({ legalUri })} testid="offer-legal-uri" hint="Where the license text is published, e.g. ipfs://…/license.md (at most 256 bytes)." />
      <Field label="Legal text sha256" value={form.legalSha256} onChange={(legalSha256) => set({ legalSha256 })} testid="offer-legal-sha256" hint={hashNote ?? 'So the text cannot change under the holder: 64 hex digits, or pick the file below.'} />
      <div className="field">
        <label htmlFor="offer-legal-file">Compute the sha256 from the legal text's file</label>
        <input id="offer-legal-file" type="file" onChange={(e) => void onLegalFile(e.target.files?.[0])} data-testid="offer-legal-file" />
      </div>
      {'terms' in parsed && (
        <p className="hint" data-testid="offer-summary">
          {describeTerms(parsed.terms, (a) => formatBalance(a, chain.units))}
        </p>
      )}
      <TxPanel
        testid="offer-create"
        title="Create the offer"
        inputKey={`${model}-${JSON.stringify(form)}`}
        build={() => ('error' in parsed ? parsed.error : call(chain.contracts.market, 'createOffer', [model, parsed.terms]))}
        describeOutput={(id) => `offer ${String(id)}`}
      />
    </section>
  );
}

const STATE_TEXT: Record<OfferState, string> = {
  Open: 'open: selling',
  Paused: 'paused: not selling, can be opened again',
  Closed: 'closed for good',
};

function OfferList({ model }: { model: bigint }) {
  const chain = useConnectedChain();
  const caller = useReader();
  const offers = useBlockRead(() => loadOffers(chain, caller, model), `the offers of model ${model}`, [chain, caller, model]);
  const format = (a: bigint) => formatBalance(a, chain.units);
  return (
    <section aria-labelledby="offer-list-heading">
      <h2 id="offer-list-heading">Offers of model {model.toString()}</h2>
      {offers.error && <p className="error" role="alert" data-testid="offers-error">{offers.error}</p>}
      {offers.value?.length === 0 && <p className="notice" data-testid="offers-empty">Model {model.toString()} has no open or paused offer.</p>}
      <ul className="cards" data-testid="offers-list" data-count={offers.value?.length ?? ''}>
        {offers.value?.map(({ id, offer, sells }) => (
          <li key={id.toString()} className="card" data-testid={`offer-${id}`} data-state={offer.state} data-sells={sells ? 'yes' : 'no'}>
            <h3>Offer {id.toString()}</h3>
            <p>{describeTerms(offer.terms, format, offer.sold)}</p>
            <p>
              State: <strong data-testid={`offer-${id}-state-text`}>{STATE_TEXT[offer.state]}</strong>
              {offer.state === 'Open' && !sells && ' (opened by a previous owner of the model: it sells nothing until its current owner opens it again)'}
            </p>
            <p className="hint">
              Legal text: <a href={offer.terms.legal.uri}>{offer.terms.legal.uri}</a>, sha256 <code>{offer.terms.legal.hash}</code>
            </p>
            {/* A closed offer leaves the model's market record, so this list never shows one. */}
            {offer.state !== 'Closed' && <OfferStateChange id={id} state={offer.state} sells={sells} onDone={offers.reload} />}
          </li>
        ))}
      </ul>
    </section>
  );
}

const STATE_CHOICES: readonly { value: OfferState; label: string }[] = [
  { value: 'Paused', label: 'paused' },
  { value: 'Open', label: 'open' },
  { value: 'Closed', label: 'closed (for good)' },
];

/** One panel per offer for its state, so its outcome stays on screen after the state changed. */
function OfferStateChange({ id, state, sells, onDone }: { id: bigint; state: OfferState; sells: boolean; onDone: () => void }) {
  const chain = useConnectedChain();
  // A previous owner's open offer is opened again by the current owner.
  const [target, setTarget] = useState<OfferState>(sells ? 'Paused' : 'Open');
  const t = `offer-${id}-state`;
  return (
    <div className="row">
      <Select<OfferState> label="Set the offer's state to" value={target} options={STATE_CHOICES} onChange={setTarget} testid={`${t}-target`} />
      <TxPanel
        testid={t}
        title={target === 'Open' ? 'Open the offer' : target === 'Paused' ? 'Pause the offer' : 'Close the offer for good'}
        inputKey={target}
        build={() => (target === state && (sells || state !== 'Open') ? `The offer is ${state.toLowerCase()} already.` : call(chain.contracts.market, 'setOfferState', [id, target]))}
        onDone={onDone}
      />
    </div>
  );
}
