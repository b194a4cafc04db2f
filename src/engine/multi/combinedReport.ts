import type { BacktestReport } from '../report/backtestReport.js';
import { formatReport } from '../report/backtestReport.js';
import { count, iso, money, pct, wrap } from '../report/format.js';
import type { PerformanceMetrics } from '../report/metrics.js';
import type { AccountView } from './accountView.js';
import {
  combineAgents,
  combineFingerprints,
  combineQuality,
  combineRejects,
  combineSkips,
  combineTradeMetrics,
} from './combineBlocks.js';

/**
 * The report of the whole account over several symbols: the single-symbol BacktestReport shape (so
 * formatReport and the HTML report render it unchanged) plus an `account` block that says how it
 * was combined and lists each symbol's headline numbers.
 *
 * - Equity-curve metrics (return, CAGR, Sharpe/Sortino per bar and daily, Calmar, drawdown and its
 *   duration, exposure) come from a PerformanceTracker fed the combined equity once per minute
 *   (AccountView), so they follow the single-symbol conventions stated in `annualisation`.
 *   Exposure counts minutes where any symbol holds a position (gross).
 * - Buy-and-hold is the equal-weight basket (see AccountView); its "close" is the basket's value.
 * - Trades, fees, orders, skips, rejects and agent votes are the symbols' counters summed;
 *   turnover is Σ fill notional / mean combined equity.
 * - The fingerprint is sha256 over the per-symbol fingerprints in --symbols order (combineBlocks.ts).
 */
export interface CombinedReport extends BacktestReport {
  readonly account: {
    readonly symbols: readonly string[];
    readonly startCash: number;
    readonly startCashPerSymbol: number;
    readonly method: string;
    readonly buyAndHold: string;
    readonly perSymbol: readonly SymbolLine[];
  };
}

export interface SymbolLine {
  readonly symbol: string;
  readonly bars: number;
  readonly startEquity: number;
  readonly finalEquity: number;
  readonly returnPct: number;
  readonly buyAndHoldPct: number | null;
  readonly orders: number;
  readonly closedTrades: number;
  readonly fingerprint: string;
}

export interface CombinedReportInput {
  readonly account: AccountView;
  /** Each symbol's own report, in the account's symbol order. */
  readonly reports: readonly BacktestReport[];
  /** Wall time of the whole run (all symbols), measured by the driver. */
  readonly wallMs?: number;
}

const METHOD =
  'one engine per symbol, each with startCash/N; combined equity at each minute = sum of every ' +
  "symbol's latest equity (a symbol without a bar that minute counts with its last equity, its start " +
  'cash before its first bar); bars are processed in time order across symbols';

