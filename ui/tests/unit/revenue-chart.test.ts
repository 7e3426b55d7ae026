// The revenue chart (src/pages/history.tsx) rendered to markup: one bar per day, each
// carrying its exact figures, heights in proportion to the day's revenue (bigint amounts
// beyond 2^53 included), and the same figures in the table below it.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { everyDay, type RevenueDay } from '../../src/chain/index-api';
import { RevenueChart } from '../../src/pages/history';

const UNITS = { decimals: 12, symbol: 'UNIT', ss58Prefix: 42 };
const UNIT = 10n ** 12n;

/** Each bar's figures, read from the markup (tests run in Node: no DOM to parse it with). */
function bars(html: string): { day: string; units: bigint; sales: number; height: number }[] {
  return [...html.matchAll(/<rect [^>]*>/g)].map(([rect]) => {
    const attribute = (name: string) => new RegExp(`${name}="([^"]*)"`).exec(rect)?.[1] ?? '';
    return { day: attribute('data-day'), units: BigInt(attribute('data-units')), sales: Number(attribute('data-sales')), height: Number(attribute('height')) };
  });
}

describe('the revenue chart', () => {
  const day = (d: string, sales: number, amount: bigint, deposits = 0n): RevenueDay => ({
    day: d,
    sales,
    salesAmount: amount,
    depositsAmount: deposits,
    total: amount + deposits,
  });

  it('draws a bar per day with its figures, the tallest for the best day', () => {
    const days = everyDay([day('2026-01-02', 2, 10n * UNIT), day('2026-01-04', 1, 5n * UNIT, UNIT)]);
    const html = renderToStaticMarkup(createElement(RevenueChart, { days, units: UNITS, testid: 'model-2-revenue' }));
    const drawn = bars(html);
    expect(drawn.map((b) => [b.day, b.units, b.sales])).toEqual([
      ['2026-01-02', 10n * UNIT, 2],
      ['2026-01-03', 0n, 0],
      ['2026-01-04', 6n * UNIT, 1],
    ]);
    expect(drawn[1].height).toBe(0);
    expect(drawn[2].height / drawn[0].height).toBeCloseTo(0.6, 3);
    expect(html).toContain('aria-label="Revenue per day, 2026-01-02 to 2026-01-04: at most 10 UNIT a day."');
    // The figures again, as text, for screen readers and exact reading.
    expect(html).toContain('<td>2026-01-04</td><td>1</td><td>5 UNIT</td><td>1 UNIT</td><td>6 UNIT</td>');
  });

  it('keeps proportions for amounts no JavaScript number holds exactly', () => {
    const big = 2n ** 120n;
    const drawn = bars(renderToStaticMarkup(createElement(RevenueChart, { days: [day('2026-01-01', 1, big), day('2026-01-02', 1, big / 4n)], units: UNITS, testid: 'r' })));
    expect(drawn.map((b) => b.units)).toEqual([big, big / 4n]);
    expect(drawn[1].height / drawn[0].height).toBeCloseTo(0.25, 3);
  });
});
