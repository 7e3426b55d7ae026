// Who gets what of a payment for a model, before anyone pays: the royalties
// contract's `royalty_info(model, price)` (the same walk `deposit` does: each
// ancestor's royalty edge, then the split or the owner), with each payee's
// role read from the model's revenue lineage and splits. Shown next to every
// payable call (buy, renew), so the buyer sees where the money goes.
import { useAccountNames, useConnectedChain, useReader } from '../chain/ChainProvider';
import type { Chain } from '../chain/connection';
import { formatAccount, formatBps, formatPpm } from '../chain/format';
import { call, read } from '../chain/tx';
import { Account, Amount } from '../ui/components';
import { useBlockRead } from './market';

export interface Payee {
  account: string;
  amount: bigint;
  /** Why this account is paid, in words ("owner of model 1, 10 % royalty of model 2"). */
  roles: string[];
}

/** `royalty_info` with each payee's roles. */
export async function loadPayees(chain: Chain, caller: string, model: bigint, price: bigint): Promise<Payee[]> {
  const { registry, royalties } = chain.contracts;
  const [info, lineage] = await Promise.all([
    read(chain, caller, call(royalties, 'royaltiesRoyaltyInfo', [model, price])),
    read(chain, caller, call(registry, 'modelRegistryRevenueLineage', [model])),
  ]);
  const nodes = lineage ?? [];
  const splits = await Promise.all(nodes.map((node) => read(chain, caller, call(royalties, 'splitOf', [node.model]))));
  const roles = new Map<string, string[]>();
  const add = (account: string, role: string) => roles.set(account, [...(roles.get(account) ?? []), role]);
  // The royalty each model owes each parent, to say why an ancestor's owner is paid.
  const edgeTo = new Map<string, string[]>();
  for (const node of nodes) {
    for (const parent of node.parents) {
      const key = parent.model.toString();
      edgeTo.set(key, [...(edgeTo.get(key) ?? []), `${formatBps(parent.royaltyBps)} of model ${node.model}`]);
    }
  }
  nodes.forEach((node, i) => {
    const owner = formatAccount(node.owner, chain.units);
    const via = node.model === model ? '' : ` (royalty: ${edgeTo.get(node.model.toString())?.join(', ') ?? 'none'})`;
    const split = splits[i];
    if (split && split.length > 0) {
      for (const r of split) add(formatAccount(r.account, chain.units), `${formatPpm(r.share)} of model ${node.model}'s split${via}`);
    } else {
      add(owner, `owner of model ${node.model}${via}`);
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
      <caption>Who gets what of <Amount value={price} units={chain.units} /> (royalties' royalty_info)</caption>
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
