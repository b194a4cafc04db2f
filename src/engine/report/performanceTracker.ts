import { MINUTE_MS } from '../core/types.js';
import type { DrawdownMetrics, PerformanceMetrics, TradeSummary } from './metrics.js';
import { CompensatedSum, Welford } from './runningStats.js';
import type { TrackedFill } from './tradeLedger.js';
import { TradeLedger } from './tradeLedger.js';

export interface PerformanceTrackerOptions {
  readonly startEquity: number;
  /** Bar length in ms (default one minute): sets the per-bar annualisation factor. */
  readonly barMs?: number;
  /** Taker fee rate (e.g. 0.001) for the "buy-and-hold after one entry and one exit fee" line. */
  readonly feeRate?: number;
}

const DAY_MS = 86_400_000;
const YEAR_MS = 365 * DAY_MS;
/** Below this |position fraction| a bar counts as flat: float residue, not exposure. */
const FLAT_FRACTION = 1e-9;

/**
 * Online run statistics, fed by the backtest/live engine. `onBar` is the hot path: O(1) time, no
 * allocation except one number per UTC day. Memory grows only with days and closed trades.
 *
 * Conventions (also stated in `summary().annualisation`):
 * - Equity is marked at each bar's close (openTime + barMs); the start equity at the first bar's open,
 *   so the first per-bar return is start → first close and Π(1 + r) = final / start.
 * - Returns are simple returns. Per-bar Sharpe = mean / std(ddof = 1) × √(bars per year), risk-free 0;
 *   Sortino uses the downside deviation √(Σ min(r, 0)² / n) over all n returns (QuantStats' definition).
 * - Daily ratios use UTC-day equity returns (each day's last mark vs the previous day's; the first day
 *   against the start equity) × √365, the figure freqtrade/jesse/QuantStats users compare against.
 * - CAGR compounds over 365-day years of calendar time from the first bar's open to the last bar's close.
 */
export class PerformanceTracker {
  private readonly startEquity: number;
  private readonly barMs: number;
  private readonly feeRate: number | null;

  private bars = 0;
  private invalidBars = 0;
  private firstOpenTime = 0;
  private lastOpenTime = 0;
  private firstClose = 0;
  private lastClose = 0;
  private lastEquity: number;
  private prevEquity: number;
  private readonly returns = new Welford();
  private readonly downsideSq = new CompensatedSum();
  private readonly equitySum = new CompensatedSum();
  private exposedBars = 0;

  private day = 0;
  // Starts as an array of doubles (a fresh `[]` holds small integers until the first push, and that
  // switch throws away code optimised during an earlier run).
  private readonly dayEndEquity: number[] = [0.5];

  private peak: number;
  private peakTime = 0;
  private peakIdx = 0;
  private maxDd = 0;
  private ddPeakTime = 0;
  private ddPeakIdx = 0;
  private ddTroughTime = 0;
  private ddTroughIdx = 0;
  private ddRecoveryTime = 0;
  private ddRecoveryIdx = 0;
  private ddOpen = false;

  private readonly ledger = new TradeLedger();
  private readonly fees = new CompensatedSum();
  private readonly notional = new CompensatedSum();
  private orders = 0;

  constructor(opts: PerformanceTrackerOptions) {
    if (!Number.isFinite(opts.startEquity) || opts.startEquity <= 0) {
      throw new Error(`PerformanceTracker: startEquity must be a positive number, got ${opts.startEquity}`);
    }
    const barMs = opts.barMs ?? MINUTE_MS;
    if (!Number.isFinite(barMs) || barMs <= 0) throw new Error(`PerformanceTracker: bad barMs ${barMs}`);
    this.startEquity = opts.startEquity;
    this.barMs = barMs;
    this.feeRate = opts.feeRate ?? null;
    this.lastEquity = this.prevEquity = this.peak = opts.startEquity;
    this.dayEndEquity.pop();
  }

