import type { AppConfig } from '../config.js';
import { wallClock } from '../engine/core/clock.js';
import { loadEnv } from '../engine/core/env.js';
import { LiveFeed } from '../engine/feed/liveFeed.js';
import { SecretRegistry } from '../engine/journal/secretRegistry.js';
import { newSessionId } from '../engine/journal/sessionReport.js';
import { SystemLog } from '../engine/journal/systemLog.js';
import { logLiveEvent, runLive, warmupBarsFor } from '../engine/live.js';
import { openLiveSession } from '../engine/liveSession.js';
import type { LiveSession } from '../engine/liveSession.js';
import { finishSession } from '../engine/sessionEnd.js';
import { SentimentSeries } from '../engine/sentiment/sentimentSeries.js';
import { sentimentView } from '../engine/sentiment/sentimentView.js';
import { createExecutor, fetchLastPrice, marketEndpoints, parseVenue } from './liveSetup.js';
import { err, out } from './output.js';
import { createSentimentRunner, wireSentimentRerun } from './sentimentSetup.js';

/** Days of sentiment a live start fills in when they are missing (yesterday and the 6 before). */
const SENTIMENT_BACKFILL_DAYS = 7;

export interface LiveArgs {
  readonly live: boolean;
  /** 'spot' | 'usdm' from --testnet; undefined = paper (--live). */
  readonly testnet: string | undefined;
  readonly headless: boolean;
  readonly keepPosition: boolean;
  readonly debug: boolean;
}

/**
 * `drl-tui --live` (paper on live Binance candles) and `drl-tui --testnet spot|usdm` (orders on the
 * Binance testnet): the replay console's engine, screen and keys on the live feed, or JSON lines
 * with --headless. Restart-safe: the state is committed before every order, and a restart with the
 * same symbol and venue resumes after the last committed bar (see src/engine/liveSession.ts).
 */
