// What only the index knows, shown on the pages that have it: a model's sales and its
// revenue per day as a chart (My models), an account's licenses over time (My licenses) and
// its payouts (Royalties). Each renders nothing without an index (the chain keeps no
// history), and reads again whenever the index has indexed another block.
import { useCallback, useEffect, useRef, useState } from 'react';
import { useChain, useConnectedChain } from '../chain/ChainProvider';
import { everyDay, IndexError, type IndexClient, type RevenueDay } from '../chain/index-api';
import { useIndex, useIndexedBlock } from '../chain/IndexProvider';
import { formatBalance, formatTimestamp, type Units } from '../chain/format';
import { errorText } from '../chain/wallet';
import { Amount } from '../ui/components';

export interface IndexRead<T> {
  value?: T;
  error?: string;
  reload: () => void;
}

/**
 * `load(client)` when the index is the source, again with every block it indexes; an index
 * found down on the way is reported (pages fall back to the chain's reads).
 */
export function useIndexRead<T>(load: ((client: IndexClient) => Promise<T>) | undefined, what: string, deps: readonly unknown[]): IndexRead<T> {
  const { client, markUnreachable } = useIndex();
  const indexed = useIndexedBlock();
  const [value, setValue] = useState<T>();
  const [error, setError] = useState<string>();
  const [version, setVersion] = useState(0);
  const reload = useCallback(() => setVersion((v) => v + 1), []);
  const loadRef = useRef(load);
  loadRef.current = load;
  useEffect(() => {
    setValue(undefined);
    setError(undefined);
  }, [client, ...deps]); // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(() => {
    const current = loadRef.current;
    if (!client || !current) return;
    let live = true;
    current(client).then(
      (v) => {
        if (!live) return;
        setValue(v);
        setError(undefined);
      },
      (e: unknown) => {
        if (!live) return;
        if (e instanceof IndexError && e.unreachable) markUnreachable(e);
        setError(e instanceof IndexError ? e.message : `Reading ${what} from the index failed: ${errorText(e)}`);
      },
    );
    return () => {
      live = false;
    };
  }, [client, indexed, version, ...deps]); // eslint-disable-line react-hooks/exhaustive-deps
  return { value, error, reload };
}

/** A model's sales (count and what they paid) and its revenue per day, from the index. */
export function ModelSales({ model, testid }: { model: bigint; testid: string }) {
  const chain = useConnectedChain();
  const read = useIndexRead(
    async (client) => {
      const [sales, revenue] = await Promise.all([client.sales(model), client.revenue(model)]);
      return { sales, days: everyDay(revenue.days), total: revenue.total };
    },
    `the sales of model ${model}`,
    [model],
  );
  const { source } = useIndex();
  if (source !== 'index') return null;
  if (read.error) return <p className="error" data-testid={`${testid}-sales-error`}>{read.error}</p>;
  if (!read.value) return <p className="hint">Reading the sales from the index…</p>;
  const { sales, days, total } = read.value;
  const renewals = sales.sales.filter((s) => s.renewal).length;
  return (
    <div className="subsection" data-testid={`${testid}-sales`} data-count={sales.sales.length} data-units={sales.salesTotal.toString()}>
      <h4>Sales</h4>
      <p>
        {sales.sales.length === 0 ? (
          'No license sold yet.'
        ) : (
          <>
            {sales.sales.length - renewals} sale{sales.sales.length - renewals === 1 ? '' : 's'} and {renewals} renewal{renewals === 1 ? '' : 's'}, paying{' '}
            <Amount value={sales.salesTotal} units={chain.units} testid={`${testid}-sales-total`} /> in all
            {total !== sales.salesTotal && (
              <>
                {' '}
                (<Amount value={total} units={chain.units} testid={`${testid}-revenue-total`} /> with deposits)
              </>
            )}
            .
          </>
        )}
      </p>
      {days.length > 0 && <RevenueChart days={days} units={chain.units} testid={`${testid}-revenue`} />}
    </div>
  );
}

const CHART = { width: 640, height: 200, left: 8, right: 8, top: 24, bottom: 28 } as const;

