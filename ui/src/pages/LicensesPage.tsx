// My licenses: the connected account's licenses on every model, each with its
// terms and its standing (expiry against the chain's clock, `Timestamp.Now` of
// the best block, the clock the market checks; voided when a ruling voided its
// sale epoch; in escrow while offered to another account), and what the holder
// may do: renew a timed license (payable: the offer's price as value, with a
// maximum price), offer it to another account (if the terms allow), withdraw
// that offer, give it up for good; and accept a license offered to this one.
//
// The market lists a holder's licenses per model (`licenses_of`) without the
// ones it offered to another account and, once its list is written again,
// without expired or voided ones. So the page also remembers, per market and
// holder in localStorage, every license it has seen the account hold, and shows
// each one the market still says the account holds: an offered license stays
// on screen with its "withdraw the offer" button, an expired one with "renew".
// A license valid now gets "Download" when its model's card lists a delivery server.
// With an index, the account's license history below (history.tsx).
import { useState } from 'react';
import { RequireChain, useAccountNames, useChain, useConnectedChain, useReader } from '../chain/ChainProvider';
import type { Chain } from '../chain/connection';
import { accountProblem, formatAccount, formatBalance, formatBps, formatTimestamp, parseBalance } from '../chain/format';
import { call, read } from '../chain/tx';
import { TxPanel } from '../chain/TxPanel';
import { fieldError, parseLicenseId, parseU64, valueOf } from '../chain/numbers';
import { Account, Amount, Field, NeedAccount } from '../ui/components';
import { describeUses, licenseStanding, loadCatalog, useBlockRead, type EpochRange, type License, type Offer, type Standing } from './market';
import { Download } from './Download';
import { WhoGetsWhat } from './WhoGetsWhat';
import { IndexNotice } from '../chain/IndexProvider';
import { LicenseHistory } from './history';

export function LicensesPage() {
  return (
    <RequireChain contracts={['registry', 'market']}>
      <Licenses />
    </RequireChain>
  );
}

interface Held {
  id: bigint;
  license: License;
  modelName: string;
  /** The model's card address (it may list delivery servers) and content root, from the registry. */
  modelUri?: string;
  modelRoot?: string;
  offer?: Offer;
  /** The account this license is offered to (`transfer_offer`), if any. */
  offeredTo?: string;
  /** The owner epochs of the model whose licenses were voided. */
  voided: EpochRange[];
}

const storageKey = (chain: Chain, holder: string) => `modelmint.licenses.${chain.contracts.market.address}.${holder}`;

/** The license ids this browser has seen `holder` hold on this market. */
export function rememberedLicenses(chain: Chain, holder: string): bigint[] {
  try {
    const ids: unknown = JSON.parse(localStorage.getItem(storageKey(chain, holder)) ?? '[]');
    // Stored text is input too: an id that is not a u64 would be read modulo 2^64 as another license.
    if (!Array.isArray(ids)) return [];
    return ids.flatMap((id) => {
      const license = typeof id === 'string' ? valueOf(parseU64(id, 'A stored license id')) : undefined;
      return license === undefined ? [] : [license];
    });
  } catch {
    return [];
  }
}

function rememberLicenses(chain: Chain, holder: string, ids: bigint[]): void {
  localStorage.setItem(storageKey(chain, holder), JSON.stringify(ids.map(String)));
}

/** Every license `holder` holds, on every model, with its offer, transfer offer and model's voided epochs. */
async function loadHeld(chain: Chain, holder: string): Promise<Held[]> {
  const { market } = chain.contracts;
  const catalog = await loadCatalog(chain, holder);
  const listed = await Promise.all(catalog.map((entry) => read(chain, holder, call(market, 'licensesOf', [entry.id, holder]))));
  const ids = [...new Set([...listed.flat(), ...rememberedLicenses(chain, holder)])].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const names = new Map(catalog.map((entry) => [entry.id, `${entry.model.name} ${entry.model.version}`]));
  const models = new Map(catalog.map((entry) => [entry.id, entry.model]));
  const voidedOf = new Map<bigint, Promise<EpochRange[]>>();
  const voided = (model: bigint) => {
    if (!voidedOf.has(model)) voidedOf.set(model, read(chain, holder, call(market, 'model', [model])).then((state) => state?.voided ?? []));
    return voidedOf.get(model)!;
  };
  const held = await Promise.all(
    ids.map(async (id): Promise<Held | undefined> => {
      const license = await read(chain, holder, call(market, 'licenseCheckLicense', [id]));
      // Released, or accepted by the account it was offered to.
      if (!license || !license.holder.eq(holder)) return undefined;
      const [offer, offeredTo, ranges] = await Promise.all([
        read(chain, holder, call(market, 'offer', [license.offer])),
        read(chain, holder, call(market, 'transferOffer', [id])),
        voided(license.model),
      ]);
      return {
        id,
        license,
        modelName: names.get(license.model) ?? '(unknown model)',
        modelUri: models.get(license.model)?.uri,
        modelRoot: models.get(license.model) && String(models.get(license.model)!.hash),
        offer,
        offeredTo: offeredTo && formatAccount(offeredTo, chain.units),
        voided: ranges,
      };
    }),
  );
  const found = held.filter((h): h is Held => h !== undefined);
  rememberLicenses(chain, holder, found.map((h) => h.id));
  return found;
}

