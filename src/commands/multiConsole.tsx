import { join } from 'node:path';
import type { AppConfig } from '../config.js';
import { ManualClock, wallClock } from '../engine/core/clock.js';
import type { EngineEvent } from '../engine/core/events.js';
import { describeSource } from '../engine/journal/describeSource.js';
import { newSessionId } from '../engine/journal/sessionReport.js';
import { accountSessionId, writeAccountReport } from '../engine/accountReport.js';
import { groupSources, parseSymbols } from '../engine/multi/symbolSources.js';
import { runMultiReplay } from '../engine/multiReplay.js';
import { parseSpeed } from '../engine/replay.js';
import { buildSession } from '../engine/session.js';
import type { Session } from '../engine/session.js';
import { finishSession } from '../engine/sessionEnd.js';
import { SentimentSeries } from '../engine/sentiment/sentimentSeries.js';
import { sentimentView } from '../engine/sentiment/sentimentView.js';
import { SymbolSet } from '../engine/symbolSet.js';
import { DEMO_DATA } from './console.js';
import type { ConsoleArgs } from './console.js';
import { createSentimentRunner, wireSentimentRerun } from './sentimentSetup.js';
import { err, out } from './output.js';

/**
 * `drl-tui --symbols ETHUSDT,BTCUSDT [--replay path]`: one engine per symbol replaying its own
 * candles (merged into one time order), a tab each plus a summary tab over the shared account.
 * On quit: each symbol's session report and journal, and the account's combined report.
 */
export async function multiConsoleCommand(
  cfg: AppConfig,
  symbolsText: string,
  a: ConsoleArgs,
): Promise<void> {
  const symbols = parseSymbols(symbolsText);
  if (!symbols.ok) throw new Error(symbols.error);
  const grouped = groupSources(a.data.length > 0 ? a.data : [DEMO_DATA], symbols.value);
  if (!grouped.ok) throw new Error(grouped.error);
  const sources = symbols.value.map((s) => grouped.value.get(s)!);
  const speed = parseSpeed(a.speed, a.headless ? 'max' : 600);
  const clock = new ManualClock(0);
  const startedWall = wallClock.now();
  const ids = symbols.value.map((s) => newSessionId(wallClock, s));
  const accountId = accountSessionId(ids[0]!, symbols.value);
  const series = SentimentSeries.load(cfg.sentimentDir);
  const touch = { all: (): void => undefined };
  const runner = createSentimentRunner(cfg, () => touch.all());
  const perSymbolCash = cfg.startCash / symbols.value.length;
  const sessions: Session[] = [];
  for (const [k, symbol] of symbols.value.entries()) {
    const holder: { last: () => number | null } = { last: () => null };
    const session = await buildSession({
      symbol,
      market: cfg.market,
      mode: 'REPLAY',
      sessionId: ids[k]!,
      clock,
      startCash: perSymbolCash,
      feeRate: cfg.feeRate,
      slippageBps: cfg.slippageBps,
      strategy: cfg.strategy,
      modelDir: cfg.model,
      sentimentDir: cfg.sentimentDir,
      journalPath: join(cfg.reportsDir, `${ids[k]}.jsonl`),
      dataSource: describeSource(sources[k]!),
      screen: !a.headless,
      replaySpeed: speed === 'max' ? 'max' : `${speed}x`,
      sentimentSeries: series,
      sentimentView: () => sentimentView(runner.status, series, holder.last() ?? clock.now()),
    });
    holder.last = () => session.engine.lastBarOpenTime;
    sessions.push(session);
  }
  const engines = sessions.map((s) => s.engine);
  touch.all = () => engines.forEach((e) => e.touch());
  const rerun = wireSentimentRerun(engines[0]!, runner, series);
  // `s` on any symbol's tab reruns the one sentiment pipeline the process has.
  for (const e of engines.slice(1)) e.onCommand((c) => c.type === 'rerunSentiment' && rerun());
  if (a.debug) rerun();
  const set = new SymbolSet(symbols.value, engines, {
    startCash: cfg.startCash,
    feeRate: cfg.feeRate,
    recordSeries: true,
  });
  const warnings = [...new Set(sessions.flatMap((s) => s.warnings))];
  for (const w of warnings) engines.forEach((e) => e.note('info', w));

  const abort = new AbortController();
  type Paths = { lines: string[]; html: Promise<unknown>[] };
  let finished: Paths | null = null;
  const writeReports = (): Paths => {
    if (finished) return finished;
    const ends = sessions.map((s, k) =>
      finishSession(s, {
        sessionId: ids[k]!,
        reportsDir: cfg.reportsDir,
        startedAt: startedWall,
        endedAt: wallClock.now(),
        dataQuality: sources[k]!.quality,
      }),
    );
    const { logPath, jsonPath } = writeAccountReport(
      set,
      ends.map((e) => e.report),
      { reportsDir: cfg.reportsDir, id: accountId },
    );
    finished = {
      lines: [`Account report: ${logPath}`, `                ${jsonPath}`, ...ends.map((e, k) => `${symbols.value[k]!.padEnd(14)}: ${e.logPath}`)], // prettier-ignore
      html: ends.map((e) => e.html),
    };
    return finished;
  };
  const finish = async (flatten: boolean): Promise<Paths> => {
    if (finished) return finished;
    abort.abort();
    runner.stop();
    if (flatten && !a.keepPosition) for (const e of engines) await e.flatten('quit: closing the position');
    for (const e of engines) e.flushSnapshot();
    const paths = writeReports();
    await Promise.all(paths.html);
    return paths;
  };

  if (a.headless) {
    for (const w of warnings) err(`drl-tui: ${w}`);
    engines.forEach((e, k) => e.addListener((ev: EngineEvent) => out(JSON.stringify({ symbol: symbols.value[k], ...ev })))); // prettier-ignore
    const stop = (): void => abort.abort();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    await runMultiReplay(set, sources, { speed, clock, signal: abort.signal });
    for (const l of (await finish(true)).lines) err(l);
    return;
  }

  const { renderConsole } = await import('../ui/renderConsole.js');
  let quitting = false;
  const ui = renderConsole(engines[0]!, {
    keepPosition: a.keepPosition,
    tabs: { symbols: symbols.value.map((symbol, k) => ({ symbol, engine: engines[k]! })), set },
    onForceExit: () => {
      abort.abort();
      const paths = writeReports();
      ui.unmount();
      for (const l of paths.lines) out(l);
      process.exit(130);
    },
  });
  const crash = (e: unknown): void => {
    ui.unmount();
    err(`drl-tui: ${e instanceof Error ? e.message : String(e)}`);
    abort.abort();
    try {
      for (const l of writeReports().lines) out(l);
    } finally {
      process.exit(1);
    }
  };
  process.once('uncaughtException', crash);
  process.once('unhandledRejection', crash);
  const done = new Promise<void>((resolve) => {
    for (const e of engines)
      e.onCommand((c) => {
        if (c.type !== 'quit' || quitting) return;
        quitting = true;
        void finish(!c.keepPosition).then((paths) => {
          for (const x of engines) x.stopPublishing();
          set.stop();
          ui.unmount();
          for (const l of paths.lines) out(l);
          resolve();
        });
      });
  });
  runMultiReplay(set, sources, { speed, clock, signal: abort.signal }).catch(crash);
  await done;
}
