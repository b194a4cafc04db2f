import { join } from 'node:path';
import { packagePath } from '../packageRoot.js';
import type { AppConfig } from '../config.js';
import { accountSessionId, writeAccountReport } from '../engine/accountReport.js';
import { ManualClock, wallClock } from '../engine/core/clock.js';
import type { EngineEvent } from '../engine/core/events.js';
import type { Parsed } from '../engine/core/types.js';
import type { CandleSource } from '../engine/data/types.js';
import { openCandles } from '../engine/data/openCandles.js';
import { describeSource } from '../engine/journal/describeSource.js';
import { newSessionId } from '../engine/journal/sessionReport.js';
import { groupSources, parseSymbols } from '../engine/multi/symbolSources.js';
import { runMultiReplay } from '../engine/multiReplay.js';
import { parseSpeed, runReplay } from '../engine/replay.js';
import { buildSession } from '../engine/session.js';
import type { Session } from '../engine/session.js';
import { finishSession } from '../engine/sessionEnd.js';
import { SentimentSeries } from '../engine/sentiment/sentimentSeries.js';
import { sentimentView } from '../engine/sentiment/sentimentView.js';
import { SymbolSet } from '../engine/symbolSet.js';
import { createSentimentRunner, wireSentimentRerun } from './sentimentSetup.js';
import { closeScreen, firstQuit, onCrash } from './consoleLifecycle.js';
import { err, out } from './output.js';

/** The bundled real candles (ETHUSDT at the top, BTCUSDT/ for --symbols) that the offline demo replays. */
export const DEMO_DATA = packagePath('data');

export interface ConsoleArgs {
  readonly data: readonly string[];
  readonly speed: string | undefined;
  readonly keepPosition: boolean;
  readonly headless: boolean;
  /** Rerun yesterday's sentiment at start, as the research tool's debug mode did. */
  readonly debug: boolean;
  /** `--symbols ETHUSDT,BTCUSDT`: one engine each, a tab each and a summary tab. */
  readonly symbols?: string;
}

/** Each symbol's candles: grouped by symbol with --symbols, else one source (symbol from its file names). */
function openSources(cfg: AppConfig, a: ConsoleArgs): { symbols: string[]; sources: CandleSource[] } {
  const data = a.data.length > 0 ? a.data : [DEMO_DATA];
  if (a.symbols === undefined) {
    const source = openCandles(data);
    return { symbols: [(source.symbol ?? cfg.symbol).toUpperCase()], sources: [source] };
  }
  const symbols = parseSymbols(a.symbols);
  if (!symbols.ok) throw new Error(symbols.error);
  const grouped = groupSources(data, symbols.value);
  if (!grouped.ok) throw new Error(grouped.error);
  return { symbols: symbols.value, sources: symbols.value.map((s) => grouped.value.get(s)!) };
}

/** What the console prints on the way out: where the reports went, and the HTML pages to wait for. */
interface Written {
  readonly lines: readonly string[];
  readonly html: readonly Promise<Parsed<string>>[];
}

/**
 * `drl-tui [--replay] [--symbols A,B]`: replay candles through the full engine with the paper
 * executor, on screen (or as JSON lines with --headless). Several symbols run one engine each on
 * startCash / N, their bars merged into one time order, with a tab each and a summary tab.
 * q / Ctrl+C: flatten unless --keep-position, write the reports, print their paths; a second
 * Ctrl+C exits at once but still writes the reports.
 */
