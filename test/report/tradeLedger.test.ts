import { describe, expect, it } from 'vitest';
import { formatProfitFactor } from '../../src/engine/report/metrics.js';
import { PerformanceTracker } from '../../src/engine/report/performanceTracker.js';
import type { TrackedFill } from '../../src/engine/report/tradeLedger.js';

const T0 = Date.UTC(2024, 0, 1);
const MIN = 60_000;

function fill(
  i: number,
  side: 'BUY' | 'SELL',
  qty: number,
  price: number,
  fee: number,
  positionQtyAfter: number,
  realizedPnlDelta = 0,
): TrackedFill {
  return { time: T0 + i * MIN, side, qty, price, fee, positionQtyAfter, realizedPnlDelta };
}

/**
 * 1 BUY 1 @100 (fee 0.10)  pos 1     open LONG, entry notional 100
 * 2 BUY 1 @110 (fee 0.11)  pos 2     add: entry notional 210, avg 105
 * 3 SELL 0.5 @120 (0.06)   pos 1.5   partial exit, realized (120-105)·0.5 = +7.5
 * 4 SELL 3.5 @100 (0.35)   pos −2    flip: realized (100-105)·1.5 = −7.5 closes the LONG with
 *                                    fee share 1.5/3.5 → LONG fees 0.10+0.11+0.06+0.15 = 0.42, pnl −0.42;
 *                                    opens a SHORT of 2 @100 (notional 200) with fee 0.20
 * 5 BUY 2 @90 (fee 0.18)   pos 0     closes the SHORT: realized (100-90)·2 = 20, pnl 20 − 0.20 − 0.18 = 19.62
 * 6 BUY 1 @95 (fee 0.095)  pos 1     opens a LONG that is still open at the end
 */
const FILLS = [
  fill(1, 'BUY', 1, 100, 0.1, 1),
  fill(2, 'BUY', 1, 110, 0.11, 2),
  fill(3, 'SELL', 0.5, 120, 0.06, 1.5, 7.5),
  fill(4, 'SELL', 3.5, 100, 0.35, -2, -7.5),
  fill(5, 'BUY', 2, 90, 0.18, 0, 20),
  fill(6, 'BUY', 1, 95, 0.095, 1),
];

function run(fills: readonly TrackedFill[]): PerformanceTracker {
  const t = new PerformanceTracker({ startEquity: 1000 });
  for (let i = 0; i < 8; i++) {
    t.onBar(T0 + i * MIN, 100, 1000, 0.1);
    for (const f of fills) if (f.time === T0 + i * MIN) t.onFill(f);
  }
  return t;
}

describe('trade segmentation', () => {
  it('returns one trade per round trip, keeping partial exits inside and splitting a flip', () => {
    const t = run(FILLS);
    const trades = t.trades();
    expect(trades.length, 'LONG (fills 1-4) and SHORT (fills 4-5); fill 6 is still open').toBe(2);
    const [long, short] = trades;
    expect(long).toMatchObject({
      side: 'LONG',
      entryTime: T0 + MIN,
      exitTime: T0 + 4 * MIN,
      fills: 4,
      entryNotional: 210,
    });
    expect(long!.fees).toBeCloseTo(0.42, 12);
    expect(long!.pnl).toBeCloseTo(-0.42, 12);
    expect(long!.pnlPct).toBeCloseTo(-0.2, 12);
    expect(short).toMatchObject({
      side: 'SHORT',
      entryTime: T0 + 4 * MIN,
      exitTime: T0 + 5 * MIN,
      fills: 2,
      entryNotional: 200,
    });
    expect(short!.fees).toBeCloseTo(0.38, 12);
    expect(short!.pnl).toBeCloseTo(19.62, 12);
    expect(short!.pnlPct).toBeCloseTo(9.81, 12);
  });

  it('returns win rate, profit factor, expectancy, duration, best and worst from the closed trades', () => {
    const m = run(FILLS).summary();
    const tr = m.trades;
    expect(tr.closed).toBe(2);
    expect(tr.open).toBe(1);
    expect(tr.wins).toBe(1);
    expect(tr.losses).toBe(1);
    expect(tr.winRatePct).toBe(50);
    expect(tr.grossProfit).toBeCloseTo(19.62, 12);
    expect(tr.grossLoss).toBeCloseTo(0.42, 12);
    expect(tr.profitFactor).toBeCloseTo(19.62 / 0.42, 9);
    expect(tr.expectancy, '(19.62 - 0.42) / 2').toBeCloseTo(9.6, 12);
    expect(tr.expectancyPct, '(-0.2 + 9.81) / 2').toBeCloseTo(4.805, 12);
    expect(tr.avgDurationMs, '(3 min + 1 min) / 2').toBe(2 * MIN);
    expect(tr.best?.side).toBe('SHORT');
    expect(tr.worst?.side).toBe('LONG');
    expect(m.totalFees).toBeCloseTo(0.895, 12);
    expect(m.orders).toBe(6);
    expect(m.turnover, 'notional 895 over a constant 1000 equity').toBeCloseTo(0.895, 12);
  });

  it('returns a null profit factor printed as "inf" when no trade lost', () => {
    const t = run([fill(1, 'BUY', 1, 100, 0.1, 1), fill(2, 'SELL', 1, 110, 0.11, 0, 10)]);
    const tr = t.summary().trades;
    expect(tr.grossLoss).toBe(0);
    expect(tr.profitFactor, 'JSON has no Infinity: null').toBeNull();
    expect(formatProfitFactor(tr)).toBe('inf');
    expect(JSON.parse(JSON.stringify(tr)).profitFactor).toBeNull();
  });

  it('returns "n/a" for the profit factor when there were no trades', () => {
    const tr = run([]).summary().trades;
    expect(tr.closed).toBe(0);
    expect(formatProfitFactor(tr)).toBe('n/a');
    expect(tr.winRatePct).toBeNull();
  });

  it('returns the position as flat when a full exit leaves float residue', () => {
    const t = run([fill(1, 'BUY', 0.3, 100, 0, 0.3), fill(2, 'SELL', 0.3, 100, 0, 0.1 + 0.2 - 0.3, 0)]);
    expect(t.summary().trades.closed, '0.1 + 0.2 - 0.3 = 5.5e-17 is flat').toBe(1);
    expect(t.summary().trades.open).toBe(0);
  });

  it('returns a reversal straight into a short when a sell goes through zero from a single long', () => {
    const t = run([
      fill(1, 'BUY', 1, 100, 0.2, 1),
      fill(2, 'SELL', 2, 100, 0.2, -1, 0),
      fill(3, 'BUY', 1, 100, 0.1, 0, 0),
    ]);
    const trades = t.trades();
    expect(trades.map((x) => x.side)).toEqual(['LONG', 'SHORT']);
    expect(trades[0]!.fees, 'entry 0.2 + half of the flip fee').toBeCloseTo(0.3, 12);
    expect(trades[1]!.fees, 'other half of the flip fee + exit 0.1').toBeCloseTo(0.2, 12);
  });
});