/** The model's revenue per UTC day as bars (plain SVG), with the figures in a table for screen readers and precise reading. */
export function RevenueChart({ days, units, testid }: { days: RevenueDay[]; units: Units; testid: string }) {
  const max = days.reduce((m, d) => (d.total > m ? d.total : m), 0n);
  const plotWidth = CHART.width - CHART.left - CHART.right;
  const plotHeight = CHART.height - CHART.top - CHART.bottom;
  const slot = plotWidth / days.length;
  const barWidth = Math.max(1, Math.min(48, slot * 0.8));
  // A bar's height in parts of the tallest, in bigint arithmetic (amounts exceed 2^53).
  const height = (total: bigint) => (max === 0n ? 0 : (Number((total * 10_000n) / max) / 10_000) * plotHeight);
  const label = `Revenue per day, ${days[0].day} to ${days[days.length - 1].day}: at most ${formatBalance(max, units)} a day.`;
  return (
    <figure className="revenue-chart" data-testid={testid} data-days={days.length}>
      <svg viewBox={`0 0 ${CHART.width} ${CHART.height}`} role="img" aria-label={label} data-testid={`${testid}-chart`}>
        <text x={CHART.left} y={14} className="chart-label">
          {formatBalance(max, units)}
        </text>
        <line x1={CHART.left} x2={CHART.width - CHART.right} y1={CHART.top + plotHeight} y2={CHART.top + plotHeight} className="chart-axis" />
        {days.map((d, i) => {
          const h = height(d.total);
          return (
            <rect
              key={d.day}
              x={CHART.left + i * slot + (slot - barWidth) / 2}
              y={CHART.top + plotHeight - h}
              width={barWidth}
              height={h}
              className="chart-bar"
              data-testid={`${testid}-bar`}
              data-day={d.day}
              data-units={d.total.toString()}
              data-sales={d.sales}
              data-sales-units={d.salesAmount.toString()}
            >
              <title>{`${d.day}: ${d.sales} sale${d.sales === 1 ? '' : 's'}, ${formatBalance(d.total, units)}`}</title>
            </rect>
          );
        })}
        <text x={CHART.left} y={CHART.height - 8} className="chart-label">
          {days[0].day}
        </text>
        {days.length > 1 && (
          <text x={CHART.width - CHART.right} y={CHART.height - 8} className="chart-label" textAnchor="end">
            {days[days.length - 1].day}
          </text>
        )}
      </svg>
      <details>
        <summary>Revenue per day (UTC), in figures</summary>
        <table data-testid={`${testid}-table`}>
          <thead>
            <tr>
              <th scope="col">Day</th>
              <th scope="col">Sales and renewals</th>
              <th scope="col">Paid by them</th>
              <th scope="col">Deposits</th>
              <th scope="col">Revenue</th>
            </tr>
          </thead>
          <tbody>
            {days.map((d) => (
              <tr key={d.day}>
                <td>{d.day}</td>
                <td>{d.sales}</td>
                <td>{formatBalance(d.salesAmount, units)}</td>
                <td>{formatBalance(d.depositsAmount, units)}</td>
                <td>{formatBalance(d.total, units)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}

/** Every license the connected account holds or held, as the index recorded them. */
export function LicenseHistory() {
  const { account } = useChain();
  const { source } = useIndex();
  const read = useIndexRead(account ? (client) => client.licenses(account.address) : undefined, 'your licenses', [account?.address]);
  if (source !== 'index' || !account) return null;
  return (
    <section aria-labelledby="license-history-heading" data-testid="license-history" data-count={read.value?.length ?? ''}>
      <h2 id="license-history-heading">License history</h2>
      {read.error && <p className="error">{read.error}</p>}
      {read.value?.length === 0 && <p>The index records no license of this account.</p>}
      {read.value && read.value.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">License</th>
              <th scope="col">Model</th>
              <th scope="col">Bought</th>
              <th scope="col">Expires</th>
              <th scope="col">Now</th>
            </tr>
          </thead>
          <tbody>
            {read.value.map((l) => (
              <tr key={l.id.toString()} data-testid={`license-history-${l.id}`}>
                <td>{l.id.toString()}</td>
                <td>
                  <a href={`#/model/${l.model}`}>model {l.model.toString()}</a>, offer {l.offer.toString()}
                </td>
                <td>{formatTimestamp(l.soldAt)} (block #{l.soldBlock})</td>
                <td>{l.expiresAt === null ? 'never' : formatTimestamp(l.expiresAt)}</td>
                <td>{l.voided ? 'voided by a ruling' : l.released ? 'released' : l.transferTo ? `offered to ${l.transferTo}` : 'held'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** The withdrawals that paid the connected account, as the index recorded them. */
export function PayoutHistory() {
  const chain = useConnectedChain();
  const { account } = useChain();
  const { source } = useIndex();
  const read = useIndexRead(account ? (client) => client.payouts(account.address) : undefined, 'your payouts', [account?.address]);
  if (source !== 'index' || !account) return null;
  return (
    <section aria-labelledby="payouts-heading" data-testid="payout-history" data-count={read.value?.payouts.length ?? ''}>
      <h2 id="payouts-heading">Payouts received</h2>
      {read.error && <p className="error">{read.error}</p>}
      {read.value?.payouts.length === 0 && <p>No withdrawal has paid this account yet.</p>}
      {read.value && read.value.payouts.length > 0 && (
        <>
          <p>
            In all: <Amount value={read.value.total} units={chain.units} testid="payout-history-total" />
          </p>
          <table>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Block</th>
                <th scope="col">Amount</th>
              </tr>
            </thead>
            <tbody>
              {read.value.payouts.map((p, i) => (
                <tr key={`${p.block}-${i}`}>
                  <td>{formatTimestamp(p.at)}</td>
                  <td>#{p.block}</td>
                  <td>
                    <Amount value={p.amount} units={chain.units} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
