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
import { accountSessionId, writeAccountReport } from '../engine/accountReport.js';
import type { TradingEngine } from '../engine/engine.js';
import type { SessionReport } from '../engine/journal/sessionReport.js';
import { parseSymbols } from '../engine/multi/symbolSources.js';
import { SymbolSet } from '../engine/symbolSet.js';
import { closeScreen, firstQuit, onCrash } from './consoleLifecycle.js';
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
  /** `--symbols ETHUSDT,BTCUSDT`: one engine and feed per symbol, a tab each. */
  readonly symbols?: string;
}

/**
 * `drl-tui --live` (paper on live Binance candles) and `drl-tui --testnet spot|usdm` (orders on the
 * Binance testnet): the replay console's engine, screen and keys on the live feed, or JSON lines
 * with --headless. Restart-safe: the state is committed before every order, and a restart with the
 * same symbol and venue resumes after the last committed bar (see src/engine/liveSession.ts).
 */
export async function liveCommand(cfg: AppConfig, a: LiveArgs): Promise<void> {
  const { venue, market } = parseVenue(a.live, a.testnet, cfg.market);
  const parsed = a.symbols === undefined ? { ok: true as const, value: [cfg.symbol.toUpperCase()] } : parseSymbols(a.symbols); // prettier-ignore
  if (!parsed.ok) throw new Error(parsed.error);
  const symbols = parsed.value;
  const multi = symbols.length > 1;
  const env = loadEnv();
  const secrets = new SecretRegistry();
  secrets.registerFromEnv(env);
  const clean = (t: string): string => secrets.redact(t);
  const endpoints = marketEndpoints(cfg, market);
  const syslog = new SystemLog(cfg.logFile, { clock: wallClock, secrets });
  const series = SentimentSeries.load(cfg.sentimentDir);
  const engines: TradingEngine[] = [];
  const runner = createSentimentRunner(cfg, () => engines.forEach((e) => e.touch()));
  const ctx: LegContext = { cfg, venue, market, env, secrets, endpoints, syslog, series, runner };
  const legs: LiveLeg[] = [];
  try {
    // Each symbol trades startCash / N of its own (paper), or its share of the quote balance (testnet).
    for (const symbol of symbols) legs.push(await openLeg(ctx, symbol, 1 / symbols.length, !a.headless));
  } catch (e) {
    for (const leg of legs) await leg.abandon();
    syslog.close();
    throw e;
  }
  engines.push(...legs.map((l) => l.engine));
  const set = multi
    ? new SymbolSet(symbols, engines, { startCash: legs.reduce((s, l) => s + l.engine.parts.portfolio.startCash, 0), feeRate: cfg.feeRate, recordSeries: true }) // prettier-ignore
    : null;
  legs.forEach((leg, k) => {
    leg.engine.addListener((e) => {
      if (e.type === 'decision') set?.onBar(k, e.openTime, leg.engine.lastPrice);
    });
  });

  const rerunSentiment = wireSentimentRerun(engines[0]!, runner, series);
  for (const e of engines.slice(1)) e.onCommand((c) => c.type === 'rerunSentiment' && rerunSentiment());
  if (a.debug) rerunSentiment();
  else if (runner.status.configured) {
    // Backfill the last week's missing days in the background: trading starts at once with 0
    // ("pending") for a day that has not landed, and picks the scores up when they do.
    void runner.backfill(SENTIMENT_BACKFILL_DAYS).then((days) => {
      if (series.reloadIfChanged()) engines.forEach((e) => e.touch());
      const written = days.filter((d) => d.status === 'written').length;
      const failed = days.find((d) => d.status === 'failed');
      engines[0]!.note(
        failed ? 'error' : 'info',
        `sentiment backfill: ${written} day(s) scored${failed ? `; ${failed.day} failed — ${failed.reason ?? ''}` : ''}`,
      );
    });
  }

  let finished: Promise<string> | null = null;
  const finish = (flatten: boolean): Promise<string> => {
    finished ??= (async () => {
      runner.stop();
      const ends = await Promise.all(legs.map((l) => l.finish(flatten && !a.keepPosition)));
      const lines = ends.map((p, k) =>
        multi
          ? `${symbols[k]!.padEnd(14)}: ${p.logPath} (journal ${legs[k]!.journalPath})`
          : `Session report: ${p.logPath}\n                ${p.jsonPath}\nJournal:        ${legs[k]!.journalPath}`,
      );
      if (set) {
        const id = accountSessionId(ends[0]!.id, symbols);
        const acc = writeAccountReport(set, ends.map((e) => e.report), { reportsDir: cfg.reportsDir, id, secrets }); // prettier-ignore
        lines.unshift(`Account report: ${acc.logPath}\n                ${acc.jsonPath}`);
      }
      syslog.close();
      return lines.join('\n');
    })();
    return finished;
  };
  const running = Promise.all(legs.map((l) => l.running));

  if (a.headless) {
    for (const leg of legs) for (const w of leg.warnings) err(`drl-tui: ${clean(w)}`);
    legs.forEach((leg, k) =>
      leg.engine.addListener((e) => out(clean(JSON.stringify(multi ? { symbol: symbols[k], ...e } : e)))),
    );
    const stop = (): void => legs.forEach((l) => l.stop());
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    try {
      await running;
    } catch (e) {
      err(`drl-tui: ${clean((e as Error).message)}`);
      process.exitCode = 1;
    }
    err(await finish(true));
    return;
  }

  const { renderConsole } = await import('../ui/renderConsole.js');
  const ui = renderConsole(engines[0]!, {
    keepPosition: a.keepPosition,
    ...(set ? { symbols: set } : {}),
    onForceExit: () => {
      // Second Ctrl+C: no flatten, no waiting for the exchange; the state is committed as it is.
      for (const leg of legs) leg.live.commit(null);
      ui.unmount();
      process.exit(130);
    },
  });
  const crash = (e: unknown): void => {
    ui.unmount();
    err(`drl-tui: ${clean(e instanceof Error ? e.message : String(e))}`);
    void finish(false).finally(() => process.exit(1));
  };
  onCrash(crash);
  running.catch(crash);
  const quit = await firstQuit(engines);
  const text = await finish(!quit.keepPosition).catch(crash);
  if (text === undefined) return;
  closeScreen(engines, set, ui);
  out(text);
}

