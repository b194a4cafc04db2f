import { count, money, pct, rate } from '../format.js';
import type { MonthlyRow } from '../series.js';
import type { AgentRow } from './chartData.js';
import type { MetricSection } from './metricRows.js';

/** Small HTML building blocks for the report page. Everything interpolated goes through `esc`. */

export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** One chart: a figure the end-to-end test and readers can find by its `data-chart` name. */
export function figure(name: string, svg: string, caption = '', extraClass = ''): string {
  const cls = extraClass ? `chart ${extraClass}` : 'chart';
  const cap = caption ? `<figcaption>${esc(caption)}</figcaption>` : '';
  return `<figure class="${cls}" data-chart="${esc(name)}">${svg}${cap}</figure>`;
}

export function section(id: string, title: string, body: string): string {
  return `<section id="${esc(id)}"><h2>${esc(title)}</h2>${body}</section>`;
}

export function keyValueTable(rows: readonly (readonly [string, string])[], cls = 'kv'): string {
  const trs = rows.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`).join('');
  return `<table class="${cls}">${trs}</table>`;
}

export function metricsTables(sections: readonly MetricSection[]): string {
  return sections
    .map((s) => `<div class="metrics"><h3>${esc(s.title)}</h3>${keyValueTable(s.rows)}</div>`)
    .join('');
}

const signClass = (x: number): string => (x > 0 ? 'pos' : x < 0 ? 'neg' : '');

export function monthlyTableHtml(rows: readonly MonthlyRow[], quote: string): string {
  if (rows.length === 0) return '<p class="note">No complete bar, so no monthly returns.</p>';
  const head =
    '<tr><th>Month (UTC)</th><th>Strategy</th><th>Buy &amp; hold</th><th>Excess</th>' +
    `<th>End equity (${esc(quote)})</th></tr>`;
  const body = rows
    .map((r) => {
      const ex = r.returnPct - r.buyHoldPct;
      return (
        `<tr><td>${esc(r.month)}</td><td class="${signClass(r.returnPct)}">${esc(pct(r.returnPct))}</td>` +
        `<td class="${signClass(r.buyHoldPct)}">${esc(pct(r.buyHoldPct))}</td>` +
        `<td class="${signClass(ex)}">${esc(pct(ex))}</td><td>${esc(money(r.endEquity))}</td></tr>`
      );
    })
    .join('');
  return `<table class="grid" data-table="monthly">${head}${body}</table>`;
}

export function agentTableHtml(rows: readonly AgentRow[], quote: string): string {
  const head =
    '<tr><th>Agent</th><th>Long</th><th>Flat</th><th>Short</th><th>Agrees with ensemble</th>' +
    `<th>Agreed-bar P&amp;L (${esc(quote)})</th></tr>`;
  const body = rows
    .map(
      (a) =>
        `<tr><td>${esc(a.agent)}</td><td>${esc(count(a.long))}</td><td>${esc(count(a.flat))}</td>` +
        `<td>${esc(count(a.short))}</td><td>${esc(rate(a.agreementPct, 1))}</td>` +
        `<td class="${signClass(a.pnl)}">${esc(money(a.pnl))}</td></tr>`,
    )
    .join('');
  return `<table class="grid" data-table="agents">${head}${body}</table>`;
}

/**
 * Inline CSS only. The Content-Security-Policy in the page forbids every fetch (no scripts, no
 * remote fonts or images), so the file opens the same offline as online.
 */
export const CSS = `
:root{color-scheme:light}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#222;margin:0;background:#f6f7f9}
main{max-width:1000px;margin:0 auto;padding:24px 28px 48px;background:#fff}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:32px 0 10px;border-bottom:1px solid #e3e3e3;padding-bottom:4px}
h3{font-size:14px;margin:14px 0 6px}
.sub{color:#666;margin:0 0 14px}
table{border-collapse:collapse;font-size:13px}
table.kv{width:100%}table.kv th{text-align:left;font-weight:500;color:#555;width:260px;vertical-align:top;padding:3px 10px 3px 0}
table.kv td{padding:3px 0;font-variant-numeric:tabular-nums;word-break:break-word}
table.kv tr+tr th,table.kv tr+tr td{border-top:1px solid #f0f0f0}
table.grid th,table.grid td{padding:4px 10px;border:1px solid #e3e3e3;text-align:right;font-variant-numeric:tabular-nums}
table.grid th{background:#f4f5f7;font-weight:600}table.grid td:first-child{text-align:left}
td.pos{color:#1e8449;background:#eef8f1}td.neg{color:#b03a2e;background:#fbefed}
.metrics{margin-bottom:6px}
figure.chart{margin:10px 0 18px}figure.chart svg{max-width:100%;height:auto;display:block}
figcaption,.note{color:#666;font-size:12px;margin-top:4px}
.hash{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:12px}
.toggle{margin:4px 0 0;font-size:13px}
.toggle label{display:inline-block;margin-left:6px;padding:2px 10px;border:1px solid #ccd;border-radius:4px;cursor:pointer;background:#fff}
#eq-lin:checked~.toggle label[for=eq-lin],#eq-log:checked~.toggle label[for=eq-log]{background:#1f6fb4;border-color:#1f6fb4;color:#fff}
#eq-lin:checked~figure.eq-log,#eq-log:checked~figure.eq-lin{display:none}
footer{margin-top:36px;color:#888;font-size:12px}
`;

export function page(title: string, body: string): string {
  return (
    '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">' +
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">` +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    `<title>${esc(title)}</title><style>${CSS}</style></head><body><main>${body}</main></body></html>\n`
  );
}