  /** One closed bar: its close, the equity marked at that close, and the signed position fraction held over it. */
  onBar(openTime: number, close: number, equity: number, positionFraction: number): void {
    if (!Number.isFinite(close) || !Number.isFinite(equity)) {
      this.invalidBars++;
      return;
    }
    const day = Math.floor(openTime / DAY_MS);
    if (this.bars === 0) {
      this.firstOpenTime = openTime;
      this.firstClose = close;
      this.peakTime = openTime;
      this.day = day;
    } else if (day !== this.day) {
      this.dayEndEquity.push(this.lastEquity);
      this.day = day;
    }
    this.bars++;
    this.lastOpenTime = openTime;
    this.lastClose = close;
    this.lastEquity = equity;
    this.equitySum.add(equity);
    if (Math.abs(positionFraction) > FLAT_FRACTION) this.exposedBars++;

    if (this.prevEquity > 0) {
      const r = equity / this.prevEquity - 1;
      this.returns.add(r);
      if (r < 0) this.downsideSq.add(r * r);
    }
    this.prevEquity = equity;

    const mark = openTime + this.barMs;
    const idx = this.bars;
    if (equity >= this.peak) {
      if (this.ddOpen) {
        this.ddOpen = false;
        this.ddRecoveryTime = mark;
        this.ddRecoveryIdx = idx;
      }
      this.peak = equity;
      this.peakTime = mark;
      this.peakIdx = idx;
    } else {
      const dd = equity / this.peak - 1;
      if (dd < this.maxDd) {
        this.maxDd = dd;
        this.ddPeakTime = this.peakTime;
        this.ddPeakIdx = this.peakIdx;
        this.ddTroughTime = mark;
        this.ddTroughIdx = idx;
        this.ddOpen = true;
      }
    }
  }

  /** One executed order. See TrackedFill for the sign and fee conventions. */
  onFill(f: TrackedFill): void {
    this.onFillValues(f.time, f.qty, f.price, f.fee, f.positionQtyAfter, f.realizedPnlDelta);
  }

  /** onFill() with TrackedFill's fields as arguments (the side is not needed), for the per-order path. */
  onFillValues(
    time: number,
    qty: number,
    price: number,
    fee: number,
    positionQtyAfter: number,
    realizedPnlDelta: number,
  ): void {
    this.orders++;
    this.fees.add(fee);
    this.notional.add(Math.abs(qty * price));
    this.ledger.onFillValues(time, qty, price, fee, positionQtyAfter, realizedPnlDelta);
  }

  /** Closed round trips so far, oldest first (live array: copy before keeping). */
  trades(): readonly TradeSummary[] {
    return this.ledger.trades;
  }

  summary(): PerformanceMetrics {
    const n = this.bars;
    const periodMs = n > 0 ? this.lastOpenTime + this.barMs - this.firstOpenTime : 0;
    const ratio = this.lastEquity / this.startEquity;
    const cagr =
      periodMs > 0 ? finiteOrNull((Math.pow(Math.max(ratio, 0), YEAR_MS / periodMs) - 1) * 100) : null;
    const barsPerYear = YEAR_MS / this.barMs;
    const std = this.returns.sampleStd();
    const mean = this.returns.mean;
    const downDev = this.returns.n > 0 ? Math.sqrt(this.downsideSq.value / this.returns.n) : 0;
    const daily = this.dailyRatios();
    const maxDrawdown = this.drawdown();
    const calmar = cagr !== null && this.maxDd < 0 ? finiteOrNull(cagr / Math.abs(maxDrawdown.maxPct)) : null;
    const bh = n > 0 ? this.lastClose / this.firstClose : null;
    const f = this.feeRate;
    return {
      bars: n,
      firstBarTime: n > 0 ? this.firstOpenTime : null,
      lastBarTime: n > 0 ? this.lastOpenTime : null,
      periodMs,
      startEquity: this.startEquity,
      finalEquity: this.lastEquity,
      totalReturnPct: (ratio - 1) * 100,
      buyAndHold: {
        firstClose: n > 0 ? this.firstClose : null,
        lastClose: n > 0 ? this.lastClose : null,
        returnPct: bh === null ? null : finiteOrNull((bh - 1) * 100),
        returnAfterFeesPct:
          bh === null || f === null ? null : finiteOrNull(((1 - f) * (1 - f) * bh - 1) * 100),
        feeRate: f,
      },
      cagrPct: cagr,
      sharpe: std !== null && std > 0 ? finiteOrNull((mean / std) * Math.sqrt(barsPerYear)) : null,
      sortino:
        this.returns.n >= 2 && downDev > 0 ? finiteOrNull((mean / downDev) * Math.sqrt(barsPerYear)) : null,
      dailySharpe: daily.sharpe,
      dailySortino: daily.sortino,
      dailyReturns: daily.n,
      calmar,
      annualisation: annualisationText(this.barMs),
      maxDrawdown,
      exposurePct: n > 0 ? (this.exposedBars / n) * 100 : 0,
      trades: this.ledger.metrics(),
      totalFees: this.fees.value,
      turnover: n > 0 && this.equitySum.value > 0 ? this.notional.value / (this.equitySum.value / n) : null,
      orders: this.orders,
      invalidBars: this.invalidBars,
    };
  }

