import { createHash } from 'node:crypto';
import { writeFileAtomic } from '../../core/atomicWrite.js';
import type { SessionInfo } from '../../journal/sessionReport.js';
import type { BacktestReport } from '../backtestReport.js';
import { count, duration, iso } from '../format.js';
import type { ReportSeries } from '../series.js';
import * as data from './chartData.js';
import * as specs from './chartSpecs.js';
import {
  agentTableHtml,
  esc,
  figure,
  keyValueTable,
  metricsTables,
  monthlyTableHtml,
  page,
  section,
} from './htmlPage.js';
import { metricSections, shortRunNote } from './metricRows.js';
import { renderSvg } from './svgRender.js';

/** A backtest report, or a session report (the same plus `session`). */
export type AnyReport = BacktestReport & { readonly session?: SessionInfo };

export interface ReportHtmlOptions {
  /** Where the report came from, for the footer ("r.json", "journal x.jsonl"). */
  readonly source?: string;
  /** BACKTEST / REPLAY / LIVE…; default: the session's mode, else BACKTEST. */
  readonly mode?: string;
  /** Applied to the finished page before it is written (the session's secret registry). */
  readonly redact?: (text: string) => string;
}

export interface ReportHtml {
  readonly html: string;
  /** Vega/Vega-Lite warnings while rendering (empty when all went well). */
  readonly warnings: readonly string[];
  /** The `data-chart` names of the figures in the page. */
  readonly charts: readonly string[];
}

/** JSON with object keys sorted at every level: the same params always hash the same. */
function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

/** sha256 of the run's parameters (fees, features, ensemble, risk, filters…) in canonical JSON. */
export function paramsHash(params: Readonly<Record<string, unknown>>): string {
  return createHash('sha256').update(canonicalJson(params)).digest('hex');
}

function header(r: AnyReport, mode: string): string {
  const m = r.metrics;
  const to = m.firstBarTime === null ? null : m.firstBarTime + m.periodMs;
  const rows: [string, string][] = [
    ['Symbol / market', `${r.meta.symbol} (${r.meta.market})`],
    ['Period', `${iso(m.firstBarTime)} -> ${iso(to)} (${duration(m.periodMs)}, ${count(r.meta.bars)} bars)`],
    ['Mode', mode],
    ['Strategy', r.meta.strategy],
    ['Model package', r.meta.model ? r.meta.model.name : 'none (observation-only)'],
    ['Model sha256', r.meta.model ? r.meta.model.sha256 : 'n/a'],
    ['Params sha256', paramsHash(r.meta.params)],
    ['Fingerprint (fills sha256)', `${r.fingerprint.sha256} (${count(r.fingerprint.fills)} fills)`],
    ['Engine version', r.meta.engineVersion],
  ];
  const s = r.session;
  if (s) {
    rows.push(
      ['Session', `${s.id}: ${s.startedAt} -> ${s.endedAt} (${duration(s.durationMs)})`],
      ['Feed reconnects', count(s.reconnects)],
      [
        'Orders by status',
        Object.entries(s.ordersByStatus)
          .map(([k, v]) => `${k} ${count(v)}`)
          .join(', '),
      ],
    );
  }
  if (r.runtime)
    rows.push([
      'Runtime',
      `${duration(r.runtime.wallMs)} start to end (files, set-up, bars), ${count(Math.round(r.runtime.barsPerSecond))} bars/s`,
    ]);
  return keyValueTable(rows, 'kv header');
}

/** Render every chart in order; rendering is CPU-bound, so one at a time is as fast as any. */
async function renderAll(
  list: readonly (readonly [string, Parameters<typeof renderSvg>[0]])[],
  warnings: string[],
) {
  const out = new Map<string, string>();
  for (const [name, spec] of list) out.set(name, await renderSvg(spec, name, warnings));
  return out;
}

function seriesSections(r: AnyReport, s: ReportSeries, svg: Map<string, string>): string {
  const q = r.meta.quoteAsset;
  const equity =
    '<input type="radio" name="eqscale" id="eq-lin" checked hidden><input type="radio" name="eqscale" id="eq-log" hidden>' +
    '<p class="toggle">Scale: <label for="eq-lin">linear</label><label for="eq-log">log</label></p>' +
    figure('equity', svg.get('equity')!, '', 'eq-lin') +
    figure('equity-log', svg.get('equity-log')!, '', 'eq-log') +
    `<p class="note">Buy-and-hold: the start equity in the asset at the first close, no fees. ${esc(s.downsampling)}.</p>`;
  return (
    section('equity', 'Equity vs buy-and-hold', equity) +
    section('drawdown', 'Drawdown', figure('drawdown', svg.get('drawdown')!)) +
    section('price', 'Price and fills', figure('price', svg.get('price')!)) +
    section('position', 'Position', figure('position', svg.get('position')!)) +
    section(
      'returns',
      'Daily and monthly returns',
      figure(
        'daily-returns',
        svg.get('daily-returns')!,
        'UTC-day equity returns, as used by the daily Sharpe/Sortino.',
      ) + monthlyTableHtml(data.monthlyTable(s), q),
    )
  );
}

/**
 * The self-contained HTML report: header, metrics, and the charts rendered to inline SVG with
 * Vega-Lite in Node. No script, no external resource, so it opens offline in any browser.
 */