export async function consoleCommand(cfg: AppConfig, a: ConsoleArgs): Promise<void> {
  const { symbols, sources } = openSources(cfg, a);
  const multi = a.symbols !== undefined;
  const speed = parseSpeed(a.speed, a.headless ? 'max' : 600);
  const clock = new ManualClock(0);
  const startedWall = wallClock.now();
  const ids = symbols.map((s) => newSessionId(wallClock, s));
  const series = SentimentSeries.load(cfg.sentimentDir);
  const sessions: Session[] = [];
  const runner = createSentimentRunner(cfg, () => sessions.forEach((s) => s.engine.touch()));
  for (const [k, symbol] of symbols.entries()) {
    const last = (): number | null => sessions[k]?.engine.lastBarOpenTime ?? null;
    sessions.push(
      await buildSession({
        symbol,
        market: cfg.market,
        mode: 'REPLAY',
        sessionId: ids[k]!,
        clock,
        startCash: cfg.startCash / symbols.length,
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
        sentimentView: () => sentimentView(runner.status, series, last() ?? clock.now()),
      }),
    );
  }
  const engines = sessions.map((s) => s.engine);
  const rerunSentiment = wireSentimentRerun(engines[0]!, runner, series);
  // `s` on any symbol's tab reruns the one sentiment pipeline the process has.
  for (const e of engines.slice(1)) e.onCommand((c) => c.type === 'rerunSentiment' && rerunSentiment());
  if (a.debug) rerunSentiment();
  const warnings = [...new Set(sessions.flatMap((s) => s.warnings))];
  for (const w of warnings) engines.forEach((e) => e.note('info', w));
  const set = multi ? new SymbolSet(symbols, engines, { startCash: cfg.startCash, feeRate: cfg.feeRate, recordSeries: true }) : null; // prettier-ignore

  const abort = new AbortController();
  const replay = (): Promise<number> =>
    set
      ? runMultiReplay(set, sources, { speed, clock, signal: abort.signal })
      : runReplay(engines[0]!, sources[0]!, { speed, clock, signal: abort.signal });
  let written: Written | null = null;
  const writeReports = (): Written => {
    if (written) return written;
    const ends = sessions.map((s, k) =>
      finishSession(s, {
        sessionId: ids[k]!,
        reportsDir: cfg.reportsDir,
        startedAt: startedWall,
        endedAt: wallClock.now(),
        dataQuality: sources[k]!.quality,
      }),
    );
    const lines = ends.map((p, k) =>
      set
        ? `${symbols[k]!.padEnd(14)}: ${p.logPath}`
        : `Session report: ${p.logPath}\n                ${p.jsonPath}`,
    );
    if (set) {
      const id = accountSessionId(ids[0]!, symbols);
      const acc = writeAccountReport(set, ends.map((e) => e.report), { reportsDir: cfg.reportsDir, id }); // prettier-ignore
      lines.unshift(`Account report: ${acc.logPath}`, `                ${acc.jsonPath}`);
    }
    written = { lines, html: ends.map((e) => e.html) };
    return written;
  };
  /** Print the paths; with `waitHtml`, also each HTML page once its charts are rendered. */
  const print = async (w: Written, write: (t: string) => void, waitHtml: boolean): Promise<void> => {
    for (const l of w.lines) write(l);
    if (!waitHtml) return;
    for (const h of await Promise.all(w.html))
      write(h.ok ? `                ${h.value}` : `drl-tui: HTML report not written: ${h.error}`);
  };
  const finish = async (flatten: boolean): Promise<Written> => {
    if (written) return written;
    abort.abort();
    runner.stop();
    if (flatten && !a.keepPosition) for (const e of engines) await e.flatten('quit: closing the position');
    for (const e of engines) e.flushSnapshot();
    return writeReports();
  };

  if (a.headless) {
    for (const w of warnings) err(`drl-tui: ${w}`);
    engines.forEach((e, k) =>
      e.addListener((ev: EngineEvent) => out(JSON.stringify(set ? { symbol: symbols[k], ...ev } : ev))),
    );
    const stop = (): void => abort.abort(); // the replay loop ends, then the reports are written below
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    await replay();
    // stdout carries only JSON lines here; the report paths go to stderr.
    await print(await finish(true), err, true);
    return;
  }

  const { renderConsole } = await import('../ui/renderConsole.js');
  const ui = renderConsole(engines[0]!, {
    keepPosition: a.keepPosition,
    ...(set ? { symbols: set } : {}),
    onForceExit: () => {
      // Second Ctrl+C: no flatten, no waiting for the HTML charts — but .log and .json are written.
      abort.abort();
      const w = writeReports();
      ui.unmount();
      void print(w, out, false);
      process.exit(130);
    },
  });
  const crash = (e: unknown): void => {
    ui.unmount();
    err(`drl-tui: ${e instanceof Error ? e.message : String(e)}`);
    abort.abort();
    try {
      void print(writeReports(), out, false);
    } finally {
      process.exit(1);
    }
  };
  onCrash(crash);
  const quit = firstQuit(engines);
  replay().catch(crash);
  const w = await finish(!(await quit).keepPosition).catch(crash);
  if (w === undefined) return;
  closeScreen(engines, set, ui);
  await print(w, out, true);
}