function Licenses() {
  const chain = useConnectedChain();
  const { account } = useChain();
  const held = useBlockRead(account ? () => loadHeld(chain, account.address) : undefined, 'your licenses', [chain, account?.address]);
  if (!account) {
    return <NeedAccount testid="licenses-no-account" why=" to see its licenses." />;
  }
  return (
    <>
      <section aria-labelledby="licenses-heading">
        <h2 id="licenses-heading">Licenses of {account.name ?? account.address}</h2>
        {held.error && <p className="error" role="alert" data-testid="licenses-error">{held.error}</p>}
        {held.value === undefined && !held.error && <p>Loading…</p>}
        {held.value?.length === 0 && (
          <p className="notice" data-testid="licenses-empty">
            This account holds no license. <a href="#/browse">Browse the models</a> to buy one.
          </p>
        )}
        <ul className="cards" data-testid="licenses-list" data-count={held.value?.length ?? ''}>
          {held.value?.map((h) => <LicenseCard key={h.id.toString()} held={h} onChanged={held.reload} />)}
        </ul>
      </section>
      <AcceptLicense onAccepted={held.reload} />
      <IndexNotice what="license history" />
      <LicenseHistory />
    </>
  );
}

function LicenseCard({ held, onChanged }: { held: Held; onChanged: () => void }) {
  const chain = useConnectedChain();
  const { chainTime } = useChain();
  const names = useAccountNames();
  const { id, license, offer } = held;
  const standing = licenseStanding(license, chainTime, held.voided, held.offeredTo);
  const t = `license-${id}`;
  return (
    <li
      className="card"
      data-testid={t}
      data-valid={standing.grants ? 'yes' : 'no'}
      data-state={standing.state}
      data-expires-at={license.expiresAt?.toString() ?? ''}
    >
      <h3>
        License {id.toString()}: model {license.model.toString()} ({held.modelName}), offer {license.offer.toString()}
        {standing.state === 'voided' && (
          <span className="badge" data-testid={`${t}-voided`}>
            voided
          </span>
        )}
      </h3>
      <dl>
        <dt>Standing</dt>
        <dd data-testid={`${t}-validity`} className={standing.grants ? '' : 'error'}>
          {standing.text}
        </dd>
        <dt>Started</dt>
        <dd>
          {formatTimestamp(license.start)}, in owner epoch {license.epoch} of the model
        </dd>
        <dt>Uses</dt>
        <dd>{describeUses(license.terms.uses)}</dd>
        <dt>Derivatives</dt>
        <dd>{license.terms.derivativeRoyalty === undefined ? 'not allowed' : `allowed, each owing ${formatBps(license.terms.derivativeRoyalty)} of every sale`}</dd>
        <dt>Paid in total</dt>
        <dd>
          <Amount value={license.totalPaid} units={chain.units} testid={`${t}-paid`} />
        </dd>
        <dt>Legal text</dt>
        <dd>
          {offer ? (
            <>
              <a href={offer.terms.legal.uri}>{offer.terms.legal.uri}</a>, sha256 <code>{offer.terms.legal.hash}</code>
            </>
          ) : (
            `offer ${license.offer} is no longer readable`
          )}
        </dd>
        {held.offeredTo && (
          <>
            <dt>Offered to</dt>
            <dd data-testid={`${t}-offered-to`}>
              <Account account={held.offeredTo} units={chain.units} names={names} /> (until they accept or you withdraw the offer)
            </dd>
          </>
        )}
      </dl>
      {standing.grants && held.modelUri !== undefined && held.modelRoot !== undefined && (
        <Download model={license.model} root={held.modelRoot} uri={held.modelUri} allowTyped={false} testid={`${t}-download`} />
      )}
      <details>
        <summary data-testid={`${t}-manage`}>Renew, transfer or release license {id.toString()}</summary>
        <Manage held={held} standing={standing} onChanged={onChanged} />
      </details>
    </li>
  );
}

/** What the holder may do with a license in its standing. */
function Manage({ held, standing, onChanged }: { held: Held; standing: Standing; onChanged: () => void }) {
  const chain = useConnectedChain();
  const { id, license, offer } = held;
  const t = `license-${id}`;
  return (
    <>
      {standing.state === 'voided' ? (
        <p className="hint">A voided license can be neither renewed nor transferred; releasing it returns its storage deposit.</p>
      ) : (
        <>
          {license.expiresAt !== undefined && offer && <Renew id={id} offer={offer} onChanged={onChanged} />}
          {license.terms.transferable ? <Transfer held={held} onChanged={onChanged} /> : <p className="hint">The terms do not allow transferring this license.</p>}
        </>
      )}
      <h4>Release</h4>
      <p className="hint">Gives the license up for good; its storage deposit comes back to you.</p>
      <TxPanel testid={`${t}-release`} title="Release the license" build={() => call(chain.contracts.market, 'releaseLicense', [id])} onDone={onChanged} />
    </>
  );
}

