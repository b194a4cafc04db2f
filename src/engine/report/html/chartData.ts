import type { OrderSide } from '../../core/types.js';
import type { BacktestReport } from '../backtestReport.js';
import { SKIP_REASONS } from '../outcomeCounts.js';
import type { MonthlyRow, ReportSeries, TimelineKind } from '../series.js';
import { dailyReturns } from '../series.js';

/**
 * What each chart receives, derived from a report's `series` block and its counters. Pure
 * functions with no drawing in them, so tests can hold the numbers against the JSON report.
 */

export interface LinePoint {
  readonly t: number;
  readonly v: number;
}

export interface EquityPoint extends LinePoint {
  readonly s: 'strategy' | 'buy & hold';
}

function line(l: { readonly t: readonly number[]; readonly v: readonly number[] }): LinePoint[] {
  const out: LinePoint[] = new Array<LinePoint>(l.t.length);
  for (let i = 0; i < l.t.length; i++) out[i] = { t: l.t[i]!, v: l.v[i]! };
  return out;
}

/** Strategy equity and buy-and-hold equity (start equity × close / first close, no fees). */
export function equityVsBuyAndHold(s: ReportSeries): EquityPoint[] {
  const out: EquityPoint[] = line(s.equity).map((p) => ({ ...p, s: 'strategy' }));
  const first = s.firstClose;
  if (first !== null && first > 0) {
    const k = s.startEquity / first;
    for (let i = 0; i < s.price.t.length; i++) {
      out.push({ t: s.price.t[i]!, v: s.price.v[i]! * k, s: 'buy & hold' });
    }
  }
  return out;
}

/** Underwater curve: percent under the running peak, ≤ 0; its minimum is the report's max drawdown. */
export function drawdownSeries(s: ReportSeries): LinePoint[] {
  return line(s.drawdownPct);
}

export function priceSeries(s: ReportSeries): LinePoint[] {
  return line(s.price);
}

export function positionSeries(s: ReportSeries): LinePoint[] {
  return line(s.position);
}

export interface FillMarker {
  readonly t: number;
  readonly price: number;
  readonly side: OrderSide;
}

export function fillMarkers(s: ReportSeries): FillMarker[] {
  const f = s.fills;
  return f.t.map((t, i) => ({ t, price: f.price[i]!, side: f.side[i]! }));
}

/** Every UTC day's equity return in percent (the histogram's input). */
export function dailyReturnRows(s: ReportSeries): { day: string; r: number }[] {
  return dailyReturns(s).map((d) => ({ day: d.day, r: d.returnPct }));
}

export function monthlyTable(s: ReportSeries): readonly MonthlyRow[] {
  return s.monthly;
}

export interface AgentRow {
  readonly agent: string;
  readonly agreementPct: number;
  readonly pnl: number;
  readonly long: number;
  readonly flat: number;
  readonly short: number;
}

export function agentRows(r: BacktestReport): AgentRow[] {
  return r.agents.agents.map((a) => ({
    agent: a.agent,
    agreementPct: a.agreementRatePct ?? 0,
    pnl: a.pnlAttribution,
    long: a.votes.long,
    flat: a.votes.flat,
    short: a.votes.short,
  }));
}

export interface OutcomeRow {
  readonly reason: string;
  readonly kind: 'skipped' | 'rejected';
  readonly count: number;
}

/** Skipped intents by reason and rejected orders by exchange code; zero rows are left out. */
export function outcomeRows(r: BacktestReport): OutcomeRow[] {
  const rows: OutcomeRow[] = [];
  for (const reason of SKIP_REASONS) {
    const n = r.skips[reason] ?? 0;
    if (n > 0) rows.push({ reason, kind: 'skipped', count: n });
  }
  for (const [code, v] of Object.entries(r.rejects)) {
    if (v.count > 0) rows.push({ reason: `rejected ${code}`, kind: 'rejected', count: v.count });
  }
  return rows;
}

export interface TimelineRow {
  readonly t: number;
  readonly kind: TimelineKind;
  readonly detail: string;
}

export function timelineRows(events: ReportSeries['events']): TimelineRow[] {
  return events.t.map((t, i) => ({ t, kind: events.kind[i]!, detail: events.detail[i]! }));
}
