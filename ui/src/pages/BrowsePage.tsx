// Browse and buy: every registered model with the offers that sell now (with an index:
// searched by name, content root or owner and paged through the index's API; without one,
// or while it does not answer, every model read from the chain); buying
// one (`buy(model, offer, max_price)` on the market) is a dry run first (as the
// buyer, with the price as value and the maximum price the buyer accepts: fee,
// storage deposit, or the refusal in words), with who gets what of the payment
// (`royalty_info`: each ancestor its share, the rest the model's split or owner)
// beside it, then the signature.
import { useState } from 'react';
import { RequireChain, useAccountNames, useConnectedChain, useReader } from '../chain/ChainProvider';
import { accountProblem, formatBalance, formatBps, formatTimestamp, parseBalance, type Units } from '../chain/format';
import { parseModelQuery, type IndexedModel, type ModelQuery } from '../chain/index-api';
import { IndexNotice, useIndex } from '../chain/IndexProvider';
import { useIndexRead } from './history';
import { call } from '../chain/tx';
import { TxPanel } from '../chain/TxPanel';
import { Account, Field } from '../ui/components';
import { describeTerms, loadCatalog, loadOffers, useBlockRead, type CatalogEntry, type Offer } from './market';
import { WhoGetsWhat } from './WhoGetsWhat';
import { openableUrl, useGateway } from '../chain/ipfs';

export function BrowsePage() {
  return (
    <RequireChain contracts={['registry', 'market']}>
      <Browse />
    </RequireChain>
  );
}

export interface Selected {
  id: bigint;
  offer: Offer;
}

function Browse() {
  const { source } = useIndex();
  const [selected, setSelected] = useState<Selected>();

  return (
    <>
      {selected && <Buy key={selected.id.toString()} selected={selected} onClose={() => setSelected(undefined)} />}
      <section aria-labelledby="catalog-heading">
        <h2 id="catalog-heading">Models</h2>
        <IndexNotice what="search and the latest models" />
        {source === 'index' ? <IndexedCatalog onBuy={setSelected} /> : source === 'chain' ? <ChainCatalog onBuy={setSelected} /> : <p>Loading…</p>}
      </section>
    </>
  );
}

/** Every model, read from the chain one by one: the app's way without an index. */
function ChainCatalog({ onBuy }: { onBuy: (s: Selected) => void }) {
  const chain = useConnectedChain();
  const caller = useReader();
  const names = useAccountNames();
  const catalog = useBlockRead(() => loadCatalog(chain, caller), 'the models', [chain, caller]);
  return (
    <>
      {catalog.error && <p className="error" role="alert" data-testid="browse-error">{catalog.error}</p>}
      {catalog.value === undefined && !catalog.error && <p>Loading…</p>}
      {catalog.value?.length === 0 && <p className="notice" data-testid="browse-empty">No model is registered yet. <a href="#/register">Register one</a>.</p>}
      <ul className="cards" data-testid="browse-models" data-source="chain" data-count={catalog.value?.length ?? ''}>
        {catalog.value?.map((entry) => (
          <ModelEntry key={entry.id.toString()} entry={entry} names={names} onBuy={onBuy} />
        ))}
      </ul>
    </>
  );
}

/** Models per page of the index's search. */
export const BROWSE_PAGE = 20;

