// One model or dataset (`#/model/<id>`; its kind is shown): its card (the metadata URI, ipfs:// through the chosen
// gateway), status and owner, its lineage (parent models and, apart, the datasets it was
// trained on; what every sale owes its ancestors),
// a Download from a delivery server (listed in the card or typed) for license holders,
// the offers that sell now with a Buy button, and the models derived from it. Browse and
// Lineage link here.
import { useState } from 'react';
import { RequireChain, useAccountNames, useConnectedChain, useReader } from '../chain/ChainProvider';
import { formatBalance, formatBps, formatAccount } from '../chain/format';
import { openableUrl, useGateway } from '../chain/ipfs';
import { parseModelId } from '../chain/numbers';
import { call, read } from '../chain/tx';
import { Account } from '../ui/components';
import { Buy, type Selected } from './BrowsePage';
import { Download } from './Download';
import { relationText } from './LineagePage';
import { describeTerms, loadCatalog, loadOffers, useBlockRead } from './market';

export function ModelPage({ id }: { id: string }) {
  const parsed = parseModelId(id, 'The model id in this address');
  if ('error' in parsed) {
    return (
      <p className="error" role="alert" data-testid="model-page-error">
        {id === '' ? 'No model is named in this address: open a model from Browse and buy or Lineage.' : parsed.error}
      </p>
    );
  }
  return (
    <RequireChain contracts={['registry', 'market']}>
      <Model id={parsed.value} />
    </RequireChain>
  );
}

