// Royalties: what the royalties contract owes the connected account
// (`owed_to`: exactly what `withdraw` pays, its settled balance plus its part of
// every split it accepted), withdrawing it, paying another account what it is
// owed (`withdraw_for`, for accounts that cannot sign), and a model's split:
// its recipients, whether it applies to the current owner, what its round
// holds, and ending the round (`distribute`).
import { useState } from 'react';
import { RequireChain, useAccountNames, useChain, useConnectedChain, useReader } from '../chain/ChainProvider';
import { accountProblem, formatBalance, formatPpm } from '../chain/format';
import { call, read } from '../chain/tx';
import { TxPanel } from '../chain/TxPanel';
import { Account, Amount, Field, parseModelId, NeedAccount } from '../ui/components';
import { useBlockRead } from './market';
import { modelFromHash } from './OffersPage';

export function RoyaltiesPage() {
  return (
    <RequireChain>
      <Owed />
      <WithdrawFor />
      <SplitState />
    </RequireChain>
  );
}

/** What `account` would be paid now, and the settled part of it. */
function useOwed(account: string | undefined) {
  const chain = useConnectedChain();
  const { royalties } = chain.contracts;
  return useBlockRead(
    account === undefined
      ? undefined
      : async () => {
          const [owed, settled] = await Promise.all([
            read(chain, account, call(royalties, 'owedTo', [account])),
            read(chain, account, call(royalties, 'owedOf', [account])),
          ]);
          return { owed, settled };
        },
    'what is owed',
    [chain, account],
  );
}

function Owed() {
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
        <p>
          <Amount value={owed.value.owed} units={chain.units} testid="royalties-owed" />{' '}
          <span className="hint">
            ({format(owed.value.settled)} settled, {format(owed.value.owed - owed.value.settled)} your part of the splits you accepted)
          </span>
        </p>
      )}
      <TxPanel
        testid="withdraw"
        title="Withdraw"
        build={() => call(chain.contracts.royalties, 'withdraw', [])}
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
        Pays an account what it is owed, to that account (never to you): for recipients that cannot sign, such as contracts or cold wallets. Their part of a split they did not accept reaches them when
        someone ends the split's round (below).
      </p>
      <Field label="Account" value={who} onChange={setWho} testid="withdraw-for-account" error={problem} />
      {target && owed.value && (
        <p>
          <Account account={target} units={chain.units} names={names} /> is owed <Amount value={owed.value.owed} units={chain.units} testid="withdraw-for-owed" />.
        </p>
      )}
      <TxPanel
        testid="withdraw-for"
        title="Withdraw for this account"
        inputKey={who}
        build={() => (!who.trim() ? 'Enter the account to pay.' : problem ?? call(chain.contracts.royalties, 'withdrawFor', [who.trim()]))}
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
  const model = parseModelId(text);
  const caller = useReader();
  const { registry, royalties } = chain.contracts;
  const state = useBlockRead(
    model === undefined
      ? undefined
      : async () => {
          const [split, splitEpoch, ownerEpoch, pending] = await Promise.all([
            read(chain, caller, call(royalties, 'splitOf', [model])),
            read(chain, caller, call(royalties, 'splitEpoch', [model])),
            read(chain, caller, call(registry, 'ownerEpoch', [model])),
            read(chain, caller, call(royalties, 'pendingOf', [model])),
          ]);
          return { split, splitEpoch, ownerEpoch, pending };
        },
    'the split',
    [chain, caller, model],
  );
  return (
    <section aria-labelledby="split-heading">
      <h2 id="split-heading">A model's split</h2>
      <Field label="Model id" value={text} onChange={setText} testid="split-model" error={text.trim() && model === undefined ? `"${text}" is not a model id.` : undefined} />
      {state.error && <p className="error">{state.error}</p>}
      {model !== undefined && state.value && (
        <div data-testid="split-state" data-pending={state.value.pending.toString()}>
          {!state.value.split || state.value.split.length === 0 ? (
            <p>Model {model.toString()} has no split: everything it keeps goes to its owner.</p>
          ) : (
            <>
              <p>
                {state.value.splitEpoch === state.value.ownerEpoch
                  ? 'Set by the current owner: it receives what the model keeps.'
                  : 'Set by a previous owner: it receives nothing new until the current owner sets a split.'}{' '}
                Its current round holds <Amount value={state.value.pending} units={chain.units} testid="split-pending" />.
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
            build={() => call(royalties, 'distribute', [model])}
            onDone={state.reload}
          />
        </div>
      )}
    </section>
  );
}
