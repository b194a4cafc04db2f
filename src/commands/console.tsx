import { packagePath } from '../packageRoot.js';
import { join } from 'node:path';
import type { AppConfig } from '../config.js';
import { ManualClock, wallClock } from '../engine/core/clock.js';
import type { EngineEvent } from '../engine/core/events.js';
import { describeSource } from '../engine/journal/describeSource.js';
import { openCandles } from '../engine/data/openCandles.js';
import { newSessionId } from '../engine/journal/sessionReport.js';
import { parseSpeed, runReplay } from '../engine/replay.js';
import { buildSession } from '../engine/session.js';
import { finishSession } from '../engine/sessionEnd.js';
import { SentimentSeries } from '../engine/sentiment/sentimentSeries.js';
import { sentimentView } from '../engine/sentiment/sentimentView.js';
import { createSentimentRunner, wireSentimentRerun } from './sentimentSetup.js';
import { err, out } from './output.js';

/** The bundled real candles (a few days of ETHUSDT) that the offline demo replays. */
export const DEMO_DATA = packagePath('data');

export interface ConsoleArgs {
  readonly data: readonly string[];
  readonly speed: string | undefined;
  readonly keepPosition: boolean;
  readonly headless: boolean;
  /** Rerun yesterday's sentiment at start, as the research tool's debug mode did. */
  readonly debug: boolean;
}

/**
 * `drl-tui [--replay]`: replay candles through the full engine with the paper executor, on screen
 * (or as JSON lines with --headless). q / Ctrl+C: flatten unless --keep-position, write the report,
 * print its paths; a second Ctrl+C exits at once but still writes the report.
 */
export async function consoleCommand(cfg: AppConfig, a: ConsoleArgs): Promise<void> {
  const data = a.data.length > 0 ? a.data : [DEMO_DATA];
  const source = openCandles(data);
  const symbol = (source.symbol ?? cfg.symbol).toUpperCase();
  const speed = parseSpeed(a.speed, a.headless ? 'max' : 600);
  const clock = new ManualClock(0);
  const startedWall = wallClock.now();
  const sessionId = newSessionId(wallClock, symbol);
  const engineRef: { touch(): void; lastBar(): number | null } = {
    touch: () => undefined,
    lastBar: () => null,
  };
  const series = SentimentSeries.load(cfg.sentimentDir);
  const runner = createSentimentRunner(cfg, () => engineRef.touch());
  const session = await buildSession({
    symbol,
    market: cfg.market,
    mode: 'REPLAY',
    sessionId,
    clock,
    startCash: cfg.startCash,
    feeRate: cfg.feeRate,
    slippageBps: cfg.slippageBps,
    strategy: cfg.strategy,
    modelDir: cfg.model,
    sentimentDir: cfg.sentimentDir,
    journalPath: join(cfg.reportsDir, `${sessionId}.jsonl`),
    dataSource: describeSource(source),
    screen: !a.headless,
    replaySpeed: speed === 'max' ? 'max' : `${speed}x`,
    sentimentSeries: series,
    sentimentView: () => sentimentView(runner.status, series, engineRef.lastBar() ?? clock.now()),
  });
  const engine = session.engine;
  engineRef.touch = () => engine.touch();
  engineRef.lastBar = () => engine.lastBarOpenTime;
  const rerunSentiment = wireSentimentRerun(engine, runner, series);
  if (a.debug) rerunSentiment();
  for (const w of session.warnings) engine.note('info', w);

  const abort = new AbortController();
  type Finished = ReturnType<typeof finishSession>;
  let finished: Finished | null = null;
  const writeReport = (): Finished =>
    (finished ??= finishSession(session, {
      sessionId,
      reportsDir: cfg.reportsDir,
      startedAt: startedWall,
      endedAt: wallClock.now(),
      dataQuality: source.quality,
    }));
  const finish = async (flatten: boolean): Promise<Finished> => {
    if (finished) return finished;
    abort.abort();
    runner.stop();
    if (flatten && !a.keepPosition) await engine.flatten('quit: closing the position');
    engine.flushSnapshot();
    return writeReport();
  };

  if (a.headless) {
    for (const w of session.warnings) err(`drl-tui: ${w}`);
    engine.addListener((e: EngineEvent) => out(JSON.stringify(e)));
    const stop = (): void => abort.abort(); // the replay loop ends, then the report is written below
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    await runReplay(engine, source, { speed, clock, signal: abort.signal });
    // stdout carries only JSON lines here; the report paths go to stderr.
    await printPaths(await finish(true), err);
    return;
  }

  const { renderConsole } = await import('../ui/renderConsole.js');
  let quitting = false;
  const ui = renderConsole(engine, {
    keepPosition: a.keepPosition,
    onForceExit: () => {
      // Second Ctrl+C: no flatten, no waiting for the HTML charts — but .log and .json are written.
      abort.abort();
      const paths = writeReport();
      ui.unmount();
      void printPaths(paths, out, false);
      process.exit(130);
    },
  });
  const crash = (e: unknown): void => {
    ui.unmount();
    err(`drl-tui: ${e instanceof Error ? e.message : String(e)}`);
    abort.abort();
    try {
      void printPaths(writeReport(), out, false);
    } finally {
      process.exit(1);
    }
  };
  process.once('uncaughtException', crash);
  process.once('unhandledRejection', crash);
  const done = new Promise<void>((resolve) => {
    engine.onCommand((c) => {
      if (c.type !== 'quit' || quitting) return;
      quitting = true;
      void finish(!c.keepPosition).then(async (paths) => {
        engine.stopPublishing();
        ui.unmount();
        await printPaths(paths);
        resolve();
      });
    });
  });
  runReplay(engine, source, { speed, clock, signal: abort.signal }).catch(crash);
  await done;
}

/** Print where the report went; with `waitHtml`, also the HTML page once its charts are rendered. */
async function printPaths(
  p: ReturnType<typeof finishSession>,
  write: (t: string) => void = out,
  waitHtml = true,
): Promise<void> {
  write(`Session report: ${p.logPath}\n                ${p.jsonPath}`);
  if (!waitHtml) return;
  const html = await p.html;
  write(html.ok ? `                ${html.value}` : `drl-tui: HTML report not written: ${html.error}`);
}