function Model({ id }: { id: bigint }) {
  const chain = useConnectedChain();
  const caller = useReader();
  const names = useAccountNames();
  const gateway = useGateway();
  const { registry } = chain.contracts;
  const model = useBlockRead(
    async () => {
      const [m, owner] = await Promise.all([read(chain, caller, call(registry, 'model', [id])), read(chain, caller, call(registry, 'modelRegistryOwnerOfModel', [id]))]);
      return m ? { model: m, owner: owner && formatAccount(owner, chain.units) } : null;
    },
    `model ${id}`,
    [chain, caller, id],
  );
  const offers = useBlockRead(() => loadOffers(chain, caller, id), `the offers of model ${id}`, [chain, caller, id]);
  // The registry records parents, not children: the derived models are the ones naming this one.
  const derived = useBlockRead(
    async () => (await loadCatalog(chain, caller)).filter((e) => e.model.parents.some((p) => p.model === id)),
    'the models derived from it',
    [chain, caller, id],
  );
  const [selected, setSelected] = useState<Selected>();
  if (model.error) return <p className="error" role="alert" data-testid="model-page-error">{model.error}</p>;
  if (model.value === undefined) return <p role="status">Loading model {id.toString()}…</p>;
  if (model.value === null) return <p className="notice" data-testid="model-page-unknown">There is no model {id.toString()} in this deployment's registry.</p>;
  const { model: m, owner } = model.value;
  const card = openableUrl(m.uri, gateway);
  const open = offers.value?.filter((o) => o.sells) ?? [];
  const format = (a: bigint) => formatBalance(a, chain.units);
  const noun = m.kind === 'Dataset' ? 'Dataset' : 'Model';
  const parentModels = m.parents.filter((p) => p.relation !== 'TrainedOn');
  const datasets = m.parents.filter((p) => p.relation === 'TrainedOn');
  return (
    <>
      <section aria-labelledby="card-heading" className="card" data-testid="model-page" data-model={id.toString()} data-status={m.status} data-kind={m.kind}>
        <h2 id="card-heading">
          {noun} {id.toString()}: {m.name} {m.version}
        </h2>
        <dl className="balance">
          <dt>Kind</dt>
          <dd data-testid="model-page-kind">{m.kind === 'Dataset' ? 'dataset: licensed for research, training or redistribution' : 'model'}</dd>
          <dt>Status</dt>
          <dd data-testid="model-page-status">{m.status.toLowerCase()}</dd>
          <dt>Owner</dt>
          <dd>{owner ? <Account account={owner} units={chain.units} names={names} testid="model-page-owner" /> : 'none'}</dd>
          <dt>{noun} card</dt>
          <dd data-testid="model-page-card">
            {card ? <a href={card}>{m.uri}</a> : m.uri}
            {card && m.uri.startsWith('ipfs://') && <span className="hint"> (opened through {new URL(card).host}, the IPFS gateway chosen on Connect)</span>}
          </dd>
          <dt>Content root</dt>
          <dd>
            <code>{String(m.hash)}</code>
          </dd>
        </dl>
      </section>
      <section aria-labelledby="download-heading">
        <h2 id="download-heading">Download</h2>
        <p className="hint">
          For accounts holding a license valid now: a delivery server gives the files to license holders, and they are checked against the content root
          above before they are saved.
        </p>
        <Download model={id} root={String(m.hash)} uri={m.uri} allowTyped testid="model-download" />
      </section>
      <section aria-labelledby="lineage-heading">
        <h2 id="lineage-heading">Lineage</h2>
        {m.kind === 'Dataset' ? (
          <p data-testid="model-page-parents" data-count="0">A dataset names no parents: its lineage is its previous versions.</p>
        ) : parentModels.length === 0 ? (
          <p data-testid="model-page-parents" data-count="0">An original model: no parent model.</p>
        ) : (
          <ul data-testid="model-page-parents" data-count={parentModels.length}>
            {parentModels.map((p) => (
              <li key={p.model.toString()}>
                {relationText(p.relation)} of <a href={`#/model/${p.model}`}>model {p.model.toString()}</a>
              </li>
            ))}
          </ul>
        )}
        {m.kind === 'Model' && (
          <>
            <h3>Trained on</h3>
            {datasets.length === 0 ? (
              <p data-testid="model-page-trained-on" data-count="0">No training dataset declared.</p>
            ) : (
              <ul data-testid="model-page-trained-on" data-count={datasets.length}>
                {datasets.map((p) => (
                  <li key={p.model.toString()}>
                    <a href={`#/model/${p.model}`}>dataset {p.model.toString()}</a>
                  </li>
                ))}
              </ul>
            )}
          </>
        )}
        {m.obligations.length > 0 && (
          <p data-testid="model-page-obligations">
            Of every sale,{' '}
            {m.obligations.map((o, i) => (
              <span key={o.ancestor.toString()}>
                {i > 0 && ', '}
                {formatBps(o.bps)} to <a href={`#/model/${o.ancestor}`}>model {o.ancestor.toString()}</a>
              </span>
            ))}
            .
          </p>
        )}
        <p>
          <a href={`#/lineage?model=${id}`}>The lineage as a graph</a>
        </p>
      </section>
      <section aria-labelledby="offers-heading">
        <h2 id="offers-heading">Offers</h2>
        {offers.error && <p className="error">{offers.error}</p>}
        {offers.value && open.length === 0 && <p className="hint" data-testid="model-page-no-offer">No offer sells now.</p>}
        <ul data-testid="model-page-offers" data-count={offers.value ? open.length : ''}>
          {open.map(({ id: offerId, offer }) => (
            <li key={offerId.toString()} data-testid={`model-offer-${offerId}`}>
              Offer {offerId.toString()}: {describeTerms(offer.terms, format, offer.sold)}{' '}
              <button type="button" onClick={() => setSelected({ id: offerId, offer })} data-testid={`model-offer-${offerId}-buy`}>
                Buy…
              </button>
            </li>
          ))}
        </ul>
        {selected && <Buy key={selected.id.toString()} selected={selected} onClose={() => setSelected(undefined)} />}
      </section>
      <section aria-labelledby="derived-heading">
        <h2 id="derived-heading">{m.kind === 'Dataset' ? 'Models trained on it' : 'Derived models'}</h2>
        {derived.error && <p className="error">{derived.error}</p>}
        {derived.value?.length === 0 && <p className="hint">{m.kind === 'Dataset' ? 'No model names this dataset as training data yet.' : 'No model names this one as a parent yet.'}</p>}
        <ul data-testid="model-page-derived" data-count={derived.value?.length ?? ''}>
          {derived.value?.map((e) => (
            <li key={e.id.toString()}>
              <a href={`#/model/${e.id}`}>
                Model {e.id.toString()}: {e.model.name} {e.model.version}
              </a>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
