import type { OrderSide } from '../core/types.js';

/**
 * The `series` block of a report: what the HTML report draws. Compact and columnar (parallel arrays,
 * times in epoch ms), JSON-safe. Lines are downsampled for drawing; daily and monthly values are
 * complete. See SeriesRecorder for how each is recorded.
 */
export const SERIES_FORMAT = 'drl-tui-series-v1';

/** One drawn line: parallel arrays of mark times (bar close, epoch ms) and values. */
export interface SeriesLine {
  readonly t: readonly number[];
  readonly v: readonly number[];
}

export type TimelineKind = 'reject' | 'reconnect' | 'trading' | 'unknown';

export interface MonthlyRow {
  /** "2024-01" (UTC). */
  readonly month: string;
  /** Strategy equity return over the month (the first month from the start equity), percent. */
  readonly returnPct: number;
  /** Buy-and-hold over the month (the first month from the first close), percent, no fees. */
  readonly buyHoldPct: number;
  readonly endEquity: number;
}

export interface ReportSeries {
  readonly format: string;
  readonly barMs: number;
  readonly bars: number;
  readonly startEquity: number;
  readonly firstClose: number | null;
  readonly barsPerBucket: number;
  readonly downsampling: string;
  /** Equity marked at each bar's close. */
  readonly equity: SeriesLine;
  /** Close price; buy-and-hold equity is startEquity × close / firstClose. */
  readonly price: SeriesLine;
  /** Equity under its running peak (the peak starts at the start equity), percent, ≤ 0. */
  readonly drawdownPct: SeriesLine;
  /** Signed position fraction of equity held over the bar. */
  readonly position: SeriesLine;
  readonly fills: {
    readonly total: number;
    readonly shown: number;
    /** Every n-th fill is kept (1 = all). */
    readonly every: number;
    readonly note: string;
    readonly t: readonly number[];
    readonly side: readonly OrderSide[];
    readonly qty: readonly number[];
    readonly price: readonly number[];
  };
  /** Last equity mark and close of every UTC day with a bar, oldest first. */
  readonly daily: {
    readonly day: readonly string[];
    readonly equity: readonly number[];
    readonly close: readonly number[];
    /** Day-end equity vs the previous day-end (the first day vs the start equity), percent. */
    readonly returnPct: readonly number[];
  };
  /** Every month with a bar: strategy and buy-and-hold returns. */
  readonly monthly: readonly MonthlyRow[];
  readonly events: {
    readonly total: number;
    readonly shown: number;
    readonly every: number;
    readonly t: readonly number[];
    readonly kind: readonly TimelineKind[];
    readonly detail: readonly string[];
  };
}

/** "2024-03-31" for a UTC time. */
export function dayKey(t: number): string {
  return new Date(t).toISOString().slice(0, 10);
}

/** Round to `digits` significant digits (drawing precision; keeps the JSON small). */
export function sig(x: number, digits: number): number {
  return Number.isFinite(x) && x !== 0 ? Number(x.toPrecision(digits)) : x;
}

export interface DailyReturn {
  readonly day: string;
  /** Day-end equity vs the previous day-end (the first day vs the start equity), percent. */
  readonly returnPct: number;
}

/** The tracker's UTC-day returns: same definition, so their Sharpe is the report's dailySharpe. */
export function dailyReturns(s: {
  readonly startEquity: number;
  readonly daily: { readonly day: readonly string[]; readonly equity: readonly number[] };
}): DailyReturn[] {
  const out: DailyReturn[] = [];
  let base = s.startEquity;
  s.daily.day.forEach((day, i) => {
    const e = s.daily.equity[i]!;
    if (base > 0) out.push({ day, returnPct: (e / base - 1) * 100 });
    base = e;
  });
  return out;
}

/** Month-end to month-end returns of equity and of buy-and-hold, every month with a bar. */
export function monthlyReturns(s: {
  readonly startEquity: number;
  readonly firstClose: number | null;
  readonly daily: {
    readonly day: readonly string[];
    readonly equity: readonly number[];
    readonly close: readonly number[];
  };
}): MonthlyRow[] {
  const out: MonthlyRow[] = [];
  const { day, equity, close } = s.daily;
  let baseEquity = s.startEquity;
  let baseClose = s.firstClose ?? 0;
  for (let i = 0; i < day.length; i++) {
    const month = day[i]!.slice(0, 7);
    const last = i === day.length - 1 || day[i + 1]!.slice(0, 7) !== month;
    if (!last) continue;
    const e = equity[i]!;
    const c = close[i]!;
    out.push({
      month,
      returnPct: baseEquity > 0 ? (e / baseEquity - 1) * 100 : 0,
      buyHoldPct: baseClose > 0 ? (c / baseClose - 1) * 100 : 0,
      endEquity: e,
    });
    baseEquity = e;
    baseClose = c;
  }
  return out;
}