export async function liveCommand(cfg: AppConfig, a: LiveArgs): Promise<void> {
  const { venue, market } = parseVenue(a.live, a.testnet, cfg.market);
  const symbol = cfg.symbol.toUpperCase();
  const env = loadEnv();
  const secrets = new SecretRegistry();
  secrets.registerFromEnv(env);
  const clean = (t: string): string => secrets.redact(t);
  const endpoints = marketEndpoints(cfg, market);
  const syslog = new SystemLog(cfg.logFile, { clock: wallClock, secrets });
  const executor = (() => {
    try {
      return createExecutor({
        venue,
        symbol,
        exchangeUrl: cfg.exchangeUrl,
        env,
        secrets,
        clock: wallClock,
        log: (level, message) => syslog[level](message),
      });
    } catch (e) {
      syslog.error(`start refused: ${(e as Error).message}`);
      syslog.close();
      throw e;
    }
  })();
  syslog.info('start-up', {
    venue,
    symbol,
    market,
    marketWs: endpoints.ws,
    marketRest: endpoints.rest,
    exchange: cfg.exchangeUrl ?? (venue === 'paper' ? 'paper' : 'testnet default'),
    pid: process.pid,
  });

  const series = SentimentSeries.load(cfg.sentimentDir);
  const ref: { engine: LiveSession['engine'] | null } = { engine: null };
  const runner = createSentimentRunner(cfg, () => ref.engine?.touch());
  let live: LiveSession;
  try {
    live = await openLiveSession({
      symbol,
      market,
      venue,
      executor,
      clock: wallClock,
      stateDir: cfg.stateDir,
      reportsDir: cfg.reportsDir,
      startCash: cfg.startCash,
      feeRate: cfg.feeRate,
      slippageBps: cfg.slippageBps,
      strategy: cfg.strategy,
      modelDir: cfg.model,
      sentimentDir: cfg.sentimentDir,
      secrets,
      screen: !a.headless,
      sentimentSeries: series,
      sentimentView: () =>
        sentimentView(runner.status, series, ref.engine?.lastBarOpenTime ?? wallClock.now()),
      priceNow: () => fetchLastPrice(endpoints.rest, endpoints.klinesPath, symbol),
    });
  } catch (e) {
    syslog.error(`start failed: ${(e as Error).message}`);
    syslog.close();
    await executor?.close();
    throw e;
  }
  const engine = live.engine;
  ref.engine = engine;
  const runId = newSessionId(wallClock, symbol);
  const startedAt = wallClock.now();
  for (const w of live.warnings) {
    syslog.warn(w);
    engine.note('info', w);
  }
  for (const r of live.recovered) syslog.info('order recovered after restart', { ...r });
  syslog.info(live.resumeAfter === null ? 'session started' : 'session resumed', {
    session: live.sessionId,
    journal: live.journalPath,
    resumeAfter: live.resumeAfter === null ? null : new Date(live.resumeAfter).toISOString(),
    qty: engine.parts.portfolio.qty,
    cash: engine.parts.portfolio.cash,
  });
  engine.addListener((e) => logLiveEvent(syslog, e));

  const feed = new LiveFeed({
    symbol,
    market,
    wsBase: endpoints.ws,
    restBase: endpoints.rest,
    warmupBars: warmupBarsFor(live.session.featureParams),
    resumeAfter: live.resumeAfter,
  });
  const abort = new AbortController();
  // Indicators are fsync'd, so they are saved off the order path: once a minute and on the way out.
  const indicators = setInterval(() => live.saveIndicators(), 60_000);
  indicators.unref();
  const running = runLive(engine, feed, {
    signal: abort.signal,
    resumed: live.resumed,
    onWarm: () => live.saveIndicators(),
  });

  const rerunSentiment = wireSentimentRerun(engine, runner, series);
  if (a.debug) rerunSentiment();
  else if (runner.status.configured) {
    // Backfill the last week's missing days in the background: trading starts at once with 0
    // ("pending") for a day that has not landed, and picks the scores up when they do.
    void runner.backfill(SENTIMENT_BACKFILL_DAYS).then((days) => {
      if (series.reloadIfChanged()) engine.touch();
      const written = days.filter((d) => d.status === 'written').length;
      const failed = days.find((d) => d.status === 'failed');
      engine.note(
        failed ? 'error' : 'info',
        `sentiment backfill: ${written} day(s) scored${failed ? `; ${failed.day} failed — ${failed.reason ?? ''}` : ''}`,
      );
    });
  }

  let finished: Promise<{ logPath: string; jsonPath: string }> | null = null;
  const finish = (flatten: boolean): Promise<{ logPath: string; jsonPath: string }> => {
    finished ??= (async () => {
      abort.abort();
      runner.stop();
      clearInterval(indicators);
      const outcome = await running.catch((e: unknown) => {
        syslog.error(`live loop ended: ${(e as Error).message}`);
        return null;
      });
      if (flatten && !a.keepPosition) await engine.flatten('quit: closing the position');
      live.close();
      live.saveIndicators();
      engine.flushSnapshot();
      const paths = finishSession(live.session, {
        sessionId: runId,
        reportsDir: cfg.reportsDir,
        startedAt,
        endedAt: wallClock.now(),
        secrets,
        ...(outcome ? { dataQuality: outcome.quality } : {}),
      });
      await paths.html;
      await executor?.close();
      syslog.info('session ended', { report: paths.jsonPath, journal: live.journalPath });
      syslog.close();
      return paths;
    })();
    return finished;
  };
  const paths = (p: { logPath: string; jsonPath: string }): string =>
    `Session report: ${p.logPath}\n                ${p.jsonPath}\nJournal:        ${live.journalPath}`;

  if (a.headless) {
    for (const w of live.warnings) err(`drl-tui: ${clean(w)}`);
    engine.addListener((e) => out(clean(JSON.stringify(e))));
    const stop = (): void => abort.abort();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    try {
      await running;
    } catch (e) {
      err(`drl-tui: ${clean((e as Error).message)}`);
      process.exitCode = 1;
    }
    err(paths(await finish(true)));
    return;
  }

  const { renderConsole } = await import('../ui/renderConsole.js');
  const ui = renderConsole(engine, {
    keepPosition: a.keepPosition,
    onForceExit: () => {
      // Second Ctrl+C: no flatten, no waiting for the exchange; the state is committed as it is.
      live.commit(null);
      ui.unmount();
      process.exit(130);
    },
  });
  const crash = (e: unknown): void => {
    ui.unmount();
    err(`drl-tui: ${clean(e instanceof Error ? e.message : String(e))}`);
    void finish(false).finally(() => process.exit(1));
  };
  process.once('uncaughtException', crash);
  process.once('unhandledRejection', crash);
  running.catch(crash);
  await new Promise<void>((resolve) => {
    engine.onCommand((c) => {
      if (c.type !== 'quit') return;
      void finish(!c.keepPosition).then((p) => {
        engine.stopPublishing();
        ui.unmount();
        out(paths(p));
        resolve();
      });
    });
  });
}
