import type { EngineEvent } from './core/events.js';
import type { Executor } from './core/executor.js';
import type { EventLine } from './core/snapshot.js';
import type { Bar, SkipReason } from './core/types.js';
import { MINUTE_MS } from './core/types.js';
import type { DataQuality } from './data/types.js';
import { emptyQuality } from './data/types.js';
import type { TradingEngine } from './engine.js';
import { OrderWatch } from './execution/binanceOrderWatch.js';
import type { OrderWatchConfig } from './execution/binanceOrderWatch.js';
import { realTimers } from './feed/binanceKlineStream.js';
import type { FeedEvent, FeedStats } from './feed/liveFeed.js';
import type { SystemLog } from './journal/systemLog.js';
import { settleWhileRunning } from './liveRecovery.js';
import { lowerHelperThreads } from './core/helperThreads.js';

/** What the driver needs of a live feed (LiveFeed, or a test double). */
export interface LiveSource {
  start(): void;
  events(): AsyncIterable<FeedEvent>;
  stop(): Promise<void>;
  readonly stats: FeedStats;
}

export interface LiveRunOptions {
  /** Aborting stops the feed; the run ends once the bar in progress (and its order) is done. */
  readonly signal: AbortSignal;
  /**
   * The session continues a saved one: bars backfilled after the saved bar are decided (they were
   * missed while the process was down). Otherwise everything the feed delivers before it first
   * goes live only warms the features up — history is not traded; a bar that closed after that
   * is decided however it arrives (a reconnect right after the start backfills it from REST).
   */
  readonly resumed: boolean;
  /**
   * Re-publish the screen's snapshot this often (ms) even when no candle arrives, so the header's
   * ages (computed from snapshot.now, the wall clock live) keep moving. Default 1000; 0 = off.
   */
  readonly heartbeatMs?: number;
  /** Every feed event, after the engine has handled it (system log, tests, the latency bench). */
  readonly onFeedEvent?: (ev: FeedEvent) => void;
  /** Called once, when warm-up ends (just before the first decided bar). */
  readonly onWarm?: () => void;
  /**
   * A decided bar that closed more than this long (ms) before the newest minute the stream has
   * shown is stale (a long backfill after a disconnect or a restart): it is decided and journaled
   * as usual, but an exchange order it produces is not sent — it is answered with a STALE_BAR skip,
   * as a market order now would trade at today's price, not the bar's. Default two bars (120 s);
   * 0 = off. Paper fills are simulated at the next bar's open, the historical price, and are kept.
   */
  readonly staleBarMs?: number;
  /** Look-up schedule for orders whose outcome is unknown (exchange executors). */
  readonly unknownOrders?: Partial<
    Pick<OrderWatchConfig, 'attempts' | 'firstDelayMs' | 'factor' | 'maxDelayMs' | 'timers'>
  >;
}

export interface LiveRunResult {
  readonly decided: number;
  readonly warmed: number;
  /** Decided bars that were stale (see staleBarMs); their exchange orders were not sent. */
  readonly stale: number;
  readonly feed: FeedStats;
  /** The feed's data quality in the session report's terms (rows = every closed kline seen). */
  readonly quality: DataQuality;
}

const EXAMPLES = 5;

function qualityKind(ev: Extract<FeedEvent, { type: 'dataQuality' }>): EventLine['kind'] {
  return ev.kind === 'gap' || ev.kind === 'invalid' ? 'error' : 'info';
}

/**
 * The live driver, modelled on runReplay: closed candles from the feed go to the engine one at a
 * time, in order, each decision (and its order, for exchange executors) awaited before the next
 * bar is taken. Warm-up bars only feed the features. Feed health becomes engine state and events
 * (header badge, reconnect count, headless JSON lines); forming candles only move the price line.
 */
