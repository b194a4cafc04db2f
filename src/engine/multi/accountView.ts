import { MINUTE_MS } from '../core/types.js';
import type { Portfolio } from '../execution/portfolio.js';
import type { PerformanceMetrics } from '../report/metrics.js';
import { PerformanceTracker } from '../report/performanceTracker.js';
import { CompensatedSum } from '../report/runningStats.js';
import { SeriesRecorder } from '../report/seriesRecorder.js';

/**
 * One account over several symbols, each traded by its own engine with startCash / N of the cash.
 * The engines never share money (each has its own portfolio), so the account is a view: at each
 * minute, combined equity = Σ each symbol's latest equity, a symbol without a bar that minute
 * counting with its last known equity (its start cash before its first bar).
 *
 * Feed it every symbol's state after each processed bar (`onBar`), in time order (BarMerge gives
 * that order). A minute is closed when the first bar of a later minute arrives, or by `finish()`;
 * closing it marks the combined equity into a PerformanceTracker, so every equity-curve metric
 * (return, CAGR, Sharpe/Sortino, drawdown, exposure) is the single-symbol code run on the sum.
 * A late bar (earlier than the open minute, possible live) updates its symbol and is counted in
 * the open minute. The console's summary tab reads `totals()` at any time; it is O(N).
 *
 * Buy-and-hold for the whole account is an equal-weight basket: startCash / N put in each symbol at
 * its first close and held to its latest close, no fees. Its value in the quote asset is fed to the
 * tracker where a single run feeds the close, so the basket starts at startCash and the tracker's
 * buy-and-hold return is the basket's.
 */

/** One symbol's state right after a processed bar. Cumulative fields come from its portfolio. */
export interface SymbolMark {
  openTime: number;
  close: number;
  equity: number;
  /** Signed position notional / equity (the engine's `position`). */
  positionFraction: number;
  /** Realized P&L before fees, fees paid (quote) and fills, all since the start. */
  realizedPnl: number;
  fees: number;
  fills: number;
}

export interface SymbolTotals {
  readonly symbol: string;
  readonly startCash: number;
  readonly equity: number;
  readonly returnPct: number;
  readonly positionFraction: number;
  readonly realizedPnl: number;
  readonly fees: number;
  readonly fills: number;
  readonly bars: number;
  readonly lastOpenTime: number | null;
}

export interface AccountTotals {
  readonly startCash: number;
  readonly equity: number;
  readonly returnPct: number;
  readonly realizedPnl: number;
  readonly fees: number;
  readonly fills: number;
  /** Σ |position notional| / equity, and Σ signed position notional / equity. */
  readonly grossExposure: number;
  readonly netExposure: number;
  /** Closed minutes marked so far. */
  readonly minutes: number;
  readonly symbols: readonly SymbolTotals[];
}

export interface AccountViewOptions {
  readonly symbols: readonly string[];
  /** The whole account's starting cash; each symbol starts with startCash / N. */
  readonly startCash: number;
  /** For the basket's "buy-and-hold after fees" line. */
  readonly feeRate?: number;
  readonly barMs?: number;
  /** Record the downsampled combined series the HTML report draws (bounded memory). */
  readonly recordSeries?: boolean;
}

export class AccountView {
  readonly symbols: readonly string[];
  readonly startCash: number;
  readonly startCashPerSymbol: number;
  private readonly tracker: PerformanceTracker;
  readonly series: SeriesRecorder | null;
  private readonly equity: Float64Array;
  private readonly position: Float64Array;
  private readonly firstClose: Float64Array;
  private readonly lastClose: Float64Array;
  private readonly realized: Float64Array;
  private readonly fees: Float64Array;
  private readonly fills: Float64Array;
  private readonly bars: Float64Array;
  private readonly lastOpen: Float64Array;
  /** Σ of each symbol's own marked equities, for its mean equity (see meanEquityOf). */
  private readonly equitySums: CompensatedSum[];
  private readonly combinedSum = new CompensatedSum();
  private minute = Number.NaN;
  private minutes = 0;

  constructor(o: AccountViewOptions) {
    const n = o.symbols.length;
    if (n === 0) throw new Error('AccountView: no symbols');
    if (!(o.startCash > 0) || !Number.isFinite(o.startCash)) {
      throw new Error(`AccountView: startCash must be a positive number, got ${o.startCash}`);
    }
    this.symbols = [...o.symbols];
    this.startCash = o.startCash;
    this.startCashPerSymbol = o.startCash / n;
    const opts = {
      startEquity: o.startCash,
      barMs: o.barMs ?? MINUTE_MS,
      ...(o.feeRate !== undefined ? { feeRate: o.feeRate } : {}),
    };
    this.tracker = new PerformanceTracker(opts);
    this.series = o.recordSeries === true ? new SeriesRecorder(opts) : null;
    this.equity = new Float64Array(n).fill(this.startCashPerSymbol);
    this.position = new Float64Array(n);
    this.firstClose = new Float64Array(n);
    this.lastClose = new Float64Array(n);
    this.realized = new Float64Array(n);
    this.fees = new Float64Array(n);
    this.fills = new Float64Array(n);
    this.bars = new Float64Array(n);
    this.lastOpen = new Float64Array(n).fill(Number.NaN);
    this.equitySums = this.symbols.map(() => new CompensatedSum());
  }

