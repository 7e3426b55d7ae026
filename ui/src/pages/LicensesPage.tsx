// My licenses: the connected account's licenses on every model, each with its
// terms and its expiry against the chain's clock (`Timestamp.Now` of the best
// block, the clock the contract checks), and what the holder may do: renew a
// timed license (payable: the offer's price as value, with a maximum price),
// offer it to another account (if the terms allow), withdraw that offer, give
// it up for good; and accept a license another account offered to this one.
import { useState } from 'react';
import { RequireChain, useAccountNames, useChain, useConnectedChain, useReader } from '../chain/ChainProvider';
import type { Chain } from '../chain/connection';
import { accountProblem, formatAccount, formatBalance, formatBps, formatTimestamp, parseBalance } from '../chain/format';
import { call, read } from '../chain/tx';
import { TxPanel } from '../chain/TxPanel';
import { Account, Amount, Field, parseModelId, NeedAccount } from '../ui/components';
import { describeUses, licenseValidity, loadCatalog, useBlockRead, type License, type Offer } from './market';
import { WhoGetsWhat } from './WhoGetsWhat';

export function LicensesPage() {
  return (
    <RequireChain>
      <Licenses />
    </RequireChain>
  );
}

interface Held {
  id: bigint;
  license: License;
  modelName: string;
  offer?: Offer;
  /** The account this license is offered to (`transfer_license`), if any. */
  offeredTo?: string;
}

/** Every license `holder` holds, on every model, with its offer and transfer offer. */
async function loadHeld(chain: Chain, holder: string): Promise<Held[]> {
  const { licensing } = chain.contracts;
  const catalog = await loadCatalog(chain, holder);
  const perModel = await Promise.all(
    catalog.map(async (entry) => {
      const ids = await read(chain, holder, call(licensing, 'licensesOf', [entry.id, holder]));
      return Promise.all(
        ids.map(async (id): Promise<Held | undefined> => {
          const license = await read(chain, holder, call(licensing, 'licenseCheckLicense', [id]));
          if (!license) return undefined;
          const [offer, offeredTo] = await Promise.all([
            read(chain, holder, call(licensing, 'offer', [license.offer])),
            read(chain, holder, call(licensing, 'transferOffer', [id])),
          ]);
          return {
            id,
            license,
            modelName: `${entry.model.name} ${entry.model.version}`,
            offer,
            offeredTo: offeredTo && formatAccount(offeredTo, chain.units),
          };
        }),
      );
    }),
  );
  return perModel.flat().filter((h): h is Held => h !== undefined);
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
      <AcceptLicense />
    </>
  );
}

function LicenseCard({ held, onChanged }: { held: Held; onChanged: () => void }) {
  const chain = useConnectedChain();
  const { chainTime } = useChain();
  const names = useAccountNames();
  const { id, license, offer } = held;
  const validity = licenseValidity(license, chainTime);
  const t = `license-${id}`;
  return (
    <li className="card" data-testid={t} data-valid={validity.valid ? 'yes' : 'no'} data-expires-at={license.expiresAt?.toString() ?? ''}>
      <h3>
        License {id.toString()}: model {license.model.toString()} ({held.modelName}), offer {license.offer.toString()}
      </h3>
      <dl>
        <dt>Validity</dt>
        <dd data-testid={`${t}-validity`} className={validity.valid ? '' : 'error'}>
          {validity.text}
        </dd>
        <dt>Started</dt>
        <dd>{formatTimestamp(license.start)}</dd>
        <dt>Uses</dt>
        <dd>{describeUses(license.terms.uses)}</dd>
        <dt>Derivatives</dt>
        <dd>{license.terms.derivativeRoyalty === undefined ? 'not allowed' : `allowed, each owing ${formatBps(license.terms.derivativeRoyalty)}`}</dd>
        <dt>Paid in total</dt>
        <dd>
          <Amount value={license.totalPaid} units={chain.units} testid={`${t}-paid`} />
        </dd>
        <dt>Legal text</dt>
        <dd>
          <a href={license.terms.legalUri}>{license.terms.legalUri}</a>, sha256 <code>{license.terms.legalHash}</code>
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
      <details>
        <summary data-testid={`${t}-manage`}>Renew, transfer or release license {id.toString()}</summary>
        {license.expiresAt !== undefined && offer && <Renew id={id} offer={offer} onChanged={onChanged} />}
        {license.terms.transferable ? <Transfer held={held} onChanged={onChanged} /> : <p className="hint">The terms do not allow transferring this license.</p>}
        <h4>Release</h4>
        <p className="hint">Gives the license up for good; its storage deposit comes back to you.</p>
        <TxPanel testid={`${t}-release`} title="Release the license" build={() => call(chain.contracts.licensing, 'releaseLicense', [id])} onDone={onChanged} />
      </details>
    </li>
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
        One more period from the later of now and the expiry, at the offer's price ({formatBalance(price, chain.units)}), while the offer is open.
      </p>
      <WhoGetsWhat model={offer.model} price={price} testid={`${t}-payees`} />
      <Field label={`Maximum price you accept (${chain.units.symbol})`} value={maxText} onChange={setMaxText} testid={`${t}-max-price`} error={'error' in max ? max.error : undefined} />
      <TxPanel
        testid={t}
        title="Renew the license"
        inputKey={maxText}
        build={() => ('error' in max ? `Maximum price: ${max.error}` : call(chain.contracts.licensing, 'renew', [id, max.value], { value: price }))}
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
  return (
    <div>
      <h4>Transfer</h4>
      <p className="hint">Offers the license to another account; it moves when that account accepts it (on its My licenses page).</p>
      <Field label="To account" value={to} onChange={setTo} testid={`${t}-to`} error={problem} />
      <TxPanel
        testid={t}
        title="Offer the license"
        inputKey={to}
        build={() => (!to.trim() ? 'Enter the account to offer the license to.' : problem ?? call(chain.contracts.licensing, 'transferLicense', [held.id, to.trim()]))}
        onDone={onChanged}
      />
      {held.offeredTo && (
        <TxPanel
          testid={`${t}-withdraw`}
          title="Withdraw the transfer offer"
          build={() => call(chain.contracts.licensing, 'transferLicense', [held.id, undefined])}
          onDone={onChanged}
        />
      )}
    </div>
  );
}

function AcceptLicense() {
  const chain = useConnectedChain();
  const { account } = useChain();
  const [text, setText] = useState('');
  const id = parseModelId(text);
  const caller = useReader();
  const found = useBlockRead(
    id === undefined
      ? undefined
      : async () => {
          const [license, offeredTo] = await Promise.all([
            read(chain, caller, call(chain.contracts.licensing, 'licenseCheckLicense', [id])),
            read(chain, caller, call(chain.contracts.licensing, 'transferOffer', [id])),
          ]);
          return { license, offeredTo: offeredTo && formatAccount(offeredTo, chain.units) };
        },
    'the license',
    [chain, caller, id],
  );
  return (
    <section aria-labelledby="accept-heading">
      <h2 id="accept-heading">Accept a license offered to you</h2>
      <Field label="License id" value={text} onChange={setText} testid="accept-license-id" error={text.trim() && id === undefined ? `"${text}" is not a license id.` : undefined} />
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
        build={() => (id === undefined ? 'Enter the id of the license offered to you.' : call(chain.contracts.licensing, 'acceptLicense', [id]))}
      />
    </section>
  );
}
