import { describe, expect, it } from 'vitest';
import { PerformanceTracker } from '../../src/engine/report/performanceTracker.js';

const T0 = Date.UTC(2024, 0, 1); // 2024-01-01T00:00Z
const MIN = 60_000;
const DAY = 86_400_000;

/**
 * Six 1-minute bars, start equity 100. Equity moves +10 %, −10 %, 0, +10 %, −10 %, +10 %:
 *   100 → 110 → 99 → 99 → 108.9 → 98.01 → 107.811
 * Returns r = [0.1, −0.1, 0, 0.1, −0.1, 0.1]
 *   mean = 0.1 / 6 = 1/60
 *   Σ(r − mean)² = 3·(1/12)² + 2·(−7/60)² + (−1/60)² = 0.0208333 + 0.0272222 + 0.0002778 = 29/600
 *   sample variance = (29/600) / 5 = 29/3000, std = 0.0983192
 *   per-bar Sharpe = (1/60) / 0.0983192 = 0.169516, × √525600 (= 724.983) = 122.897
 *   downside deviation = √((0.1² + 0.1²) / 6) = √(1/300) = 0.0577350
 *   per-bar Sortino = (1/60) / 0.0577350 = 0.288675, × 724.983 = 209.285
 *   max drawdown: peak 110 (bar 1) → trough 98.01 (bar 5) = 98.01/110 − 1 = −10.9 %, never recovered
 */
const EQUITY = [110, 99, 99, 108.9, 98.01, 107.811];
const CLOSES = [100, 110, 99, 99, 108.9, 98.01];
const POSITION = [1, 1, 0, 1, 1, 1];

function sixBars(feeRate?: number): PerformanceTracker {
  const t = new PerformanceTracker({ startEquity: 100, ...(feeRate === undefined ? {} : { feeRate }) });
  EQUITY.forEach((e, i) => t.onBar(T0 + i * MIN, CLOSES[i]!, e, POSITION[i]!));
  return t;
}

describe('PerformanceTracker on a hand-computed 6-bar series', () => {
  it('returns the hand-computed per-bar Sharpe and Sortino', () => {
    const m = sixBars().summary();
    expect(m.sharpe, 'Sharpe = (1/60)/sqrt(29/3000) x sqrt(525600)').toBeCloseTo(122.897, 2);
    expect(m.sharpe).toBeCloseTo((1 / 60 / Math.sqrt(29 / 3000)) * Math.sqrt(525_600), 9);
    expect(m.sortino, 'Sortino = (1/60)/sqrt(1/300) x sqrt(525600)').toBeCloseTo(209.285, 2);
    expect(m.dailySharpe, 'one UTC day gives one daily return: no std').toBeNull();
    expect(m.annualisation).toContain('sqrt(525600)');
    expect(m.annualisation).toContain('sqrt(365)');
  });

  it('returns equity, total return, exposure and buy-and-hold with and without fees', () => {
    const m = sixBars(0.001).summary();
    expect(m.bars).toBe(6);
    expect(m.startEquity).toBe(100);
    expect(m.finalEquity).toBe(107.811);
    expect(m.totalReturnPct).toBeCloseTo(7.811, 9);
    expect(m.exposurePct, '5 of 6 bars held a position').toBeCloseTo((5 / 6) * 100, 9);
    expect(m.buyAndHold.returnPct, '98.01/100 - 1').toBeCloseTo(-1.99, 9);
    expect(m.buyAndHold.returnAfterFeesPct, '0.998001 x 0.9801 = 0.97814078, - 1').toBeCloseTo(-2.185922, 5);
    expect(m.periodMs).toBe(6 * MIN);
  });

  it('returns the max drawdown with peak, trough and a not-recovered duration', () => {
    const dd = sixBars().summary().maxDrawdown;
    expect(dd.maxPct).toBeCloseTo(-10.9, 9);
    expect(dd.peakTime, 'peak is the close of bar 1 (110)').toBe(T0 + MIN);
    expect(dd.troughTime, 'trough is the close of bar 5 (98.01)').toBe(T0 + 5 * MIN);
    expect(dd.recovered).toBe(false);
    expect(dd.recoveryTime).toBeNull();
    expect(dd.durationBars, 'from the peak to the last bar').toBe(5);
    expect(dd.durationMs).toBe(5 * MIN);
    expect(dd.peakToTroughBars).toBe(4);
  });

  it('returns CAGR null and Calmar null when a few minutes would compound to infinity', () => {
    const m = sixBars().summary();
    expect(m.cagrPct, '7.8 % in 6 minutes annualises past Number.MAX_VALUE').toBeNull();
    expect(m.calmar).toBeNull();
  });
});