  /** Symbol k's state after its bar at m.openTime. Closes the open minute first if m starts a later one. */
  onBar(k: number, m: Readonly<SymbolMark>): void {
    if (!(k >= 0 && k < this.symbols.length)) throw new Error(`AccountView: no symbol #${k}`);
    if (m.openTime > this.minute) this.closeMinute();
    if (!(m.openTime <= this.minute)) this.minute = m.openTime; // first bar (minute still NaN)
    if (this.bars[k] === 0) this.firstClose[k] = m.close;
    this.bars[k]!++;
    this.lastOpen[k] = m.openTime;
    this.lastClose[k] = m.close;
    this.equity[k] = m.equity;
    this.position[k] = m.positionFraction;
    this.realized[k] = m.realizedPnl;
    this.fees[k] = m.fees;
    this.fills[k] = m.fills;
    this.equitySums[k]!.add(m.equity);
  }

  /** Closes the last open minute (end of a run). Safe to call more than once. */
  finish(): void {
    this.closeMinute();
  }

  /** Combined equity now: Σ each symbol's latest equity. */
  get combinedEquity(): number {
    let s = 0;
    for (let k = 0; k < this.equity.length; k++) s += this.equity[k]!;
    return s;
  }

  /** Value of the equal-weight basket now (startCash before any bar). */
  get basketValue(): number {
    let s = 0;
    for (let k = 0; k < this.equity.length; k++) {
      s +=
        this.bars[k]! > 0
          ? (this.startCashPerSymbol * this.lastClose[k]!) / this.firstClose[k]!
          : this.startCashPerSymbol;
    }
    return s;
  }

  /** Symbol k's mean marked equity over its own bars (null before its first bar). */
  meanEquityOf(k: number): number | null {
    return this.bars[k]! > 0 ? this.equitySums[k]!.value / this.bars[k]! : null;
  }

  /** Mean combined equity over the closed minutes (null before the first). */
  get meanEquity(): number | null {
    return this.minutes > 0 ? this.combinedSum.value / this.minutes : null;
  }

  totals(): AccountTotals {
    const equity = this.combinedEquity;
    let realized = 0;
    let fees = 0;
    let fills = 0;
    let gross = 0;
    let net = 0;
    const symbols: SymbolTotals[] = this.symbols.map((symbol, k) => {
      const e = this.equity[k]!;
      realized += this.realized[k]!;
      fees += this.fees[k]!;
      fills += this.fills[k]!;
      gross += Math.abs(this.position[k]! * e);
      net += this.position[k]! * e;
      return {
        symbol,
        startCash: this.startCashPerSymbol,
        equity: e,
        returnPct: (e / this.startCashPerSymbol - 1) * 100,
        positionFraction: this.position[k]!,
        realizedPnl: this.realized[k]!,
        fees: this.fees[k]!,
        fills: this.fills[k]!,
        bars: this.bars[k]!,
        lastOpenTime: Number.isNaN(this.lastOpen[k]!) ? null : this.lastOpen[k]!,
      };
    });
    return {
      startCash: this.startCash,
      equity,
      returnPct: (equity / this.startCash - 1) * 100,
      realizedPnl: realized,
      fees,
      fills,
      grossExposure: equity > 0 ? gross / equity : 0,
      netExposure: equity > 0 ? net / equity : 0,
      minutes: this.minutes,
      symbols,
    };
  }

  /**
   * The equity-curve metrics of the closed minutes. Trade statistics, fees and orders are left as
   * the tracker has them (none: fills are per symbol); combinedReport.ts fills them in from the
   * symbols' own reports.
   */
  curveMetrics(): PerformanceMetrics {
    return this.tracker.summary();
  }

  private closeMinute(): void {
    if (Number.isNaN(this.minute)) return;
    const equity = this.combinedEquity;
    let gross = 0;
    for (let k = 0; k < this.equity.length; k++) gross += Math.abs(this.position[k]! * this.equity[k]!);
    const fraction = equity > 0 ? gross / equity : 0;
    const basket = this.basketValue;
    this.tracker.onBar(this.minute, basket, equity, fraction);
    this.series?.onBar(this.minute, basket, equity, fraction);
    this.combinedSum.add(equity);
    this.minutes++;
    this.minute = Number.NaN;
  }
}

/** Fills `m` from an engine's portfolio after a bar at `openTime` closing at `close` (no allocation). */
export function markFromPortfolio(m: SymbolMark, p: Portfolio, openTime: number, close: number): SymbolMark {
  const equity = p.equity(close);
  m.openTime = openTime;
  m.close = close;
  m.equity = equity;
  m.positionFraction = equity > 0 ? (p.qty * close) / equity : 0;
  m.realizedPnl = p.realizedPnl;
  m.fees = p.fees;
  m.fills = p.trades;
  return m;
}

export function emptyMark(): SymbolMark {
  return { openTime: 0, close: 0, equity: 0, positionFraction: 0, realizedPnl: 0, fees: 0, fills: 0 };
}
