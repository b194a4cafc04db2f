import type { Market, SkipReason } from '../core/types.js';
import type { DataQuality } from '../data/types.js';
import type { AgentStats, AgentStatsReport } from './agentStats.js';
import type { FillFingerprint } from './fingerprint.js';
import { FINGERPRINT_FORMAT } from './fingerprint.js';
import { NA, count, duration, fixed, iso, money, pct, rate, wrap } from './format.js';
import type { PerformanceMetrics, TradeSummary } from './metrics.js';
import { formatProfitFactor } from './metrics.js';
import type { OutcomeCounts, RejectCount } from './outcomeCounts.js';
import { SKIP_REASONS } from './outcomeCounts.js';
import type { PerformanceTracker } from './performanceTracker.js';
import type { ReportSeries } from './series.js';

/** Everything a run reports, JSON-serialisable (no NaN/Infinity: see metrics.ts for what null means). */
export interface BacktestReport {
  readonly meta: {
    readonly symbol: string;
    readonly quoteAsset: string;
    readonly market: Market;
    readonly strategy: string;
    /** ISO times: the first bar's open and the last bar's close (null when no bar was seen). */
    readonly period: { readonly from: string | null; readonly to: string | null };
    readonly bars: number;
    readonly dataQuality: DataQuality;
    readonly params: Readonly<Record<string, unknown>>;
    readonly model: { readonly name: string; readonly sha256: string } | null;
    readonly engineVersion: string;
  };
  readonly metrics: PerformanceMetrics;
  /** Intents that did not become orders, by reason (every reason present, zeros included). */
  readonly skips: Readonly<Record<SkipReason, number>>;
  /** Exchange rejections by error code ("-2010"). */
  readonly rejects: Readonly<Record<string, RejectCount>>;
  readonly agents: AgentStatsReport;
  readonly fingerprint: { readonly format: string; readonly fills: number; readonly sha256: string };
  readonly runtime?: { readonly wallMs: number; readonly barsPerSecond: number };
  /** Downsampled time series for the HTML report's charts (see series.ts); never used for metrics. */
  readonly series?: ReportSeries;
}

export interface BacktestReportInput {
  readonly symbol: string;
  readonly quoteAsset: string;
  readonly market: Market;
  readonly strategy: string;
  readonly dataQuality: DataQuality;
  readonly params: Readonly<Record<string, unknown>>;
  readonly model: { readonly name: string; readonly sha256: string } | null;
  readonly engineVersion: string;
  readonly tracker: PerformanceTracker;
  readonly agents: AgentStats;
  readonly outcomes: OutcomeCounts;
  readonly fingerprint: FillFingerprint;
  /** Wall time the run took, measured by the driver (the engine has no wall clock). */
  readonly wallMs?: number;
  readonly series?: { toJSON(): ReportSeries };
}

/** Assemble the report from the run's accumulators (a projection: nothing here is new information). */
export function buildBacktestReport(input: BacktestReportInput): BacktestReport {
  const metrics = input.tracker.summary();
  const to =
    metrics.lastBarTime === null || metrics.firstBarTime === null
      ? null
      : metrics.firstBarTime + metrics.periodMs;
  return {
    meta: {
      symbol: input.symbol,
      quoteAsset: input.quoteAsset,
      market: input.market,
      strategy: input.strategy,
      period: {
        from: metrics.firstBarTime === null ? null : iso(metrics.firstBarTime),
        to: to === null ? null : iso(to),
      },
      bars: metrics.bars,
      dataQuality: structuredClone(input.dataQuality),
      params: structuredClone(input.params),
      model: input.model,
      engineVersion: input.engineVersion,
    },
    metrics,
    skips: { ...input.outcomes.skips },
    rejects: input.outcomes.rejects(),
    agents: input.agents.report(),
    fingerprint: {
      format: FINGERPRINT_FORMAT,
      fills: input.fingerprint.fills,
      sha256: input.fingerprint.digest(),
    },
    ...(input.wallMs !== undefined && input.wallMs > 0
      ? { runtime: { wallMs: input.wallMs, barsPerSecond: metrics.bars / (input.wallMs / 1000) } }
      : {}),
    ...(input.series ? { series: input.series.toJSON() } : {}),
  };
}

