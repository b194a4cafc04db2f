import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runBacktest } from '../../src/engine/backtest.js';
import type { BacktestReport } from '../../src/engine/report/backtestReport.js';

/** The bundled real candles: ETHUSDT 1-minute klines, 2024-03-29 … 2024-03-31 (Binance). */
export const DEMO_DATA = resolve(import.meta.dirname, '../../data');

export interface DemoRun {
  readonly report: BacktestReport;
  readonly journalPath: string;
  readonly dir: string;
  cleanup(): void;
}

/** One real backtest through the whole engine (ensemble of rule agents, paper fills), with a journal. */
export async function demoRun(): Promise<DemoRun> {
  const dir = mkdtempSync(join(tmpdir(), 'drl-tui-report-html-'));
  const journalPath = join(dir, 'backtest-ETHUSDT.jsonl');
  const { report } = await runBacktest({
    data: [DEMO_DATA],
    market: 'spot',
    strategy: 'ensemble',
    modelDir: null,
    sentimentDir: null,
    startCash: 10_000,
    feeRate: 0.001,
    slippageBps: 1,
    journalPath,
  });
  return { report, journalPath, dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
