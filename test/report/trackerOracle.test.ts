import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { PerformanceTracker } from '../../src/engine/report/performanceTracker.js';
import { SHARED_DATA, sharedPath } from '../support/sharedData.js';

const MIN = 60_000;

/** Straightforward two-pass / O(n²) versions of what the tracker computes online. */
function oracle(start: number, equity: readonly number[]): { sharpe: number | null; maxDdPct: number } {
  const r: number[] = [];
  let prev = start;
  for (const e of equity) {
    r.push(e / prev - 1);
    prev = e;
  }
  const mean = r.reduce((a, b) => a + b, 0) / r.length;
  const varS = r.reduce((a, b) => a + (b - mean) ** 2, 0) / (r.length - 1);
  let maxDd = 0;
  for (let i = 0; i < equity.length; i++) {
    let peak = start;
    for (let j = 0; j <= i; j++) peak = Math.max(peak, equity[j]!);
    maxDd = Math.min(maxDd, equity[i]! / peak - 1);
  }
  return { sharpe: varS > 0 ? (mean / Math.sqrt(varS)) * Math.sqrt(525_600) : null, maxDdPct: maxDd * 100 };
}

describe('PerformanceTracker against a two-pass oracle', () => {
  it('returns the same Sharpe and max drawdown as the naive computation on random equity paths', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -0.05, max: 0.05, noNaN: true }), { minLength: 3, maxLength: 300 }),
        (steps) => {
          const equity: number[] = [];
          let e = 1000;
          for (const s of steps) equity.push((e *= 1 + s));
          const t = new PerformanceTracker({ startEquity: 1000 });
          equity.forEach((x, i) => t.onBar(i * MIN, 1, x, 1));
          const m = t.summary();
          const o = oracle(1000, equity);
          if (o.sharpe === null || m.sharpe === null) return;
          expect(m.sharpe).toBeCloseTo(o.sharpe, 6);
          expect(m.maxDrawdown.maxPct).toBeCloseTo(o.maxDdPct, 9);
        },
      ),
      { seed: 42, numRuns: 200 },
    );
  });
});

function loadCloses(day: string): { openTime: number[]; close: number[] } {
  const zip = unzipSync(readFileSync(sharedPath('binance', 'ETHUSDT', `ETHUSDT-1m-${day}.zip`)));
  const csv = new TextDecoder().decode(Object.values(zip)[0]);
  const openTime: number[] = [];
  const close: number[] = [];
  for (const line of csv.split('\n')) {
    if (line.length === 0) continue;
    const cols = line.split(',');
    openTime.push(Number(cols[0]));
    close.push(Number(cols[4]));
  }
  return { openTime, close };
}

// Needs ../shared/data (real Binance ETHUSDT klines): skipped ("../shared/data is not beside this clone") without it.
describe.skipIf(!SHARED_DATA)(`PerformanceTracker on real ETHUSDT candles`, () => {
  it('returns a fully-invested run equal to buy-and-hold, with oracle Sharpe and drawdown, over 3 days', () => {
    const days = ['2024-01-01', '2024-01-02', '2024-01-03'].map(loadCloses);
    const openTime = days.flatMap((d) => d.openTime);
    const close = days.flatMap((d) => d.close);
    expect(close.length, '3 gap-free days of 1-minute bars').toBe(3 * 1440);
    // Buy at the first close with no fee: equity tracks price exactly from then on.
    const qty = 10_000 / close[0]!;
    const equity = close.map((c) => qty * c);
    const t = new PerformanceTracker({ startEquity: 10_000, feeRate: 0.001 });
    for (let i = 0; i < close.length; i++) t.onBar(openTime[i]!, close[i]!, equity[i]!, 1);
    const m = t.summary();
    expect(m.totalReturnPct).toBeCloseTo(m.buyAndHold.returnPct!, 9);
    expect(m.exposurePct).toBe(100);
    expect(m.dailyReturns).toBe(3);
    const o = oracle(10_000, equity);
    expect(m.sharpe).toBeCloseTo(o.sharpe!, 8);
    expect(m.maxDrawdown.maxPct).toBeCloseTo(o.maxDdPct, 10);
    expect(m.periodMs, 'first open to last close: exactly 3 days').toBe(3 * 86_400_000);
  });
});
