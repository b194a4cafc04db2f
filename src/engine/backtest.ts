import { ManualClock } from './core/clock.js';
import type { Market } from './core/types.js';
import { describeSource } from './journal/describeSource.js';
import { openCandles } from './data/openCandles.js';
import type { BacktestReport } from './report/backtestReport.js';
import { buildSession } from './session.js';
import { reportOfSession } from './reportOfSession.js';

export interface BacktestOptions {
  readonly data: string | readonly string[];
  readonly symbol?: string;
  readonly market: Market;
  readonly strategy: string;
  readonly modelDir: string | null;
  readonly sentimentDir: string | null;
  readonly startCash: number;
  readonly feeRate: number;
  readonly slippageBps: number;
  readonly journalPath?: string | null;
  /** Called about every 16k bars with bars done and the estimated total (files × 1440). */
  readonly onProgress?: (done: number, estimate: number) => void;
  /** Wall-clock reader for the runtime line (the engine itself runs on the bar clock). */
  readonly wallNow?: () => number;
}

export interface BacktestResult {
  readonly report: BacktestReport;
  readonly warnings: readonly string[];
}

/**
 * Headless backtest: the same engine as the console, fed as fast as the CPU allows. Decisions on
 * bar t fill at bar t+1's open (paper executor). The session id is fixed so client order ids, and
 * with them the fingerprint, are identical on every run of the same inputs.
 */
export async function runBacktest(o: BacktestOptions): Promise<BacktestResult> {
  const wallNow = o.wallNow ?? (() => performance.now());
  const t0 = wallNow();
  const source = openCandles(o.data);
  const symbol = (o.symbol ?? source.symbol ?? 'ETHUSDT').toUpperCase();
  const clock = new ManualClock(0);
  const session = await buildSession({
    symbol,
    market: o.market,
    mode: 'BACKTEST',
    sessionId: `backtest-${symbol}`,
    clock,
    startCash: o.startCash,
    feeRate: o.feeRate,
    slippageBps: o.slippageBps,
    strategy: o.strategy,
    modelDir: o.modelDir,
    sentimentDir: o.sentimentDir,
    journalPath: o.journalPath ?? null,
    dataSource: describeSource(source),
    screen: false,
  });
  const engine = session.engine;
  const estimate = source.files.length * 1440;
  let done = 0;
  let nextProgress = 16_384;
  for (const chunk of source.chunks()) {
    const openTime = chunk.openTime;
    for (let i = 0; i < chunk.length; i++) {
      clock.set(openTime[i]! + 60_000);
      engine.processBarAt(chunk, i);
    }
    done += chunk.length;
    if (o.onProgress && done >= nextProgress) {
      o.onProgress(done, Math.max(estimate, done));
      nextProgress = done + 16_384;
    }
  }
  engine.parts.journal?.close();
  const report = reportOfSession(session, source.quality, wallNow() - t0);

  return { report, warnings: session.warnings };
}
