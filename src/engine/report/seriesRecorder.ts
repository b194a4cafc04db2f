import { MINUTE_MS } from '../core/types.js';
import type { OrderSide } from '../core/types.js';
import type { ReportSeries, SeriesLine, TimelineKind } from './series.js';
import { SERIES_FORMAT, dailyReturns, dayKey, monthlyReturns, sig } from './series.js';
import { MinMaxBuckets } from './minMaxBuckets.js';
import { ThinnedList } from './thinnedList.js';

export interface SeriesRecorderOptions {
  readonly startEquity: number;
  readonly barMs?: number;
  /** Upper bound on points per drawn series (default 2,000). */
  readonly maxPoints?: number;
  /** Upper bound on buy/sell markers kept (default 3,000); beyond it the fills are thinned evenly. */
  readonly maxMarkers?: number;
  /** Upper bound on timeline events kept (default 500), thinned the same way. */
  readonly maxEvents?: number;
}

const DAY_MS = 86_400_000;
/** Indices of the drawn series inside the bucket store. */
const EQUITY = 0;
const PRICE = 1;
const DRAWDOWN = 2;
const POSITION = 3;

/**
 * The time series the HTML report draws, recorded online beside the PerformanceTracker: O(1)
 * amortised work per bar and memory bounded by the options, so a 131k-bar backtest and a 1M-bar
 * replay both stay flat. Equity, price, drawdown and position go into min/max buckets (every peak
 * and trough survives downsampling); one value per UTC day is kept for the daily and monthly
 * tables, which is exact and small (a year is 365 numbers). The metrics themselves are never
 * computed from these: they stay in the tracker.
 */
export class SeriesRecorder {
  private readonly startEquity: number;
  private readonly barMs: number;
  private readonly buckets: MinMaxBuckets;
  private readonly fills: FillMarkers;
  private readonly events: ThinnedList<{ t: number; kind: TimelineKind; detail: string }>;
  private bars = 0;
  private firstClose = 0;
  private peak: number;
  private lastEquity: number;
  private lastClose = 0;
  private day = 0;
  private nextDay = 0;
  // One-element literals emptied in the constructor, so each array starts with the kind of element
  // it will hold: a fresh `[]` switches kind on its first push, which throws away code optimised
  // during an earlier run.
  private readonly dayKeys: string[] = [''];
  private readonly dayEquity: number[] = [0.5];
  private readonly dayClose: number[] = [0.5];
  private readonly row = new Float64Array(4);

  constructor(opts: SeriesRecorderOptions) {
    if (!(opts.startEquity > 0) || !Number.isFinite(opts.startEquity)) {
      throw new Error(`SeriesRecorder: startEquity must be a positive number, got ${opts.startEquity}`);
    }
    this.startEquity = opts.startEquity;
    this.barMs = opts.barMs ?? MINUTE_MS;
    const maxPoints = opts.maxPoints ?? 2000;
    // Two points per bucket (its min and its max) plus the very first and last values.
    const capacity = Math.floor((maxPoints - 2) / 4) * 2;
    if (capacity < 2) throw new Error(`SeriesRecorder: maxPoints must be at least 6, got ${maxPoints}`);
    this.buckets = new MinMaxBuckets(4, capacity);
    this.fills = new FillMarkers(opts.maxMarkers ?? 3000);
    this.events = new ThinnedList(opts.maxEvents ?? 500);
    this.peak = this.lastEquity = opts.startEquity;
    this.dayKeys.pop();
    this.dayEquity.pop();
    this.dayClose.pop();
  }

  /** One closed bar, with the same arguments as PerformanceTracker.onBar (non-finite bars are ignored there too). */
  onBar(openTime: number, close: number, equity: number, position: number): void {
    // x - x === 0 is false for NaN and ±Infinity: Number.isFinite without the call, on the hot path.
    if (close - close !== 0 || equity - equity !== 0) return;
    if (openTime >= this.nextDay || this.bars === 0) this.newDay(openTime, close);
    this.bars++;
    this.lastEquity = equity;
    this.lastClose = close;
    // The tracker's drawdown: running peak from the start equity, equity / peak - 1.
    if (equity >= this.peak) this.peak = equity;
    const r = this.row;
    r[EQUITY] = equity;
    r[PRICE] = close;
    r[DRAWDOWN] = (equity / this.peak - 1) * 100;
    r[POSITION] = position - position === 0 ? position : 0;
    this.buckets.add(openTime + this.barMs, r);
  }

  /** The first bar of a UTC day (or of the run): close the previous day's row. */
  private newDay(openTime: number, close: number): void {
    const day = Math.floor(openTime / DAY_MS);
    if (this.bars === 0) this.firstClose = close;
    else if (day === this.day)
      return; // out-of-order bars are the engine's to drop; never split a day
    else this.closeDay();
    this.day = day;
    this.nextDay = (day + 1) * DAY_MS;
  }