export async function buildReportHtml(r: AnyReport, opts: ReportHtmlOptions = {}): Promise<ReportHtml> {
  const warnings: string[] = [];
  // A run that saw no bar has nothing to draw over time (and Vega would warn about empty scales).
  const s = r.series && r.series.bars > 0 ? r.series : undefined;
  const q = r.meta.quoteAsset;
  const mode = opts.mode ?? r.session?.mode ?? 'BACKTEST';
  const events = s ? data.timelineRows(s.events) : [];
  const showTimeline = events.length > 0 || (r.session !== undefined && r.metrics.firstBarTime !== null);
  const agents = data.agentRows(r);
  const outcomes = data.outcomeRows(r);

  const fmt = specs.timeFormat(r.metrics.periodMs);
  const list: [string, Parameters<typeof renderSvg>[0]][] = [];
  if (s) {
    const eq = data.equityVsBuyAndHold(s);
    list.push(
      ['equity', specs.equitySpec(eq, false, q, fmt)],
      [
        'equity-log',
        specs.equitySpec(
          eq.filter((p) => p.v > 0),
          true,
          q,
          fmt,
        ),
      ],
      ['drawdown', specs.drawdownSpec(data.drawdownSeries(s), r.metrics.maxDrawdown.maxPct, fmt)],
      ['price', specs.priceSpec(data.priceSeries(s), data.fillMarkers(s), s.fills.note, fmt)],
      ['position', specs.positionSpec(data.positionSeries(s), fmt)],
      ['daily-returns', specs.dailyHistogramSpec(data.dailyReturnRows(s))],
    );
  }
  list.push(['agents', specs.agentsSpec(agents, q)]);
  list.push([
    'outcomes',
    specs.outcomesSpec(outcomes.length > 0 ? outcomes : [{ reason: 'none', kind: 'skipped', count: 0 }]),
  ]);
  const rejects = events.filter((e) => e.kind === 'reject').length;
  const reconnects = events.filter((e) => e.kind === 'reconnect').length;
  if (showTimeline) {
    list.push([
      'timeline',
      specs.timelineSpec(
        [...events],
        `Session timeline: ${reconnects} reconnects, ${rejects} rejects, ${events.length} events`,
        fmt,
        r.metrics.firstBarTime === null
          ? null
          : [r.metrics.firstBarTime, r.metrics.firstBarTime + r.metrics.periodMs],
      ),
    ]);
  }
  const svg = await renderAll(list, warnings);

  const title = `drl-tui report: ${r.meta.symbol} ${r.meta.strategy}`;
  const zeroSkips = Object.entries(r.skips)
    .filter(([, n]) => n === 0)
    .map(([k]) => k);
  const body = [
    `<h1>${esc(title)}</h1>`,
    `<p class="sub">${esc(`${r.meta.symbol} · ${mode} · ${r.meta.period.from ?? 'n/a'} -> ${r.meta.period.to ?? 'n/a'}`)}</p>`,
    header(r, mode),
    section(
      'metrics',
      'Metrics',
      metricsTables(metricSections(r)) +
        `<p class="note">Annualisation: ${esc(r.metrics.annualisation)}.${esc(shortRunNote(r.metrics.periodMs))}</p>`,
    ),
    s
      ? seriesSections(r, s, svg)
      : section(
          'no-series',
          'Charts',
          '<p class="note">This report has no series block (it was written before the HTML report existed, or the run saw no bar): only the counters below can be drawn.</p>',
        ),
    section(
      'agents',
      'Agents',
      figure('agents', svg.get('agents')!) +
        agentTableHtml(agents, q) +
        `<p class="note">Vote classes: long &gt; +${r.agents.threshold}, short &lt; -${r.agents.threshold}, else flat. ${esc(r.agents.attributionMethod)}.</p>`,
    ),
    section(
      'outcomes',
      'Skipped and rejected orders',
      figure('outcomes', svg.get('outcomes')!) +
        (zeroSkips.length > 0 ? `<p class="note">Zero: ${esc(zeroSkips.join(', '))}.</p>` : '') +
        Object.entries(r.rejects)
          .map(
            ([code, v]) =>
              `<p class="note">Rejected ${esc(code)}: ${count(v.count)}, e.g. "${esc(v.example)}"</p>`,
          )
          .join(''),
    ),
    showTimeline
      ? section(
          'timeline',
          'Timeline',
          figure('timeline', svg.get('timeline')!) +
            (s && s.events.every > 1
              ? `<p class="note">${s.events.shown} of ${s.events.total} events drawn (every ${s.events.every}th).</p>`
              : ''),
        )
      : '',
    `<footer>Generated by drl-tui ${esc(r.meta.engineVersion)}${opts.source ? ` from ${esc(opts.source)}` : ''}. Charts: Vega-Lite, rendered to SVG at build time; no script, no network.</footer>`,
  ].join('\n');
  return { html: page(title, body), warnings, charts: list.map(([n]) => n) };
}

/** `r.json` → `r.html` (any other name gets `.html` appended). */
export function htmlPathFor(jsonPath: string): string {
  return jsonPath.toLowerCase().endsWith('.json') ? `${jsonPath.slice(0, -5)}.html` : `${jsonPath}.html`;
}

/** Build the page and write it atomically. */
export async function writeReportHtml(
  path: string,
  r: AnyReport,
  opts: ReportHtmlOptions = {},
): Promise<{ path: string; bytes: number; warnings: readonly string[] }> {
  const out = await buildReportHtml(r, opts);
  const html = opts.redact ? opts.redact(out.html) : out.html;
  const bytes = Buffer.byteLength(html);
  writeFileAtomic(path, html);
  return { path, bytes, warnings: out.warnings };
}