export async function runLive(
  engine: TradingEngine,
  feed: LiveSource,
  o: LiveRunOptions,
): Promise<LiveRunResult> {
  let decided = 0;
  let warmed = 0;
  let stale = 0;
  let catchingUp = !o.resumed;
  let warmDone = false;
  const quality = emptyQuality();
  const result = (): LiveRunResult => {
    const st = feed.stats;
    quality.missingMinutes = st.missingMinutes;
    quality.rows = quality.bars + quality.duplicates + quality.outOfOrder + quality.invalid;
    return { decided, warmed, stale, feed: st, quality };
  };
  const stop = (): void => void feed.stop();
  if (o.signal.aborted) return result();
  o.signal.addEventListener('abort', stop, { once: true });
  const beat = o.heartbeatMs ?? 1000;
  const heartbeat = beat > 0 ? setInterval(() => engine.touch(), beat) : null;
  heartbeat?.unref();
  const emit = (e: EngineEvent): void => engine.emit(e);
  const staleMs = o.staleBarMs ?? 2 * MINUTE_MS;
  const hold = barHoldOf(engine.parts.executor);
  const inBar = { now: false };
  const watch = engine.parts.paper === null ? watchUnknown(engine, inBar, o.unknownOrders) : null;
  // The order path runs on this thread: V8's GC and compiler helpers yield the CPU to it.
  lowerHelperThreads();
  try {
    feed.start();
    watch?.poll(); // orders a restart could not settle are looked up again from the start
    for await (const ev of feed.events()) {
      switch (ev.type) {
        case 'bar': {
          quality.bars++;
          quality.firstOpenTime ??= ev.bar.openTime;
          quality.lastOpenTime = ev.bar.openTime;
          const warm = ev.source === 'warmup' || (catchingUp && ev.source === 'backfill');
          if (warm) {
            engine.warmUp(ev.bar);
            warmed++;
            break;
          }
          catchingUp = false;
          if (!warmDone) {
            warmDone = true;
            o.onWarm?.();
          }
          const age = ev.marketTime - (ev.bar.openTime + MINUTE_MS);
          const held = staleMs > 0 && age > staleMs;
          if (held) {
            stale++;
            hold?.holdBar({
              openTime: ev.bar.openTime,
              reason: 'STALE_BAR',
              detail: staleDetail(ev.bar, age),
            });
          }
          inBar.now = true;
          try {
            await engine.processBar(ev.bar);
          } finally {
            inBar.now = false;
            if (held) hold?.holdBar(null);
          }
          decided++;
          if (watch !== null && engine.orderStatus.unknown > 0) watch.poll();
          break;
        }
        case 'tick':
          engine.onTick(ev.bar);
          break;
        case 'feed':
          // The initial catch-up is over once the stream is live: later gaps closed while we ran.
          if (ev.status === 'live') catchingUp = false;
          engine.setFeed(ev.status, ev.detail);
          break;
        case 'reconnect':
          engine.reconnects = ev.attempt;
          engine.note('reconnect', ev.detail);
          emit(ev);
          break;
        case 'backfill':
          engine.note(
            'backfill',
            `${ev.bars} bar(s) ${new Date(ev.from).toISOString().slice(11, 16)}–${new Date(ev.to).toISOString().slice(11, 16)} UTC from REST`,
          );
          emit(ev);
          break;
        case 'dataQuality': {
          engine.note(qualityKind(ev), `${ev.kind}: ${ev.detail}`);
          const kind = ev.kind;
          if (kind === 'gap') quality.gaps++;
          else if (kind === 'duplicate') quality.duplicates++;
          else if (kind === 'outOfOrder') quality.outOfOrder++;
          else quality.invalid++;
          const examples = quality.examples[kind];
          if (examples.length < EXAMPLES) examples.push(ev.detail);
          emit(ev);
          break;
        }
      }
      o.onFeedEvent?.(ev);
    }
  } finally {
    watch?.stop();
    if (heartbeat) clearInterval(heartbeat);
    o.signal.removeEventListener('abort', stop);
    await feed.stop();
  }
  return result();
}