const LABEL = 32;
const WIDTH = 104;

function row(label: string, value: string): string {
  return `  ${`${label} `.padEnd(LABEL)}${wrap(value, WIDTH - LABEL - 2, LABEL + 2)}`;
}

function section(title: string, lines: string[]): string {
  return [title, '-'.repeat(title.length), ...lines, ''].join('\n');
}

function tradeText(t: TradeSummary | null, q: string): string {
  if (t === null) return NA;
  return `${money(t.pnl)} ${q} (${pct(t.pnlPct)}) ${t.side} ${iso(t.entryTime)} -> ${iso(t.exitTime)}`;
}

/** A readable, aligned plain-text report (no colour codes: it is written to files and pipes). */
export function formatReport(r: BacktestReport): string {
  const m = r.metrics;
  const q = r.meta.quoteAsset;
  const dq = r.meta.dataQuality;
  const dd = m.maxDrawdown;
  const t = m.trades;
  const bh = m.buyAndHold;
  const to = m.firstBarTime === null ? null : m.firstBarTime + m.periodMs;
  // Compounding a few days to a year turns noise into absurd numbers: say so next to them.
  const shortNote =
    m.periodMs > 0 && m.periodMs < 30 * 86_400_000
      ? ` (annualised from ${duration(m.periodMs)}: not meaningful)`
      : '';
  const title = `drl-tui report: ${r.meta.symbol} ${r.meta.strategy}`;
  const params = Object.entries(r.meta.params).map(
    ([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`,
  );

  const run = section('Run', [
    row('Symbol / market', `${r.meta.symbol} (${r.meta.market})`),
    row('Strategy', r.meta.strategy),
    row('Period', `${iso(m.firstBarTime)} -> ${iso(to)} (${duration(m.periodMs)})`),
    row('Bars', count(r.meta.bars)),
    row('Model', r.meta.model ? r.meta.model.name : 'none'),
    ...(r.meta.model ? [row('Model sha256', r.meta.model.sha256)] : []),
    row('Engine version', r.meta.engineVersion),
    row('Params', params.length > 0 ? params.join(', ') : 'none'),
  ]);

  const examples = (Object.entries(dq.examples) as [string, string[]][])
    .filter(([, list]) => list.length > 0)
    .map(([kind, list]) => row(`  e.g. ${kind}`, list.slice(0, 3).join('; ')));
  const quality = section('Data quality', [
    row('Rows read', count(dq.rows)),
    row('Bars accepted', count(dq.bars)),
    row('Gaps', `${count(dq.gaps)} (${count(dq.missingMinutes)} missing minutes)`),
    row('Duplicates dropped', count(dq.duplicates)),
    row('Out-of-order dropped', count(dq.outOfOrder)),
    row('Invalid rows skipped', count(dq.invalid)),
    row('Bars ignored (bad equity)', count(m.invalidBars)),
    ...examples,
  ]);

  const perf = section('Performance vs buy-and-hold', [
    row('Starting equity', `${money(m.startEquity)} ${q}`),
    row('Final equity', `${money(m.finalEquity)} ${q}`),
    row('Total return (after fees)', pct(m.totalReturnPct)),
    row(
      'Buy-and-hold return',
      `${pct(bh.returnPct)} (no fees: first close ${money(bh.firstClose)} -> last close ${money(bh.lastClose)})`,
    ),
    row(
      'Buy-and-hold after fees',
      bh.feeRate === null
        ? `${NA} (no fee rate given)`
        : `${pct(bh.returnAfterFeesPct)} (one entry + one exit fee at ${fixed(bh.feeRate * 100, 3)} %)`,
    ),
    row('Excess vs buy-and-hold', bh.returnPct === null ? NA : pct(m.totalReturnPct - bh.returnPct)),
    row('CAGR', `${pct(m.cagrPct)}${shortNote}`),
  ]);

  const ddText = `${pct(dd.maxPct)}${dd.peakTime === null ? '' : ` (peak ${iso(dd.peakTime)}, trough ${iso(dd.troughTime)})`}`;
  const ddDuration =
    dd.peakTime === null
      ? '0 bars (no drawdown)'
      : dd.recovered
        ? `${count(dd.durationBars)} bars (${duration(dd.durationMs)}), recovered ${iso(dd.recoveryTime)}`
        : `${count(dd.durationBars)} bars (${duration(dd.durationMs)}) so far, not recovered`;
  const risk = section('Risk-adjusted', [
    row('Sharpe (per-bar, annualised)', fixed(m.sharpe)),
    row('Sortino (per-bar, annualised)', fixed(m.sortino)),
    row(
      'Sharpe (daily, annualised)',
      `${fixed(m.dailySharpe)} (${m.dailyReturns} daily return${m.dailyReturns === 1 ? '' : 's'})`,
    ),
    row('Sortino (daily, annualised)', fixed(m.dailySortino)),
    row('Calmar', `${fixed(m.calmar)}${shortNote}`),
    row('Max drawdown', ddText),
    row('Max drawdown duration', ddDuration),
    row('Exposure', `${rate(m.exposurePct)} of bars in a position`),
    row('Annualisation', m.annualisation),
  ]);

  const trades = section('Trades', [
    row(
      'Round-trip trades',
      `${count(t.closed)} closed${t.open > 0 ? `, ${t.open} still open (not counted)` : ''}`,
    ),
    row('Wins / losses', `${t.wins} / ${t.losses}`),
    row('Win rate', rate(t.winRatePct)),
    row('Profit factor', formatProfitFactor(t)),
    row(
      'Expectancy per trade',
      t.expectancy === null ? NA : `${money(t.expectancy)} ${q} (${pct(t.expectancyPct)})`,
    ),
    row('Average trade duration', duration(t.avgDurationMs)),
    row('Best trade', tradeText(t.best, q)),
    row('Worst trade', tradeText(t.worst, q)),
  ]);

  const costs = section('Costs', [
    row('Fees paid', `${money(m.totalFees, 4)} ${q}`),
    row('Turnover', m.turnover === null ? NA : `${fixed(m.turnover)} x mean equity`),
    row('Orders executed', count(m.orders)),
  ]);

  const rejectRows = Object.entries(r.rejects).map(([code, v]) =>
    row(`rejected ${code}`, `${count(v.count)}  e.g. "${v.example}"`),
  );
  const outcomes = section('Orders skipped/rejected by reason', [
    ...SKIP_REASONS.map((reason) => row(`skipped ${reason}`, count(r.skips[reason]))),
    ...(rejectRows.length > 0 ? rejectRows : [row('rejected', '0')]),
  ]);

  const a = r.agents;
  const head = `  ${'agent'.padEnd(12)}${'long'.padStart(9)}${'flat'.padStart(9)}${'short'.padStart(9)}${'agree w/ ensemble'.padStart(19)}${'agreed-bar P&L'.padStart(18)}`;
  const agentRows = a.agents.map(
    (x) =>
      `  ${x.agent.padEnd(12)}${count(x.votes.long).padStart(9)}${count(x.votes.flat).padStart(9)}${count(x.votes.short).padStart(9)}` +
      `${rate(x.agreementRatePct, 1).padStart(19)}${money(x.pnlAttribution).padStart(18)}`,
  );
  const agents = section('Agents', [
    row('Vote classes', `long > +${a.threshold}, short < -${a.threshold}, else flat`),
    head,
    ...agentRows,
    row('P&L attribution', a.attributionMethod),
  ]);

  const fp = section('Fingerprint', [
    row('Fills sha256', r.fingerprint.sha256),
    row('Fills hashed', `${count(r.fingerprint.fills)} (${r.fingerprint.format})`),
    ...(r.runtime
      ? [
          row(
            'Runtime',
            `${duration(r.runtime.wallMs)} start to end (files, set-up, bars), ${count(Math.round(r.runtime.barsPerSecond))} bars/s`,
          ),
        ]
      : []),
  ]);

  return [
    `${title}\n${'='.repeat(title.length)}\n`,
    run,
    quality,
    perf,
    risk,
    trades,
    costs,
    outcomes,
    agents,
    fp,
  ].join('\n');
}
