import type { BacktestReport } from '../backtestReport.js';
import { NA, count, duration, fixed, iso, money, pct, rate } from '../format.js';
import type { TradeSummary } from '../metrics.js';
import { formatProfitFactor } from '../metrics.js';

/**
 * The report's metrics as labelled rows for the HTML table: the same fields, wording and number
 * formatting as the plain-text report (formatReport), so the two never disagree.
 */

export interface MetricSection {
  readonly title: string;
  readonly rows: readonly (readonly [label: string, value: string])[];
}

function tradeText(t: TradeSummary | null, q: string): string {
  if (t === null) return NA;
  return `${money(t.pnl)} ${q} (${pct(t.pnlPct)}) ${t.side} ${iso(t.entryTime)} -> ${iso(t.exitTime)}`;
}

/** "(annualised from 2d 23h 59m: not meaningful)" for runs shorter than 30 days, as in the text report. */
export function shortRunNote(periodMs: number): string {
  return periodMs > 0 && periodMs < 30 * 86_400_000
    ? ` (annualised from ${duration(periodMs)}: not meaningful)`
    : '';
}

export function metricSections(r: BacktestReport): MetricSection[] {
  const m = r.metrics;
  const q = r.meta.quoteAsset;
  const dq = r.meta.dataQuality;
  const dd = m.maxDrawdown;
  const t = m.trades;
  const bh = m.buyAndHold;
  const note = shortRunNote(m.periodMs);
  const ddDuration =
    dd.peakTime === null
      ? '0 bars (no drawdown)'
      : dd.recovered
        ? `${count(dd.durationBars)} bars (${duration(dd.durationMs)}), recovered ${iso(dd.recoveryTime)}`
        : `${count(dd.durationBars)} bars (${duration(dd.durationMs)}) so far, not recovered`;
  return [
    {
      title: 'Performance vs buy-and-hold',
      rows: [
        ['Starting equity', `${money(m.startEquity)} ${q}`],
        ['Final equity', `${money(m.finalEquity)} ${q}`],
        ['Total return (after fees)', pct(m.totalReturnPct)],
        [
          'Buy-and-hold return',
          `${pct(bh.returnPct)} (no fees: first close ${money(bh.firstClose)} -> last close ${money(bh.lastClose)})`,
        ],
        [
          'Buy-and-hold after fees',
          bh.feeRate === null
            ? `${NA} (no fee rate given)`
            : `${pct(bh.returnAfterFeesPct)} (one entry + one exit fee at ${fixed(bh.feeRate * 100, 3)} %)`,
        ],
        ['Excess vs buy-and-hold', bh.returnPct === null ? NA : pct(m.totalReturnPct - bh.returnPct)],
        ['CAGR', `${pct(m.cagrPct)}${note}`],
      ],
    },
    {
      title: 'Risk-adjusted',
      rows: [
        ['Sharpe (per-bar, annualised)', fixed(m.sharpe)],
        ['Sortino (per-bar, annualised)', fixed(m.sortino)],
        [
          'Sharpe (daily, annualised)',
          `${fixed(m.dailySharpe)} (${m.dailyReturns} daily return${m.dailyReturns === 1 ? '' : 's'})`,
        ],
        ['Sortino (daily, annualised)', fixed(m.dailySortino)],
        ['Calmar', `${fixed(m.calmar)}${note}`],
        [
          'Max drawdown',
          `${pct(dd.maxPct)}${dd.peakTime === null ? '' : ` (peak ${iso(dd.peakTime)}, trough ${iso(dd.troughTime)})`}`,
        ],
        ['Max drawdown duration', ddDuration],
        ['Exposure', `${rate(m.exposurePct)} of bars in a position`],
        ['Annualisation', m.annualisation],
      ],
    },
    {
      title: 'Trades',
      rows: [
        [
          'Round-trip trades',
          `${count(t.closed)} closed${t.open > 0 ? `, ${t.open} still open (not counted)` : ''}`,
        ],
        ['Wins / losses', `${t.wins} / ${t.losses}`],
        ['Win rate', rate(t.winRatePct)],
        ['Profit factor', formatProfitFactor(t)],
        [
          'Expectancy per trade',
          t.expectancy === null ? NA : `${money(t.expectancy)} ${q} (${pct(t.expectancyPct)})`,
        ],
        ['Average trade duration', duration(t.avgDurationMs)],
        ['Best trade', tradeText(t.best, q)],
        ['Worst trade', tradeText(t.worst, q)],
      ],
    },
    {
      title: 'Costs',
      rows: [
        ['Fees paid', `${money(m.totalFees, 4)} ${q}`],
        ['Turnover', m.turnover === null ? NA : `${fixed(m.turnover)} x mean equity`],
        ['Orders executed', count(m.orders)],
      ],
    },
    {
      title: 'Data quality',
      rows: [
        ['Rows read', count(dq.rows)],
        ['Bars accepted', count(dq.bars)],
        ['Gaps', `${count(dq.gaps)} (${count(dq.missingMinutes)} missing minutes)`],
        ['Duplicates dropped', count(dq.duplicates)],
        ['Out-of-order dropped', count(dq.outOfOrder)],
        ['Invalid rows skipped', count(dq.invalid)],
        ['Bars ignored (bad equity)', count(m.invalidBars)],
      ],
    },
  ];
}