/** The index's search (name, content root or owner) page by page, with each model's offers read from the chain. */
function IndexedCatalog({ onBuy }: { onBuy: (s: Selected) => void }) {
  const chain = useConnectedChain();
  const names = useAccountNames();
  const [text, setText] = useState('');
  const [query, setQuery] = useState<ModelQuery>({});
  // The cursor of each page seen so far: going back needs no cursor of the index's own.
  const [cursors, setCursors] = useState<(bigint | null)[]>([null]);
  const after = cursors[cursors.length - 1];
  const page = useIndexRead((client) => client.models(query, after, BROWSE_PAGE), 'the models', [query, after]);
  const searched = 'name' in query || 'root' in query || 'owner' in query;
  return (
    <>
      <form
        role="search"
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          setQuery(parseModelQuery(text, (t) => accountProblem(t) === undefined));
          setCursors([null]);
        }}
      >
        <Field label="Search by name, content root (0x…) or owner's address" value={text} onChange={setText} testid="browse-search" />
        <button type="submit" data-testid="browse-search-submit">
          Search
        </button>
      </form>
      {page.error && <p className="error" role="alert" data-testid="browse-error">{page.error}</p>}
      {page.value === undefined && !page.error && <p>Loading…</p>}
      {page.value?.models.length === 0 &&
        (searched ? (
          <p className="notice" data-testid="browse-empty">No model matches.</p>
        ) : (
          <p className="notice" data-testid="browse-empty">No model is registered yet. <a href="#/register">Register one</a>.</p>
        ))}
      <ul className="cards" data-testid="browse-models" data-source="index" data-count={page.value?.models.length ?? ''}>
        {page.value?.models.map((model) => (
          <IndexedEntry key={model.id.toString()} model={model} names={names} units={chain.units} onBuy={onBuy} />
        ))}
      </ul>
      <nav aria-label="Pages of models" className="row" data-testid="browse-pages" data-page={cursors.length}>
        <button type="button" disabled={cursors.length === 1} onClick={() => setCursors((c) => c.slice(0, -1))} data-testid="browse-previous">
          Previous page
        </button>
        <span>Page {cursors.length}</span>
        <button
          type="button"
          disabled={!page.value || page.value.next === null}
          onClick={() => {
            const next = page.value?.next;
            if (next !== undefined && next !== null) setCursors((c) => [...c, next]);
          }}
          data-testid="browse-next"
        >
          Next page
        </button>
      </nav>
    </>
  );
}

const INDEXED_STATUS: Record<IndexedModel['status'], string> = { active: 'active', deprecated: 'deprecated', disputed: 'disputed' };

function IndexedEntry({ model, names, units, onBuy }: { model: IndexedModel; names: Map<string, string>; units: Units; onBuy: (s: Selected) => void }) {
  const gateway = useGateway();
  const { id } = model;
  return (
    <li className="card" data-testid={`browse-model-${id}`} data-status={model.status} data-name={model.name}>
      <h3>
        <a href={`#/model/${id}`} data-testid={`browse-model-${id}-page`}>
          {model.kind === 'dataset' ? 'Dataset' : 'Model'} {id.toString()}: {model.name} {model.version}
        </a>
      </h3>
      <p>
        Owner: <Account account={model.owner} units={units} names={names} /> · status {INDEXED_STATUS[model.status]} · registered{' '}
        {formatTimestamp(model.registeredAt)} · <a href={`#/lineage?model=${id}`} data-testid={`browse-model-${id}-lineage`}>lineage</a>
        {model.uri && openableUrl(model.uri, gateway) && (
          <>
            {' '}· <a href={openableUrl(model.uri, gateway)}>model card</a>
          </>
        )}
      </p>
      <OpenOffers id={id} onBuy={onBuy} />
    </li>
  );
}

function ModelEntry({ entry, names, onBuy }: { entry: CatalogEntry; names: Map<string, string>; onBuy: (s: Selected) => void }) {
  const chain = useConnectedChain();
  const { id, model } = entry;
  const gateway = useGateway();
  return (
    <li className="card" data-testid={`browse-model-${id}`} data-status={model.status}>
      <h3>
        <a href={`#/model/${id}`} data-testid={`browse-model-${id}-page`}>
          Model {id.toString()}: {model.name} {model.version}
        </a>
      </h3>
      <p>
        Owner: {entry.owner ? <Account account={entry.owner} units={chain.units} names={names} /> : 'none'} · status {model.status.toLowerCase()} ·{' '}
        <a href={`#/lineage?model=${id}`} data-testid={`browse-model-${id}-lineage`}>lineage</a>
        {model.uri && openableUrl(model.uri, gateway) && (
          <>
            {' '}· <a href={openableUrl(model.uri, gateway)}>model card</a>
          </>
        )}
      </p>
      {model.parents.length > 0 && (
        <p data-testid={`browse-model-${id}-parents`}>
          Derived from{' '}
          {model.parents.map((p, i) => (
            <span key={p.model.toString()}>
              {i > 0 && ', '}model {p.model.toString()} ({p.relation})
            </span>
          ))}
        </p>
      )}
      {model.obligations.length > 0 && (
        <p data-testid={`browse-model-${id}-obligations`}>
          Of every sale,{' '}
          {model.obligations.map((o, i) => (
            <span key={o.ancestor.toString()}>
              {i > 0 && ', '}
              {formatBps(o.bps)} to model {o.ancestor.toString()}
            </span>
          ))}
          .
        </p>
      )}
      <OpenOffers id={id} onBuy={onBuy} />
    </li>
  );
}

