import { writeFileSync } from 'node:fs';
import type { AppConfig } from '../config.js';
import { runBacktest } from '../engine/backtest.js';
import { formatCombinedReport } from '../engine/multi/combinedReport.js';
import { parseSymbols } from '../engine/multi/symbolSources.js';
import { runMultiBacktest } from '../engine/multiBacktest.js';
import type { MultiBacktestOptions } from '../engine/multiBacktest.js';
import { formatReport } from '../engine/report/backtestReport.js';
import type { AnyReport } from '../engine/report/html/reportHtml.js';
import { htmlPathFor, writeReportHtml } from '../engine/report/html/reportHtml.js';
import { err, out, progressBar } from './output.js';

export async function backtestCommand(
  cfg: AppConfig,
  data: readonly string[],
  jsonPath: string | undefined,
  journal: string | undefined,
  symbols?: string,
): Promise<void> {
  if (data.length === 0) throw new Error('backtest needs --data <file|folder|glob> (e.g. --data data/)');
  const bar = progressBar('backtest');
  const run = {
    market: cfg.market,
    strategy: cfg.strategy,
    modelDir: cfg.model,
    sentimentDir: cfg.sentimentDir,
    startCash: cfg.startCash,
    feeRate: cfg.feeRate,
    slippageBps: cfg.slippageBps,
    journalPath: journal ?? null,
    onProgress: (d: number, t: number) => bar.update(d, t),
  };
  if (symbols !== undefined) return multiBacktest(run, data, jsonPath, symbols, bar);
  const { report, warnings } = await runBacktest({ ...run, data });
  bar.done();
  for (const w of warnings) err(`drl-tui: ${w}`);
  out(formatReport(report));
  if (jsonPath) {
    writeFileSync(jsonPath, `${JSON.stringify(report, null, 2)}\n`);
    out(`JSON report written to ${jsonPath}`);
    await writeHtml(jsonPath, report);
  }
}

async function writeHtml(jsonPath: string, report: AnyReport): Promise<void> {
  // The same run as a page people look at: charts as inline SVG, opens offline.
  const html = await writeReportHtml(htmlPathFor(jsonPath), report, { source: jsonPath });
  for (const w of html.warnings) err(`drl-tui: chart: ${w}`);
  out(`HTML report written to ${html.path}`);
}

/**
 * `--symbols A,B`: one engine per symbol, one account. Prints the combined report, then each
 * symbol's; --json holds {combined, symbols}; the HTML page is the combined account's.
 */
async function multiBacktest(
  run: Omit<MultiBacktestOptions, 'data' | 'symbols'>,
  data: readonly string[],
  jsonPath: string | undefined,
  symbolList: string,
  bar: ReturnType<typeof progressBar>,
): Promise<void> {
  const symbols = parseSymbols(symbolList);
  if (!symbols.ok) throw new Error(symbols.error);
  const r = await runMultiBacktest({ ...run, data, symbols: symbols.value });
  bar.done();
  for (const w of r.warnings) err(`drl-tui: ${w}`);
  out(formatCombinedReport(r.combined));
  for (const report of r.symbols.values()) out(formatReport(report));
  if (r.journals.length > 0) out(`Journals written to ${r.journals.join(', ')}`);
  if (jsonPath) {
    const json = { combined: r.combined, symbols: Object.fromEntries(r.symbols) };
    writeFileSync(jsonPath, `${JSON.stringify(json, null, 2)}\n`);
    out(`JSON report written to ${jsonPath}`);
    await writeHtml(jsonPath, r.combined);
  }
}