/** An executor that can be told to answer one bar's orders with a skip (BinanceExecutorBase). */
interface BarHold {
  holdBar(hold: { openTime: number; reason: SkipReason; detail: string } | null): void;
}

function barHoldOf(ex: Executor): BarHold | null {
  const h = ex as Executor & Partial<BarHold>;
  return typeof h.holdBar === 'function' ? (h as BarHold) : null;
}

function staleDetail(bar: Bar, ageMs: number): string {
  const at = new Date(bar.openTime).toISOString().slice(11, 16);
  return `bar ${at} UTC closed ${Math.round(ageMs / 60_000)} min before the stream's latest minute (catching up): decided and journaled, order not sent`;
}

/**
 * Re-look-up of unknown orders while running (see OrderWatch): outcomes are applied between
 * bars, never while a bar or the user's flatten has an order out.
 */
function watchUnknown(
  engine: TradingEngine,
  inBar: { now: boolean },
  o: LiveRunOptions['unknownOrders'],
): OrderWatch {
  const ex = engine.parts.executor;
  const st = engine.orderStatus;
  return new OrderWatch({
    timers: realTimers,
    ...o,
    lookup: (id) => ex.lookup(id),
    unresolved: () => engine.runtimeState().unresolved,
    canSettle: () => !inBar.now && st.submitted === st.filled + st.rejected + st.unknown + st.skipped,
    settle: (intent, result) => void settleWhileRunning(engine, intent, result),
    report: (level, message) => {
      engine.note(level, message);
      // A found outcome speaks through its own fill or reject event; a failed look-up through this.
      if (level === 'error') engine.emit({ type: 'error', ts: engine.parts.clock.now(), message });
    },
  });
}

/** Closed bars to load at a fresh start: every window full, and the EMAs/Wilder RSI settled. */
export function warmupBarsFor(p: {
  maPeriod: number;
  zWindow: number;
  macdSlow: number;
  macdSignal: number;
  rsiPeriod: number;
  bbPeriod: number;
}): number {
  const need = Math.max(
    p.maPeriod + p.zWindow,
    p.bbPeriod,
    5 * (p.macdSlow + p.macdSignal),
    10 * p.rsiPeriod,
  );
  return Math.min(1000, Math.max(300, need));
}

/** One system-log line per event worth keeping (decisions live in the journal, not here). */
export function logLiveEvent(log: SystemLog, e: EngineEvent): void {
  switch (e.type) {
    case 'order':
      return log.info('order', {
        id: e.intent.clientOrderId,
        side: e.intent.side,
        qty: e.intent.quantity,
        bar: e.intent.barOpenTime,
      });
    case 'fill':
      return log.info('fill', {
        id: e.fill.clientOrderId,
        side: e.fill.side,
        qty: e.fill.quantity,
        price: e.fill.price,
        fee: e.fill.fee,
        feeAsset: e.fill.feeAsset,
      });
    case 'reject':
      return log.warn('order rejected', { id: e.clientOrderId, code: e.code, msg: e.message });
    case 'skip':
      if (e.reason === 'RATE_LIMITED' || e.reason === 'INSUFFICIENT_BALANCE')
        log.warn('order skipped', { reason: e.reason, detail: e.detail });
      else if (e.reason === 'STALE_BAR') log.info('order not sent', { reason: e.reason, detail: e.detail });
      return;
    case 'error':
      return log.error(e.message);
    case 'feed':
      return log.info(`feed ${e.status}`, { detail: e.detail });
    case 'reconnect':
      return log.warn('feed reconnect', { attempt: e.attempt, detail: e.detail });
    case 'backfill':
      return log.info('backfill', {
        bars: e.bars,
        from: new Date(e.from).toISOString(),
        to: new Date(e.to).toISOString(),
      });
    case 'dataQuality':
      return (e.kind === 'gap' || e.kind === 'invalid' ? log.warn : log.info).call(log, `data ${e.kind}`, {
        detail: e.detail,
      });
    case 'trading':
      return log.info(`trading ${e.state}`, { detail: e.detail });
    default:
      return;
  }
}