  private drawdown(): DrawdownMetrics {
    if (this.maxDd === 0) {
      return {
        maxPct: 0,
        peakTime: null,
        troughTime: null,
        recoveryTime: null,
        recovered: true,
        durationBars: 0,
        durationMs: 0,
        peakToTroughBars: 0,
      };
    }
    const recovered = !this.ddOpen;
    const endIdx = recovered ? this.ddRecoveryIdx : this.bars;
    const endTime = recovered ? this.ddRecoveryTime : this.lastOpenTime + this.barMs;
    return {
      maxPct: this.maxDd * 100,
      peakTime: this.ddPeakTime,
      troughTime: this.ddTroughTime,
      recoveryTime: recovered ? this.ddRecoveryTime : null,
      recovered,
      durationBars: endIdx - this.ddPeakIdx,
      durationMs: endTime - this.ddPeakTime,
      peakToTroughBars: this.ddTroughIdx - this.ddPeakIdx,
    };
  }

  /** Two-pass over the per-day list (one value per UTC day, small): exact and simple. */
  private dailyRatios(): { sharpe: number | null; sortino: number | null; n: number } {
    if (this.bars === 0) return { sharpe: null, sortino: null, n: 0 };
    const ends = this.dayEndEquity.concat(this.lastEquity);
    const w = new Welford();
    let down = 0;
    let base = this.startEquity;
    for (const e of ends) {
      if (base > 0) {
        const r = e / base - 1;
        w.add(r);
        if (r < 0) down += r * r;
      }
      base = e;
    }
    const std = w.sampleStd();
    const dd = w.n > 0 ? Math.sqrt(down / w.n) : 0;
    const k = Math.sqrt(365);
    return {
      sharpe: std !== null && std > 0 ? finiteOrNull((w.mean / std) * k) : null,
      sortino: w.n >= 2 && dd > 0 ? finiteOrNull((w.mean / dd) * k) : null,
      n: w.n,
    };
  }
}

function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

/** The annualisation conventions in words, printed beside the ratios so nobody has to guess. */
export function annualisationText(barMs: number): string {
  const perYear = YEAR_MS / barMs;
  const bar = barMs === MINUTE_MS ? '1-minute' : `${barMs / 1000}-second`;
  return (
    `per-bar: simple ${bar} equity returns, Sharpe = mean/std(ddof=1) x sqrt(${perYear}), ` +
    `Sortino = mean/sqrt(sum(min(r,0)^2)/n) x sqrt(${perYear}); ` +
    `daily: UTC-day equity returns x sqrt(365); risk-free rate 0; ` +
    `CAGR over 365-day years; Calmar = CAGR / |max drawdown|`
  );
}