function Renew({ id, offer, onChanged }: { id: bigint; offer: Offer; onChanged: () => void }) {
  const chain = useConnectedChain();
  const price = offer.terms.price;
  const [maxText, setMaxText] = useState(() => formatBalance(price, chain.units).split(' ')[0]);
  const max = parseBalance(maxText, chain.units);
  const t = `license-${id}-renew`;
  return (
    <div data-testid={`${t}-form`}>
      <h4>Renew</h4>
      <p className="hint">
        One more period from the later of now and the expiry, at the offer's price ({formatBalance(price, chain.units)}), while the offer sells.
      </p>
      <WhoGetsWhat model={offer.model} price={price} testid={`${t}-payees`} />
      <Field label={`Maximum price you accept (${chain.units.symbol})`} value={maxText} onChange={setMaxText} testid={`${t}-max-price`} error={'error' in max ? max.error : undefined} />
      <TxPanel
        testid={t}
        title="Renew the license"
        inputKey={maxText}
        build={() => ('error' in max ? `Maximum price: ${max.error}` : call(chain.contracts.market, 'renew', [id, max.value], { value: price }))}
        onDone={onChanged}
      />
    </div>
  );
}

function Transfer({ held, onChanged }: { held: Held; onChanged: () => void }) {
  const chain = useConnectedChain();
  const [to, setTo] = useState('');
  const problem = to.trim() ? accountProblem(to) : undefined;
  const t = `license-${held.id}-transfer`;
  if (held.offeredTo) {
    return (
      <div>
        <h4>Transfer</h4>
        <p className="hint">The license is in escrow: it grants you nothing until the account accepts it, or you withdraw the offer and it is yours to use again.</p>
        <TxPanel
          testid={`${t}-withdraw`}
          title="Withdraw the transfer offer"
          build={() => call(chain.contracts.market, 'transferLicense', [held.id, undefined])}
          onDone={onChanged}
        />
      </div>
    );
  }
  return (
    <div>
      <h4>Transfer</h4>
      <p className="hint">
        Offers the license to another account: from then on it grants you nothing; it moves when that account accepts it (on its My licenses page), or
        comes back to you when you withdraw the offer.
      </p>
      <Field label="To account" value={to} onChange={setTo} testid={`${t}-to`} error={problem} />
      <TxPanel
        testid={t}
        title="Offer the license"
        inputKey={to}
        build={() => (!to.trim() ? 'Enter the account to offer the license to.' : problem ?? call(chain.contracts.market, 'transferLicense', [held.id, to.trim()]))}
        onDone={onChanged}
      />
    </div>
  );
}

/**
 * A license offered to the connected account, by id: the market keeps no list
 * of the offers addressed to an account, so the giver tells the id.
 */
function AcceptLicense({ onAccepted }: { onAccepted: () => void }) {
  const chain = useConnectedChain();
  const { account } = useChain();
  const [text, setText] = useState('');
  const parsedId = parseLicenseId(text);
  const id = valueOf(parsedId);
  const caller = useReader();
  const found = useBlockRead(
    id === undefined
      ? undefined
      : async () => {
          const [license, offeredTo] = await Promise.all([
            read(chain, caller, call(chain.contracts.market, 'licenseCheckLicense', [id])),
            read(chain, caller, call(chain.contracts.market, 'transferOffer', [id])),
          ]);
          return { license, offeredTo: offeredTo && formatAccount(offeredTo, chain.units) };
        },
    'the license',
    [chain, caller, id],
  );
  return (
    <section aria-labelledby="accept-heading">
      <h2 id="accept-heading">Accept a license offered to you</h2>
      <Field label="License id" value={text} onChange={setText} testid="accept-license-id" error={fieldError(text, parsedId)} />
      {found.error && <p className="error">{found.error}</p>}
      {id !== undefined && found.value && (
        <p data-testid="accept-license-state">
          {!found.value.license
            ? `There is no license ${id}.`
            : found.value.offeredTo === account?.address
              ? `License ${id} (model ${found.value.license.model}) is offered to you.`
              : found.value.offeredTo
                ? `License ${id} is offered to another account.`
                : `License ${id} is not offered to anyone.`}
        </p>
      )}
      <TxPanel
        testid="accept-license"
        title="Accept the license"
        inputKey={text}
        build={() => ('error' in parsedId ? (text.trim() === '' ? 'Enter the id of the license offered to you.' : parsedId.error) : call(chain.contracts.market, 'acceptLicense', [parsedId.value]))}
        onDone={onAccepted}
      />
    </section>
  );
}
