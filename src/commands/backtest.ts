import { writeFileSync } from 'node:fs';
import type { AppConfig } from '../config.js';
import { runBacktest } from '../engine/backtest.js';
import { formatReport } from '../engine/report/backtestReport.js';
import { htmlPathFor, writeReportHtml } from '../engine/report/html/reportHtml.js';
import { err, out, progressBar } from './output.js';

export async function backtestCommand(
  cfg: AppConfig,
  data: readonly string[],
  jsonPath: string | undefined,
  journal: string | undefined,
): Promise<void> {
  if (data.length === 0) throw new Error('backtest needs --data <file|folder|glob> (e.g. --data data/)');
  const bar = progressBar('backtest');
  const { report, warnings } = await runBacktest({
    data,
    symbol: undefined,
    market: cfg.market,
    strategy: cfg.strategy,
    modelDir: cfg.model,
    sentimentDir: cfg.sentimentDir,
    startCash: cfg.startCash,
    feeRate: cfg.feeRate,
    slippageBps: cfg.slippageBps,
    journalPath: journal ?? null,
    onProgress: (d, t) => bar.update(d, t),
  });
  bar.done();
  for (const w of warnings) err(`drl-tui: ${w}`);
  out(formatReport(report));
  if (jsonPath) {
    writeFileSync(jsonPath, `${JSON.stringify(report, null, 2)}\n`);
    out(`JSON report written to ${jsonPath}`);
    // The same run as a page people look at: charts as inline SVG, opens offline.
    const html = await writeReportHtml(htmlPathFor(jsonPath), report, { source: jsonPath });
    for (const w of html.warnings) err(`drl-tui: chart: ${w}`);
    out(`HTML report written to ${html.path}`);
  }
}