interface LegContext {
  readonly cfg: AppConfig;
  readonly venue: ReturnType<typeof parseVenue>['venue'];
  readonly market: ReturnType<typeof parseVenue>['market'];
  readonly env: ReturnType<typeof loadEnv>;
  readonly secrets: SecretRegistry;
  readonly endpoints: ReturnType<typeof marketEndpoints>;
  readonly syslog: SystemLog;
  readonly series: SentimentSeries;
  readonly runner: ReturnType<typeof createSentimentRunner>;
}

/** One symbol of a live session: its executor, restored engine, feed and run loop. */
interface LiveLeg {
  readonly engine: TradingEngine;
  readonly live: LiveSession;
  readonly journalPath: string;
  readonly warnings: readonly string[];
  readonly running: Promise<unknown>;
  /** Stop the feed (the run loop then ends). */
  stop(): void;
  /** Stop, flatten if asked, save the state and write this symbol's session report. */
  finish(flatten: boolean): Promise<{ id: string; logPath: string; jsonPath: string; report: SessionReport }>;
  /** Give up before trading started (another symbol failed to open). */
  abandon(): Promise<void>;
}

async function openLeg(c: LegContext, symbol: string, share: number, screen: boolean): Promise<LiveLeg> {
  const { cfg, venue, market, syslog, endpoints, secrets, series, runner } = c;
  const executor = (() => {
    try {
      return createExecutor({
        venue,
        symbol,
        exchangeUrl: cfg.exchangeUrl,
        env: c.env,
        secrets,
        clock: wallClock,
        log: (level, message) => syslog[level](message),
      });
    } catch (e) {
      syslog.error(`start refused: ${(e as Error).message}`);
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
  const ref: { engine: TradingEngine | null } = { engine: null };
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
      startCash: cfg.startCash * share,
      ...(share < 1 ? { quoteShare: share } : {}),
      feeRate: cfg.feeRate,
      slippageBps: cfg.slippageBps,
      strategy: cfg.strategy,
      modelDir: cfg.model,
      sentimentDir: cfg.sentimentDir,
      secrets,
      screen,
      sentimentSeries: series,
      sentimentView: () =>
        sentimentView(runner.status, series, ref.engine?.lastBarOpenTime ?? wallClock.now()),
      priceNow: () => fetchLastPrice(endpoints.rest, endpoints.klinesPath, symbol),
    });
  } catch (e) {
    syslog.error(`start failed: ${(e as Error).message}`);
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
  const finish: LiveLeg['finish'] = async (flatten) => {
    abort.abort();
    clearInterval(indicators);
    const outcome = await running.catch((e: unknown) => {
      syslog.error(`live loop ended: ${(e as Error).message}`);
      return null;
    });
    if (flatten) await engine.flatten('quit: closing the position');
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
    return { id: runId, logPath: paths.logPath, jsonPath: paths.jsonPath, report: paths.report };
  };
  return {
    engine,
    live,
    journalPath: live.journalPath,
    warnings: live.warnings,
    running,
    stop: () => abort.abort(),
    finish,
    abandon: async () => {
      abort.abort();
      clearInterval(indicators);
      await running.catch(() => null);
      live.close();
      await executor?.close();
    },
  };
}
