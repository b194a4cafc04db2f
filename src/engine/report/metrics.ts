/**
 * The shape of a run's performance numbers. Everything here is JSON-safe: a value that is undefined
 * or infinite (Sharpe with zero variance, CAGR of a one-minute run, profit factor with no losing
 * trade) is `null`, never NaN/Infinity, and the reason can be read off the neighbouring fields.
 * Percentages are in percent (12.5 = 12.5 %), money in the quote asset (USDT), times in epoch ms.
 */

export interface BuyAndHoldMetrics {
  readonly firstClose: number | null;
  readonly lastClose: number | null;
  /** lastClose / firstClose − 1, no costs. */
  readonly returnPct: number | null;
  /** One entry fee and one exit fee at `feeRate` of notional: (1 − f)² · last/first − 1. Null without a fee rate. */
  readonly returnAfterFeesPct: number | null;
  readonly feeRate: number | null;
}

export interface DrawdownMetrics {
  /** Worst peak-to-trough fall of equity, ≤ 0 (−12.5 = equity 12.5 % under its running peak). */
  readonly maxPct: number;
  /** Times of the equity marks (bar close = openTime + barMs; the start equity is marked at the first bar's open). */
  readonly peakTime: number | null;
  readonly troughTime: number | null;
  /** First mark at or above the peak again, or null if the run ended under water. */
  readonly recoveryTime: number | null;
  readonly recovered: boolean;
  /** Peak → recovery (or → the last bar when not recovered), in bars and in ms. */
  readonly durationBars: number;
  readonly durationMs: number;
  /** Peak → trough, in bars. */
  readonly peakToTroughBars: number;
}

export type TradeSide = 'LONG' | 'SHORT';

/** One round trip: from a flat position to non-zero and back to flat (or through zero, a flip). */
export interface TradeSummary {
  readonly side: TradeSide;
  readonly entryTime: number;
  readonly exitTime: number;
  readonly fills: number;
  /** Σ quote notional of the fills that opened or added to the position: the capital the % is measured on. */
  readonly entryNotional: number;
  /** Realized P&L minus every fee paid inside the trade (entry fees included). */
  readonly pnl: number;
  /** pnl / entryNotional × 100. */
  readonly pnlPct: number;
  readonly fees: number;
}

export interface TradeMetrics {
  readonly closed: number;
  /** 1 when a position is still open at the end (not in the statistics below), else 0. */
  readonly open: number;
  readonly wins: number;
  readonly losses: number;
  readonly winRatePct: number | null;
  readonly grossProfit: number;
  /** Σ |pnl| of losing trades (positive). */
  readonly grossLoss: number;
  /**
   * grossProfit / grossLoss. null when grossLoss is 0: printed "inf" if grossProfit > 0, "n/a"
   * when there was nothing to divide (see formatProfitFactor).
   */
  readonly profitFactor: number | null;
  /** Mean net P&L per closed trade (quote) and mean pnlPct. */
  readonly expectancy: number | null;
  readonly expectancyPct: number | null;
  readonly avgDurationMs: number | null;
  readonly best: TradeSummary | null;
  readonly worst: TradeSummary | null;
}

export interface PerformanceMetrics {
  readonly bars: number;
  /** openTime of the first and last bar seen. */
  readonly firstBarTime: number | null;
  readonly lastBarTime: number | null;
  /** First bar's open to last bar's close: the calendar time CAGR uses. */
  readonly periodMs: number;
  readonly startEquity: number;
  readonly finalEquity: number;
  readonly totalReturnPct: number;
  readonly buyAndHold: BuyAndHoldMetrics;
  /** Compounded annual growth over 365-day years; null when not finite (e.g. a few minutes of data). */
  readonly cagrPct: number | null;
  /** Per-bar simple returns: mean / std(ddof=1) × √(bars per year), risk-free 0. */
  readonly sharpe: number | null;
  /** Per-bar: mean / √(Σ min(r,0)² / n) × √(bars per year). */
  readonly sortino: number | null;
  /** UTC-day equity returns (last mark of each day vs the previous day's), × √365. */
  readonly dailySharpe: number | null;
  readonly dailySortino: number | null;
  readonly dailyReturns: number;
  /** CAGR / |max drawdown|; null when either is missing or the drawdown is 0. */
  readonly calmar: number | null;
  /** How the ratios above were annualised, in words, for the report. */
  readonly annualisation: string;
  readonly maxDrawdown: DrawdownMetrics;
  /** Bars with |position fraction| > 1e-9, over all bars. */
  readonly exposurePct: number;
  readonly trades: TradeMetrics;
  readonly totalFees: number;
  /** Σ |fill notional| / mean equity over the bars; null before any bar. */
  readonly turnover: number | null;
  /** Executed orders (one onFill call each). */
  readonly orders: number;
  /** Bars ignored because close or equity was not a finite number (the engine halts on these). */
  readonly invalidBars: number;
}

/** "inf" when there is profit and no loss, "n/a" when there were no losing and no winning trades. */
export function formatProfitFactor(t: TradeMetrics, digits = 2): string {
  if (t.profitFactor !== null) return t.profitFactor.toFixed(digits);
  return t.grossProfit > 0 ? 'inf' : 'n/a';
}