describe('PerformanceTracker drawdown recovery, CAGR and daily ratios', () => {
  it('returns the recovery time and duration when equity regains its peak', () => {
    const t = new PerformanceTracker({ startEquity: 100 });
    [100, 90, 95, 100, 101].forEach((e, i) => t.onBar(T0 + i * MIN, 1, e, 1));
    const dd = t.summary().maxDrawdown;
    expect(dd.maxPct).toBeCloseTo(-10, 9);
    expect(dd.peakTime).toBe(T0 + MIN);
    expect(dd.troughTime).toBe(T0 + 2 * MIN);
    expect(dd.recovered).toBe(true);
    expect(dd.recoveryTime, 'equity is back at 100 at the close of bar 3').toBe(T0 + 4 * MIN);
    expect(dd.durationBars).toBe(3);
    expect(dd.durationMs).toBe(3 * MIN);
  });

  it('returns the deepest drawdown when a later episode is worse than an earlier recovered one', () => {
    const t = new PerformanceTracker({ startEquity: 100 });
    [95, 100, 120, 96, 110].forEach((e, i) => t.onBar(T0 + i * MIN, 1, e, 1));
    const dd = t.summary().maxDrawdown;
    expect(dd.maxPct, '96/120 - 1 beats 95/100 - 1').toBeCloseTo(-20, 9);
    expect(dd.peakTime).toBe(T0 + 3 * MIN);
    expect(dd.recovered).toBe(false);
  });

  it('returns CAGR over 365-day years and Calmar = CAGR / |max DD|', () => {
    // First bar opens at T0, last bar closes at T0 + 730 days: two years, 100 → 121 = 10 % a year.
    const t = new PerformanceTracker({ startEquity: 100 });
    t.onBar(T0, 1, 100, 0);
    t.onBar(T0 + 365 * DAY, 1, 90, 0);
    t.onBar(T0 + 730 * DAY - MIN, 1, 121, 0);
    const m = t.summary();
    expect(m.periodMs).toBe(730 * DAY);
    expect(m.cagrPct).toBeCloseTo(10, 9);
    expect(m.maxDrawdown.maxPct).toBeCloseTo(-10, 9);
    expect(m.calmar).toBeCloseTo(1, 9);
  });

  it('returns the daily Sharpe from the last equity mark of each UTC day', () => {
    // Day ends: 110, 99, 108.9 against start 100 → returns [0.1, −0.1, 0.1]:
    // mean 1/30, sample var ((1/15)² · 2 + (2/15)²) / 2 = 1/75, Sharpe = (1/30)/√(1/75) × √365 = 5.5151
    const t = new PerformanceTracker({ startEquity: 100 });
    t.onBar(T0, 1, 105, 1);
    t.onBar(T0 + DAY - MIN, 1, 110, 1);
    t.onBar(T0 + DAY, 1, 120, 1);
    t.onBar(T0 + 2 * DAY - MIN, 1, 99, 1);
    t.onBar(T0 + 2 * DAY + 5 * MIN, 1, 108.9, 1);
    const m = t.summary();
    expect(m.dailyReturns).toBe(3);
    expect(m.dailySharpe).toBeCloseTo((1 / 30 / Math.sqrt(1 / 75)) * Math.sqrt(365), 9);
    expect(m.dailySharpe).toBeCloseTo(5.5151, 3);
    // downside: √(0.01/3); Sortino = (1/30)/0.057735 × √365 = 11.0303
    expect(m.dailySortino).toBeCloseTo(11.0303, 3);
  });

  it('returns null ratios and zero drawdown for a flat run, and counts NaN bars as invalid', () => {
    const t = new PerformanceTracker({ startEquity: 100 });
    t.onBar(T0, 1, 100, 0);
    t.onBar(T0 + MIN, 1, Number.NaN, 0);
    t.onBar(T0 + 2 * MIN, 1, 100, 0);
    const m = t.summary();
    expect(m.sharpe, 'zero variance has no Sharpe').toBeNull();
    expect(m.sortino).toBeNull();
    expect(m.maxDrawdown.maxPct).toBe(0);
    expect(m.maxDrawdown.recovered).toBe(true);
    expect(m.invalidBars).toBe(1);
    expect(m.bars).toBe(2);
    expect(JSON.stringify(m)).not.toMatch(/NaN|Infinity/);
  });

  it('throws a one-line error for a non-positive start equity', () => {
    expect(() => new PerformanceTracker({ startEquity: 0 })).toThrow(/startEquity must be a positive number/);
  });
});