  /** One executed fill (a buy or sell marker on the price chart). */
  onFill(time: number, side: OrderSide, qty: number, price: number): void {
    this.fills.add(time, side, qty, price);
  }

  /** Something that belongs on the session timeline (a reject, a reconnect, a trading-state change). */
  onEvent(time: number, kind: TimelineKind, detail: string): void {
    this.events.add({ t: time, kind, detail });
  }

  private closeDay(): void {
    this.dayKeys.push(dayKey(this.day * DAY_MS));
    this.dayEquity.push(this.lastEquity);
    this.dayClose.push(this.lastClose);
  }

  toJSON(): ReportSeries {
    const lines = this.buckets.lines(4);
    const fills = this.fills;
    const shown = fills.length;
    const events = this.events.items();
    const days = this.dayKeys.slice();
    const dayEquity = this.dayEquity.slice();
    const dayClose = this.dayClose.slice();
    if (this.bars > 0) {
      days.push(dayKey(this.day * DAY_MS));
      dayEquity.push(this.lastEquity);
      dayClose.push(this.lastClose);
    }
    const daily = { day: days, equity: dayEquity, close: dayClose };
    const firstClose = this.bars > 0 ? this.firstClose : null;
    const base = { startEquity: this.startEquity, firstClose, daily };
    const round = (l: { t: number[]; v: number[] }, digits: number): SeriesLine => ({
      t: l.t,
      v: l.v.map((x) => sig(x, digits)),
    });
    return {
      format: SERIES_FORMAT,
      barMs: this.barMs,
      bars: this.bars,
      startEquity: this.startEquity,
      firstClose,
      barsPerBucket: this.buckets.width,
      downsampling:
        `min/max buckets of ${this.buckets.width} bar(s): each bucket keeps its lowest and highest ` +
        'value at their own times, plus the first and last bar; metrics use every bar',
      equity: round(lines[EQUITY]!, 8),
      price: round(lines[PRICE]!, 8),
      drawdownPct: round(lines[DRAWDOWN]!, 6),
      position: round(lines[POSITION]!, 5),
      fills: {
        total: fills.total,
        shown,
        every: fills.every,
        note:
          fills.every > 1
            ? `${shown} of ${fills.total} fills drawn: every ${fills.every}th fill, evenly thinned`
            : `all ${fills.total} fills drawn`,
        t: Array.from(fills.t.subarray(0, shown)),
        side: Array.from(fills.sell.subarray(0, shown), (sell): OrderSide => (sell ? 'SELL' : 'BUY')),
        qty: Array.from(fills.qty.subarray(0, shown), (q) => sig(q, 8)),
        price: Array.from(fills.price.subarray(0, shown), (p) => sig(p, 8)),
      },
      daily: { ...daily, returnPct: dailyReturns(base).map((d) => d.returnPct) },
      monthly: monthlyReturns(base),
      events: {
        total: this.events.total,
        shown: events.length,
        every: this.events.every,
        t: events.map((e) => e.t),
        kind: events.map((e) => e.kind),
        detail: events.map((e) => e.detail),
      },
    };
  }
}

/**
 * The buy/sell markers, thinned exactly as ThinnedList thins (every item until `cap` are kept, then
 * every 2nd, 4th, …), but kept in typed arrays: a backtest adds one per order, and an object per
 * order was garbage the collector had to chase.
 */
class FillMarkers {
  readonly t: Float64Array;
  readonly qty: Float64Array;
  readonly price: Float64Array;
  readonly sell: Uint8Array;
  length = 0;
  total = 0;
  every = 1;

  constructor(private readonly cap: number) {
    if (!(cap >= 1)) throw new Error(`ThinnedList: cap must be at least 1, got ${cap}`);
    // One spare slot: the list may hold cap + 1 items for the moment before it halves.
    this.t = new Float64Array(cap + 1);
    this.qty = new Float64Array(cap + 1);
    this.price = new Float64Array(cap + 1);
    this.sell = new Uint8Array(cap + 1);
  }

  add(time: number, side: OrderSide, qty: number, price: number): void {
    if (this.total % this.every === 0) {
      const i = this.length++;
      this.t[i] = time;
      this.qty[i] = qty;
      this.price[i] = price;
      this.sell[i] = side === 'SELL' ? 1 : 0;
      if (this.length > this.cap) this.halve();
    }
    this.total++;
  }

  /** Keep the items at even positions (ThinnedList's filter((_, i) => i % 2 === 0)). */
  private halve(): void {
    let j = 0;
    for (let i = 0; i < this.length; i += 2, j++) {
      this.t[j] = this.t[i]!;
      this.qty[j] = this.qty[i]!;
      this.price[j] = this.price[i]!;
      this.sell[j] = this.sell[i]!;
    }
    this.length = j;
    this.every *= 2;
  }
}
