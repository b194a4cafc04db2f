import { extname } from 'node:path';
import { ManualClock } from './core/clock.js';
import type { BacktestOptions } from './backtest.js';
import type { CandleSource } from './data/types.js';
import { defaultFilters } from './execution/symbolFilters.js';
import { describeSource } from './journal/describeSource.js';
import { AccountView, emptyMark, markFromPortfolio } from './multi/accountView.js';
import { buildCombinedReport } from './multi/combinedReport.js';
import type { CombinedReport } from './multi/combinedReport.js';
import { BarMerge } from './multi/mergeBars.js';
import { groupSources } from './multi/symbolSources.js';
import type { BacktestReport } from './report/backtestReport.js';
import { buildSession } from './session.js';
import type { Session } from './session.js';
import { reportOfSession } from './reportOfSession.js';

/** As a single backtest, but one model (modelDir) for every symbol and startCash the whole account's (startCash / N each). */
export interface MultiBacktestOptions extends Omit<BacktestOptions, 'data' | 'symbol' | 'journalPath'> {
  readonly data: readonly string[];
  /** Upper-case symbols in the order bars of the same minute are processed (see parseSymbols). */
  readonly symbols: readonly string[];
  /** Base journal path: one journal per symbol at journalPathFor(path, symbol). */
  readonly journalPath?: string | null;
}

export interface MultiBacktestResult {
  readonly combined: CombinedReport;
  /** Each symbol's own report, in --symbols order; identical to a single-symbol backtest with startCash / N. */
  readonly symbols: ReadonlyMap<string, BacktestReport>;
  readonly journals: readonly string[];
  readonly warnings: readonly string[];
}

/** `runs/j.jsonl` + ETHUSDT → `runs/j.ETHUSDT.jsonl`; without an extension, `.ETHUSDT.jsonl` is appended. */
export function journalPathFor(base: string, symbol: string): string {
  const ext = extname(base);
  return ext === '' ? `${base}.${symbol}.jsonl` : `${base.slice(0, -ext.length)}.${symbol}${ext}`;
}

/**
 * Backtest several symbols in one process: one engine each (own features, agents, policy instance,
 * position, exchange filters and journal), driven bar by bar in merged time order, with one
 * account view over all of them. Each engine is built exactly as runBacktest builds a single-symbol
 * one (same session id, clock and data description), so a symbol's report, fingerprint and journal
 * are those of `drl-tui backtest` over its files alone with startCash / N.
 */
export async function runMultiBacktest(o: MultiBacktestOptions): Promise<MultiBacktestResult> {
  const wallNow = o.wallNow ?? (() => performance.now());
  const t0 = wallNow();
  // Checked before any file is read or journal opened: equities in two quote assets cannot be summed.
  const quotes = new Set(o.symbols.map((s) => defaultFilters(s, o.market).quoteAsset));
  if (quotes.size > 1) {
    throw new Error(
      `--symbols ${o.symbols.join(',')} are quoted in ${[...quotes].join(' and ')}: one account needs one quote asset`,
    );
  }
  const grouped = groupSources(o.data, o.symbols);
  if (!grouped.ok) throw new Error(grouped.error);
  const symbols = [...grouped.value.keys()];
  const sources: CandleSource[] = [...grouped.value.values()];
  const perSymbolCash = o.startCash / symbols.length;
  const clocks = symbols.map(() => new ManualClock(0));
  const journals = o.journalPath ? symbols.map((s) => journalPathFor(o.journalPath!, s)) : [];

  const sessions: Session[] = [];
  try {
    for (let k = 0; k < symbols.length; k++) {
      const symbol = symbols[k]!;
      sessions.push(
        await buildSession({
          symbol,
          market: o.market,
          mode: 'BACKTEST',
          sessionId: `backtest-${symbol}`,
          clock: clocks[k]!,
          startCash: perSymbolCash,
          feeRate: o.feeRate,
          slippageBps: o.slippageBps,
          strategy: o.strategy,
          modelDir: o.modelDir,
          sentimentDir: o.sentimentDir,
          journalPath: journals[k] ?? null,
          dataSource: describeSource(sources[k]!),
          screen: false,
        }),
      );
    }
  } catch (e) {
    // A later symbol's session failed (a refused model, say): close the journals already opened.
    for (const s of sessions) s.engine.parts.journal?.close();
    throw e;
  }
  const engines = sessions.map((s) => s.engine);

  const account = new AccountView({
    symbols,
    startCash: o.startCash,
    feeRate: o.feeRate,
    recordSeries: true,
  });
  const merge = new BarMerge(sources.map((s) => s.chunks()));
  const mark = emptyMark();
  const estimate = sources.reduce((s, src) => s + src.files.length * 1440, 0);
  let done = 0;
  let nextProgress = 16_384;
  for (let k = merge.next(); k >= 0; k = merge.next()) {
    const engine = engines[k]!;
    const t = merge.openTime;
    const close = merge.close;
    clocks[k]!.set(t + 60_000);
    const before = engine.barsProcessed;
    engine.processBarSync(t, merge.open, merge.high, merge.low, close, merge.volume);
    // A bar the engine dropped (duplicate, bad values) moved nothing: the account keeps its last mark.
    if (engine.barsProcessed !== before)
      account.onBar(k, markFromPortfolio(mark, engine.parts.portfolio, t, close));
    if (o.onProgress && ++done >= nextProgress) {
      o.onProgress(done, Math.max(estimate, done));
      nextProgress = done + 16_384;
    }
  }
  account.finish();
  for (const e of engines) e.parts.journal?.close();

  const reports = new Map<string, BacktestReport>();
  sessions.forEach((session, k) => reports.set(symbols[k]!, reportOfSession(session, sources[k]!.quality)));

  const combined = buildCombinedReport({ account, reports: [...reports.values()], wallMs: wallNow() - t0 });
  const warnings = [...new Set(sessions.flatMap((s) => s.warnings))];
  return { combined, symbols: reports, journals, warnings };
}
