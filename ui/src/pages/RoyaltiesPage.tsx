// Royalties: what the market owes the connected account and withdrawing it,
// paying another account what it is owed (`withdraw_for`, for accounts that
// cannot sign), and a model's split: its recipients, whether it applies to the
// current owner, what its round holds, and ending the round (`distribute`).
//
// What an account is owed is two things on the market: `owed_to` (its owed
// balance and its part of every split it accepted) and the rounds of its own
// models without an applying split, which stay with the model until a
// withdrawal names them in `collect` (at most 32 per withdrawal; see
// `loadOwed` in market.ts). With an index, the payouts the account received
// (history.tsx).
import { useState } from 'react';
import { RequireChain, useAccountNames, useChain, useConnectedChain, useReader } from '../chain/ChainProvider';
import { accountProblem, formatBalance, formatPpm } from '../chain/format';
import { call, read } from '../chain/tx';
import { TxPanel } from '../chain/TxPanel';
import { fieldError, parseModelId, valueOf } from '../chain/numbers';
import { Account, Amount, Field, NeedAccount } from '../ui/components';
import { loadOwed, MAX_COLLECTED, splitApplies, useBlockRead, type Owed } from './market';
import { modelFromHash } from './OffersPage';
import { IndexNotice } from '../chain/IndexProvider';
import { PayoutHistory } from './history';

export function RoyaltiesPage() {
  return (
    <RequireChain contracts={['registry', 'market']}>
      <IndexNotice what="payouts" />
      <MyOwed />
      <PayoutHistory />
      <WithdrawFor />
      <SplitState />
    </RequireChain>
  );
}

/** What `account` is owed now, following the chain. */
function useOwed(account: string | undefined) {
  const chain = useConnectedChain();
  const caller = useReader();
  return useBlockRead(account === undefined ? undefined : () => loadOwed(chain, caller, account), 'what is owed', [chain, caller, account]);
}

/** `owed` in words: its parts, and what one withdrawal leaves for the next. */
function OwedParts({ owed, testid }: { owed: Owed; testid: string }) {
  const chain = useConnectedChain();
  const format = (a: bigint) => formatBalance(a, chain.units);
  const later = owed.rounds.length - owed.collect.length;
  return (
    <>
      <p className="hint" data-testid={`${testid}-parts`}>
        {format(owed.owedTo)} owed balance and accepted split parts (<code>owed_to</code>)
        {owed.rounds.length > 0 &&
          `; plus the revenue of ${owed.rounds.length === 1 ? 'a model' : `${owed.rounds.length} models`} owned without a split: ` +
            owed.rounds.map((r) => `model ${r.model} ${format(r.pending)}`).join(', ')}
        .
      </p>
      {later > 0 && (
        <p className="notice" data-testid={`${testid}-later`}>
          One withdrawal collects at most {MAX_COLLECTED} models: this one pays <Amount value={owed.now} units={chain.units} testid={`${testid}-now`} />; the {later}{' '}
          smallest rounds wait for the next withdrawal.
        </p>
      )}
    </>
  );
}

function MyOwed() {
  const chain = useConnectedChain();
  const { account } = useChain();
  const owed = useOwed(account?.address);
  if (!account) {
    return <NeedAccount testid="royalties-no-account" why=" to see what it is owed." />;
  }
  const format = (a: bigint) => formatBalance(a, chain.units);
  return (
    <section aria-labelledby="owed-heading">
      <h2 id="owed-heading">Owed to {account.name ?? account.address}</h2>
      {owed.error && <p className="error" role="alert">{owed.error}</p>}
      {owed.value && (
        <>
          <p>
            <Amount value={owed.value.total} units={chain.units} testid="royalties-owed" />
          </p>
          <OwedParts owed={owed.value} testid="royalties-owed" />
        </>
      )}
      <TxPanel
        testid="withdraw"
        title="Withdraw"
        inputKey={owed.value?.collect.join(',')}
        build={() => (owed.value ? call(chain.contracts.market, 'withdraw', [owed.value.collect]) : 'Reading what you are owed…')}
        describeOutput={(amount) => `pays you ${format(amount as bigint)}`}
        onDone={owed.reload}
      />
    </section>
  );
}

