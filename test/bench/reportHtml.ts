import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runBacktest } from '../../src/engine/backtest.js';
import { writeReportHtml } from '../../src/engine/report/html/reportHtml.js';
import { loadReportInput } from '../../src/engine/report/html/reportInput.js';

/**
 * HTML report generation time (issue 8: ≤ 2 s for the 131k-bar report). Runs the ETHUSDT Q1-2024
 * backtest (not timed), writes its JSON, then times what `drl-tui report r.json` does after start-up:
 * read and parse the JSON, render every chart with Vega-Lite to SVG, write the page. The first
 * generation in the process is "cold" (Vega's code not yet optimised by V8: what a CLI run pays);
 * the median of three more is "warm". CPU time is reported beside wall time because a shared
 * machine's other jobs inflate wall time.
 * Run: `npx tsx test/bench/reportHtml.ts`, or import and call `benchReportHtml()`.
 */

export interface ReportHtmlBenchResult {
  readonly data: string;
  readonly bars: number;
  readonly jsonBytes: number;
  readonly htmlBytes: number;
  readonly coldWallMs: number;
  readonly coldCpuMs: number;
  readonly warmWallMs: number;
  readonly warmCpuMs: number;
  readonly targetMs: number;
  readonly pointsPerLine: number;
  readonly fillsDrawn: number;
  readonly fills: number;
  readonly loadAverage: number;
}

const ROOT = resolve(import.meta.dirname, '../..');
const SHARED = resolve(ROOT, '../shared/data/binance/ETHUSDT');

function q1Files(): string[] | null {
  if (!existsSync(SHARED)) return null;
  return Array.from({ length: 91 }, (_, i) => {
    const d = new Date(Date.UTC(2024, 0, 1 + i)).toISOString().slice(0, 10);
    return join(SHARED, `ETHUSDT-1m-${d}.zip`);
  });
}

async function timed(fn: () => Promise<void>): Promise<{ wallMs: number; cpuMs: number }> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await fn();
  const c = process.cpuUsage(c0);
  return { wallMs: performance.now() - t0, cpuMs: (c.user + c.system) / 1000 };
}

export async function benchReportHtml(): Promise<ReportHtmlBenchResult> {
  const files = q1Files();
  const { report } = await runBacktest({
    data: files ?? [join(ROOT, 'data')],
    market: 'spot',
    strategy: 'ensemble',
    modelDir: null,
    sentimentDir: null,
    startCash: 10_000,
    feeRate: 0.001,
    slippageBps: 1,
  });
  const dir = mkdtempSync(join(tmpdir(), 'drl-tui-bench-html-'));
  try {
    const json = join(dir, 'r.json');
    const html = join(dir, 'r.html');
    writeFileSync(json, `${JSON.stringify(report, null, 2)}\n`);
    const generate = async (): Promise<void> => {
      await writeReportHtml(html, loadReportInput(json).report);
    };
    const cold = await timed(generate);
    const warm: { wallMs: number; cpuMs: number }[] = [];
    for (let i = 0; i < 3; i++) warm.push(await timed(generate));
    warm.sort((a, b) => a.wallMs - b.wallMs);
    const mid = warm[1]!;
    const s = report.series!;
    return {
      data: files ? 'ETHUSDT Q1-2024 (../shared/data)' : 'bundled demo days (../shared/data missing)',
      bars: report.meta.bars,
      jsonBytes: statSync(json).size,
      htmlBytes: statSync(html).size,
      coldWallMs: Math.round(cold.wallMs),
      coldCpuMs: Math.round(cold.cpuMs),
      warmWallMs: Math.round(mid.wallMs),
      warmCpuMs: Math.round(mid.cpuMs),
      targetMs: 2000,
      pointsPerLine: Math.max(
        s.equity.t.length,
        s.price.t.length,
        s.drawdownPct.t.length,
        s.position.t.length,
      ),
      fillsDrawn: s.fills.shown,
      fills: s.fills.total,
      loadAverage: Math.round((loadavg()[0] ?? 0) * 10) / 10,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  benchReportHtml().then(
    (r) => process.stdout.write(`${JSON.stringify(r, null, 2)}\n`),
    (err: unknown) => {
      process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