/** The offers of model `id` that sell now, read from the chain (what a purchase is checked against), each with its Buy button. */
function OpenOffers({ id, onBuy }: { id: bigint; onBuy: (s: Selected) => void }) {
  const chain = useConnectedChain();
  const caller = useReader();
  const offers = useBlockRead(() => loadOffers(chain, caller, id), `the offers of model ${id}`, [chain, caller, id]);
  const open = offers.value?.filter((o) => o.sells) ?? [];
  const format = (a: bigint) => formatBalance(a, chain.units);
  return (
    <>
      {offers.error && <p className="error">{offers.error}</p>}
      {offers.value && open.length === 0 && <p className="hint">No offer sells now.</p>}
      <ul>
        {open.map(({ id: offerId, offer }) => (
          <li key={offerId.toString()} data-testid={`browse-offer-${offerId}`}>
            Offer {offerId.toString()}: {describeTerms(offer.terms, format, offer.sold)}{' '}
            <button type="button" onClick={() => onBuy({ id: offerId, offer })} data-testid={`browse-offer-${offerId}-buy`}>
              Buy…
            </button>
          </li>
        ))}
      </ul>
    </>
  );
}

export function Buy({ selected, onClose }: { selected: Selected; onClose: () => void }) {
  const chain = useConnectedChain();
  const { id, offer } = selected;
  const price = offer.terms.price;
  const [maxText, setMaxText] = useState(() => formatBalance(price, chain.units).split(' ')[0]);
  const max = parseBalance(maxText, chain.units);
  const gateway = useGateway();
  return (
    <section aria-labelledby="buy-heading" className="panel" data-testid="buy-form" data-offer={id.toString()} data-price={price.toString()}>
      <h2 id="buy-heading">
        Buy a license: offer {id.toString()} of model {offer.model.toString()}
      </h2>
      <p>{describeTerms(offer.terms, (a) => formatBalance(a, chain.units), offer.sold)}</p>
      <p className="hint">
        Legal text: <a href={openableUrl(offer.terms.legal.uri, gateway)}>{offer.terms.legal.uri}</a>, sha256 <code>{offer.terms.legal.hash}</code>
      </p>
      <WhoGetsWhat model={offer.model} price={price} testid="buy-payees" />
      <Field
        label={`Maximum price you accept (${chain.units.symbol})`}
        value={maxText}
        onChange={setMaxText}
        testid="buy-max-price"
        hint="The contract refuses the purchase if the price is above it; the payment sent is the offer's price exactly."
        error={'error' in max ? max.error : undefined}
      />
      <TxPanel
        testid="buy"
        title="Buy the license"
        inputKey={`${id}-${maxText}`}
        build={() => ('error' in max ? `Maximum price: ${max.error}` : call(chain.contracts.market, 'buy', [offer.model, id, max.value], { value: price }))}
        describeOutput={(license) => `license ${String(license)}`}
        describeOutcome={(outcome) => {
          const bought = outcome.events.find((e) => e.contract === 'market' && e.name === 'LicenseSold');
          const license = bought?.data.license;
          return license !== undefined ? (
            <>
              License {String(license)} is yours: see <a href="#/licenses">My licenses</a>.
            </>
          ) : (
            'Bought.'
          )
        }}
      />
      <button type="button" onClick={onClose} data-testid="buy-close">
        Close
      </button>
    </section>
  );
}
