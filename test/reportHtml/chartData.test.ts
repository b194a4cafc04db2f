import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as data from '../../src/engine/report/html/chartData.js';
import { reportFromJournal } from '../../src/engine/report/journalReport.js';
import { Welford } from '../../src/engine/report/runningStats.js';
import type { ReportSeries } from '../../src/engine/report/series.js';
import type { DemoRun } from './fixture.js';
import { demoRun } from './fixture.js';

let run: DemoRun;
let s: ReportSeries;

beforeAll(async () => {
  run = await demoRun();
  s = run.report.series!;
});
afterAll(() => run.cleanup());

describe('chart data of a real 3-day backtest, held against the JSON report', () => {
  it('returns an underwater series whose lowest point is the max drawdown, never above zero', () => {
    const dd = data.drawdownSeries(s);
    expect(dd.length).toBeGreaterThan(100);
    expect(Math.max(...dd.map((p) => p.v))).toBeLessThanOrEqual(0);
    const lowest = dd.reduce((a, b) => (b.v < a.v ? b : a));
    const m = run.report.metrics.maxDrawdown;
    // Drawn values carry 6 significant digits; min/max buckets keep the trough itself.
    expect(lowest.v).toBeCloseTo(m.maxPct, 3);
    expect(lowest.t, 'the trough is drawn at the bar where the tracker found it').toBe(m.troughTime);
  });

  it('returns a monthly table that compounds to the total and buy-and-hold returns', () => {
    const rows = data.monthlyTable(s);
    expect(rows.map((r) => r.month)).toEqual(['2024-03']);
    const m = run.report.metrics;
    const total = rows.reduce((acc, r) => acc * (1 + r.returnPct / 100), 1) - 1;
    const bh = rows.reduce((acc, r) => acc * (1 + r.buyHoldPct / 100), 1) - 1;
    expect(total * 100).toBeCloseTo(m.totalReturnPct, 9);
    expect(bh * 100).toBeCloseTo(m.buyAndHold.returnPct!, 9);
    expect(rows.at(-1)!.endEquity).toBe(m.finalEquity);
  });

  it('returns every UTC day, with the daily Sharpe of the report', () => {
    const days = data.dailyReturnRows(s);
    expect(days.map((d) => d.day)).toEqual(['2024-03-29', '2024-03-30', '2024-03-31']);
    expect(days.length).toBe(run.report.metrics.dailyReturns);
    const w = new Welford();
    for (const d of days) w.add(d.r / 100);
    const sharpe = (w.mean / w.sampleStd()!) * Math.sqrt(365);
    expect(sharpe).toBeCloseTo(run.report.metrics.dailySharpe!, 9);
  });

  it('returns equity and buy-and-hold lines that end on the final equity and the buy-and-hold return', () => {
    const eq = data.equityVsBuyAndHold(s);
    const strat = eq.filter((p) => p.s === 'strategy');
    const hold = eq.filter((p) => p.s === 'buy & hold');
    const m = run.report.metrics;
    expect(strat.at(-1)!.v).toBeCloseTo(m.finalEquity, 4);
    expect(strat.length).toBeLessThanOrEqual(2000);
    expect(hold.at(-1)!.v).toBeCloseTo(m.startEquity * (1 + m.buyAndHold.returnPct! / 100), 4);
    expect(hold[0]!.v, 'buy-and-hold starts at the start equity').toBeCloseTo(m.startEquity, 6);
  });

  it('returns one marker per fill until the cap, and a position that stays long-only on spot', () => {
    const fills = data.fillMarkers(s);
    expect(s.fills.total).toBe(run.report.metrics.orders);
    expect(s.fills.total).toBe(run.report.fingerprint.fills);
    expect(fills.length).toBe(Math.min(s.fills.total, 3000));
    const pos = data.positionSeries(s).map((p) => p.v);
    expect(Math.min(...pos)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...pos)).toBeLessThanOrEqual(1 + 1e-9);
  });

  it('returns agent and outcome rows that add up to the report counters', () => {
    const agents = data.agentRows(run.report);
    expect(agents.map((a) => a.agent)).toEqual(run.report.agents.agents.map((a) => a.agent));
    agents.forEach((a, i) => expect(a.pnl).toBe(run.report.agents.agents[i]!.pnlAttribution));
    const outcomes = data.outcomeRows(run.report);
    const skipped = Object.values(run.report.skips).reduce((x, y) => x + y, 0);
    expect(outcomes.reduce((x, r) => x + r.count, 0)).toBe(skipped);
  });
});

describe('a report rebuilt from the journal', () => {
  it('returns the same metrics, counters, fingerprint and series as the run itself', () => {
    const { report, warnings } = reportFromJournal(run.journalPath);
    expect(warnings).toEqual([]);
    const a = run.report;
    // The journal does not hold the fee rate: only the "after fees" buy-and-hold line differs.
    const strip = (m: typeof a.metrics) => ({
      ...m,
      buyAndHold: { ...m.buyAndHold, feeRate: null, returnAfterFeesPct: null },
    });
    expect(strip(report.metrics)).toEqual(strip(a.metrics));
    expect(report.skips).toEqual(a.skips);
    expect(report.rejects).toEqual(a.rejects);
    expect(report.agents).toEqual(a.agents);
    expect(report.fingerprint).toEqual(a.fingerprint);
    expect(report.series).toEqual(a.series);
    expect(report.meta.symbol).toBe('ETHUSDT');
  });
});