function WithdrawFor() {
  const chain = useConnectedChain();
  const names = useAccountNames();
  const [who, setWho] = useState('');
  const problem = who.trim() ? accountProblem(who) : undefined;
  const target = who.trim() && !problem ? who.trim() : undefined;
  const owed = useOwed(target);
  const format = (a: bigint) => formatBalance(a, chain.units);
  return (
    <section aria-labelledby="withdraw-for-heading">
      <h2 id="withdraw-for-heading">Withdraw for another account</h2>
      <p className="hint">
        Pays an account what it is owed, to that account (never to you): for recipients that cannot sign, such as contracts or cold wallets; the
        revenue of its own models without a split is collected too. Their part of a split they did not accept reaches them when someone ends the split's
        round (below).
      </p>
      <Field label="Account" value={who} onChange={setWho} testid="withdraw-for-account" error={problem} />
      {target && owed.value && (
        <>
          <p>
            <Account account={target} units={chain.units} names={names} /> is owed <Amount value={owed.value.total} units={chain.units} testid="withdraw-for-owed" />.
          </p>
          <OwedParts owed={owed.value} testid="withdraw-for-owed" />
        </>
      )}
      <TxPanel
        testid="withdraw-for"
        title="Withdraw for this account"
        inputKey={`${who}|${owed.value?.collect.join(',') ?? ''}`}
        build={() =>
          !who.trim()
            ? 'Enter the account to pay.'
            : (problem ?? (owed.value ? call(chain.contracts.market, 'withdrawFor', [who.trim(), owed.value.collect]) : 'Reading what the account is owed…'))
        }
        describeOutput={(amount) => `pays that account ${format(amount as bigint)}`}
        onDone={owed.reload}
      />
    </section>
  );
}

function SplitState() {
  const chain = useConnectedChain();
  const names = useAccountNames();
  const [text, setText] = useState(modelFromHash);
  const parsedModel = parseModelId(text);
  const model = valueOf(parsedModel);
  const caller = useReader();
  const { market } = chain.contracts;
  const state = useBlockRead(
    model === undefined
      ? undefined
      : async () => {
          const [split, record, pending] = await Promise.all([
            read(chain, caller, call(market, 'splitOf', [model])),
            read(chain, caller, call(market, 'model', [model])),
            read(chain, caller, call(market, 'pendingOf', [model])),
          ]);
          return { split, record, pending };
        },
    'the split',
    [chain, caller, model],
  );
  return (
    <section aria-labelledby="split-heading">
      <h2 id="split-heading">A model's split and round</h2>
      <Field label="Model id" value={text} onChange={setText} testid="split-model" error={fieldError(text, parsedModel)} />
      {state.error && <p className="error">{state.error}</p>}
      {model !== undefined && state.value && !state.value.record && <p data-testid="split-unknown">The market knows no model {model.toString()}.</p>}
      {model !== undefined && state.value?.record && (
        <div data-testid="split-state" data-pending={state.value.pending.toString()}>
          {!state.value.split || state.value.split.length === 0 ? (
            <p>
              Model {model.toString()} has no split: what it keeps is its owner's, <Account account={state.value.record.owner} units={chain.units} names={names} />, whose
              withdrawal collects it. Its round holds <Amount value={state.value.pending} units={chain.units} testid="split-pending" />.
            </p>
          ) : (
            <>
              <p>
                {splitApplies(state.value.record)
                  ? 'Set by the current owner: it receives what the model keeps.'
                  : 'Set by a previous owner: it receives nothing new; what the model keeps is its current owner\'s.'}{' '}
                Its current round holds <Amount value={state.value.pending} units={chain.units} testid="split-pending" /> not yet taken.
              </p>
              <ul>
                {state.value.split.map((r, i) => (
                  <li key={i} data-testid={`split-recipient-${i}`}>
                    <Account account={r.account} units={chain.units} names={names} />: {formatPpm(r.share)}
                  </li>
                ))}
              </ul>
            </>
          )}
          <TxPanel
            testid="distribute"
            title="End the round (distribute)"
            inputKey={text}
            build={() => call(market, 'distribute', [model])}
            onDone={state.reload}
          />
        </div>
      )}
    </section>
  );
}