export function buildCombinedReport(input: CombinedReportInput): CombinedReport {
  const { account, reports } = input;
  const symbols = account.symbols;
  if (reports.length !== symbols.length || reports.length === 0) {
    throw new Error(`combined report: ${reports.length} reports for ${symbols.length} symbols`);
  }
  const first = reports[0]!;
  const curve = account.curveMetrics();
  // Σ fill notional per symbol, recovered from its turnover × its own mean equity (both exact per symbol).
  let notional = 0;
  reports.forEach((r, k) => (notional += (r.metrics.turnover ?? 0) * (account.meanEquityOf(k) ?? 0)));
  const mean = account.meanEquity;
  const metrics: PerformanceMetrics = {
    ...curve,
    trades: combineTradeMetrics(reports.map((r) => r.metrics.trades)),
    totalFees: reports.reduce((s, r) => s + r.metrics.totalFees, 0),
    turnover: mean !== null && mean > 0 ? notional / mean : null,
    orders: reports.reduce((s, r) => s + r.metrics.orders, 0),
    invalidBars: curve.invalidBars + reports.reduce((s, r) => s + r.metrics.invalidBars, 0),
  };
  const to = metrics.firstBarTime === null ? null : metrics.firstBarTime + metrics.periodMs;
  const { filters: _filters, ...shared } = first.meta.params;
  const per = account.startCashPerSymbol;
  const buyAndHold = `equal-weight basket: ${money(per)} ${first.meta.quoteAsset} in each symbol at its first close, held to its last close; no fees`;
  const totalBars = reports.reduce((s, r) => s + r.meta.bars, 0);
  return {
    meta: {
      symbol: symbols.join('+'),
      quoteAsset: first.meta.quoteAsset,
      market: first.meta.market,
      strategy: first.meta.strategy,
      period: {
        from: metrics.firstBarTime === null ? null : iso(metrics.firstBarTime),
        to: to === null ? null : iso(to),
      },
      bars: metrics.bars,
      dataQuality: combineQuality(
        symbols,
        reports.map((r) => r.meta.dataQuality),
      ),
      params: {
        ...shared,
        symbols: [...symbols],
        startCash: account.startCash,
        startCashPerSymbol: per,
        account: METHOD,
        buyAndHold,
      },
      model: first.meta.model,
      engineVersion: first.meta.engineVersion,
    },
    metrics,
    skips: combineSkips(reports.map((r) => r.skips)),
    rejects: combineRejects(reports.map((r) => r.rejects)),
    agents: combineAgents(reports.map((r) => r.agents)),
    fingerprint: combineFingerprints(
      symbols,
      reports.map((r) => r.fingerprint),
    ),
    ...(input.wallMs !== undefined && input.wallMs > 0
      ? { runtime: { wallMs: input.wallMs, barsPerSecond: totalBars / (input.wallMs / 1000) } }
      : {}),
    ...(account.series ? { series: account.series.toJSON() } : {}),
    account: {
      symbols: [...symbols],
      startCash: account.startCash,
      startCashPerSymbol: per,
      method: METHOD,
      buyAndHold,
      perSymbol: reports.map((r, k) => ({
        symbol: symbols[k]!,
        bars: r.meta.bars,
        startEquity: r.metrics.startEquity,
        finalEquity: r.metrics.finalEquity,
        returnPct: r.metrics.totalReturnPct,
        buyAndHoldPct: r.metrics.buyAndHold.returnPct,
        orders: r.metrics.orders,
        closedTrades: r.metrics.trades.closed,
        fingerprint: r.fingerprint.sha256,
      })),
    },
  };
}

const LABEL = 32;
const WIDTH = 104;

function row(label: string, value: string): string {
  return `  ${`${label} `.padEnd(LABEL)}${wrap(value, WIDTH - LABEL - 2, LABEL + 2)}`;
}

/** The account section (how the symbols were combined, one line per symbol), then the combined report. */
export function formatCombinedReport(r: CombinedReport): string {
  const a = r.account;
  const q = r.meta.quoteAsset;
  const title = `drl-tui combined account: ${a.symbols.join(', ')}`;
  const head =
    `  ${'symbol'.padEnd(12)}${'bars'.padStart(9)}${'start'.padStart(12)}${'final'.padStart(12)}` +
    `${'return'.padStart(11)}${'buy&hold'.padStart(11)}${'orders'.padStart(8)}${'trades'.padStart(8)}  fills sha256`;
  const lines = a.perSymbol.map(
    (s) =>
      `  ${s.symbol.padEnd(12)}${count(s.bars).padStart(9)}${money(s.startEquity).padStart(12)}` +
      `${money(s.finalEquity).padStart(12)}${pct(s.returnPct).padStart(11)}${pct(s.buyAndHoldPct).padStart(11)}` +
      `${count(s.orders).padStart(8)}${count(s.closedTrades).padStart(8)}  ${s.fingerprint.slice(0, 16)}…`,
  );
  const section = [
    `${title}\n${'='.repeat(title.length)}\n`,
    'Account',
    '-------',
    row('Start cash', `${money(a.startCash)} ${q} (${money(a.startCashPerSymbol)} ${q} per symbol)`),
    row('Combined equity', a.method),
    row('Buy-and-hold', `${a.buyAndHold}; in the report below its "close" is the basket's value in ${q}`),
    row(
      'Combined fingerprint',
      `${r.fingerprint.sha256} (${r.fingerprint.format}: sha256 over the symbols' fill fingerprints, in --symbols order)`,
    ),
    '',
    head,
    ...lines,
    '',
  ].join('\n');
  return `${section}\n${formatReport(r)}`;
}
