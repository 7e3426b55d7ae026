// Who gets what of a payment for a model, before anyone pays: the market's
// `royalty_info(model, price)` (what a purchase credits: each ancestor the
// model owes a share gets its share of the price directly, carries included,
// the rest stays with the model; each part then goes to that model's split if
// one applies, else to its owner), with each payee's role read from the
// model's debts (`model(id).debts`) and the splits. Shown next to every
// payable call (buy, renew), so the buyer sees where the money goes.
import { useAccountNames, useConnectedChain, useReader } from '../chain/ChainProvider';
import type { Chain } from '../chain/connection';
import { formatAccount, formatBps, formatPpm } from '../chain/format';
import { call, read } from '../chain/tx';
import { Account, Amount } from '../ui/components';
import { splitApplies, useBlockRead } from './market';

export interface Payee {
  account: string;
  amount: bigint;
  /** Why this account is paid, in words ("owner of model 2; 70 % of model 2's split"). */
  roles: string[];
}

/** `royalty_info` with each payee's roles. */
export async function loadPayees(chain: Chain, caller: string, model: bigint, price: bigint): Promise<Payee[]> {
  const { market } = chain.contracts;
  const [info, state] = await Promise.all([
    read(chain, caller, call(market, 'royaltiesRoyaltyInfo', [model, price])),
    read(chain, caller, call(market, 'model', [model])),
  ]);
  const roles = new Map<string, string[]>();
  const add = (account: string, role: string) => roles.set(account, [...(roles.get(account) ?? []), role]);
  // The model keeps what its debts leave; each ancestor gets its share of every sale.
  const kept = 10_000 - (state?.debts ?? []).reduce((sum, d) => sum + d.bps, 0);
  const parts = [
    { model, why: `model ${model} keeps ${formatBps(kept)}` },
    ...(state?.debts ?? []).map((d) => ({ model: d.ancestor, why: `ancestor model ${d.ancestor} gets ${formatBps(d.bps)} of every sale of model ${model}` })),
  ];
  const reads = await Promise.all(
    parts.map((part) => Promise.all([read(chain, caller, call(market, 'model', [part.model])), read(chain, caller, call(market, 'splitOf', [part.model]))])),
  );
  // In the order of `parts`, so an account with several roles lists them the same way every time.
  parts.forEach((part, i) => {
    const [record, split] = reads[i];
    if (!record) return;
    if (split && split.length > 0 && splitApplies(record)) {
      for (const r of split) add(formatAccount(r.account, chain.units), `${formatPpm(r.share)} of model ${part.model}'s split (${part.why})`);
    } else {
      add(formatAccount(record.owner, chain.units), `owner of model ${part.model} (${part.why})`);
    }
  });
  return info.map((p) => {
    const account = formatAccount(p.account, chain.units);
    return { account, amount: p.amount, roles: roles.get(account) ?? [] };
  });
}

/** The payees of `price` for `model` as a table; amounts to the unit, with `data-units`. */
export function WhoGetsWhat({ model, price, testid }: { model: bigint; price: bigint; testid: string }) {
  const chain = useConnectedChain();
  const caller = useReader();
  const names = useAccountNames();
  const payees = useBlockRead(() => loadPayees(chain, caller, model, price), 'who gets what', [chain, caller, model, price]);
  if (payees.error) return <p className="error" role="alert" data-testid={`${testid}-error`}>{payees.error}</p>;
  if (!payees.value) return <p>Reading who gets what…</p>;
  const total = payees.value.reduce((sum, p) => sum + p.amount, 0n);
  return (
    <table className="payees" data-testid={testid} data-count={payees.value.length}>
      <caption>Who gets what of <Amount value={price} units={chain.units} /> (the market's royalty_info)</caption>
      <thead>
        <tr>
          <th scope="col">Account</th>
          <th scope="col">Why</th>
          <th scope="col">Amount</th>
        </tr>
      </thead>
      <tbody>
        {payees.value.map((p, i) => (
          <tr key={p.account} data-testid={`${testid}-${i}`} data-address={p.account} data-units={p.amount.toString()}>
            <td>
              <Account account={p.account} units={chain.units} names={names} />
            </td>
            <td>{p.roles.join('; ')}</td>
            <td>
              <Amount value={p.amount} units={chain.units} testid={`${testid}-${i}-amount`} />
            </td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row" colSpan={2}>
            Total
          </th>
          <td>
            <Amount value={total} units={chain.units} testid={`${testid}-total`} />
          </td>
        </tr>
      </tfoot>
    </table>
  );
}
