import { performance } from 'node:perf_hooks';
import { wallClock } from '../core/clock.js';
import { Rng } from '../core/rng.js';
import type { Bar, Clock, FeedStatus } from '../core/types.js';
import { MINUTE_MS } from '../core/types.js';
import { BinanceKlineStream, backoffDelay, DEFAULT_BACKOFF, realTimers } from './binanceKlineStream.js';
import type { BackoffConfig, KlineUpdate, Timers } from './binanceKlineStream.js';
import { FeedQueue } from './feedQueue.js';
import type { BarSource, FeedEvent, FeedStats, LiveFeedConfig } from './liveFeedTypes.js';
import { fetchKlineRange } from './restBackfill.js';
import type { KlinesRestConfig } from './restBackfill.js';

export type { BarSource, FeedEvent, FeedStats, LiveFeedConfig };

const DEFAULTS = {
  spot: { ws: 'wss://stream.binance.com:9443/ws', rest: 'https://api.binance.com', path: '/api/v3/klines' },
  usdm: { ws: 'wss://fstream.binance.com/ws', rest: 'https://fapi.binance.com', path: '/fapi/v1/klines' },
} as const;

/** One-line reason when a market-data base URL cannot work, else null. */
export function checkBase(url: string, schemes: readonly string[], what: string): string | null {
  try {
    const u = new URL(url);
    return schemes.includes(u.protocol)
      ? null
      : `${what} URL ${url} must use ${schemes.map((s) => `${s}//`).join(' or ')}`;
  } catch {
    return `${what} URL ${JSON.stringify(url)} is not a URL`;
  }
}

/** Backfills that came back short are retried this often before the hole is reported. */
const INCOMPLETE_RETRIES = 3;

/**
 * Live closed 1-minute candles from Binance, in order, exactly once.
 *
 * Consumption: `feed.start()`, then `for await (const ev of feed.events())`. The iterator hands
 * out one event at a time and the feed never waits for the consumer, so the engine can await a
 * decision and its order before it pulls the next bar; meanwhile bars queue up in order (ticks
 * coalesce). `await feed.stop()` ends the iteration after a final 'feed' 'ended' event.
 *
 * Ordering: frames go through one sequential pipeline. A kline for minute t (open or closed)
 * proves every minute before t closed, so when t is more than one minute past the last bar
 * emitted, the missing minutes are fetched from REST and emitted first. Closedness is decided by
 * the stream (k.x, or a later minute showing up), never by the local clock, so clock skew cannot
 * turn a forming candle into a closed one. Duplicates and out-of-order klines are dropped and
 * counted; a minute REST cannot supply is reported as a 'gap' (no synthetic candles).
 */
export class LiveFeed {
  private readonly queue = new FeedQueue<FeedEvent>();
  private readonly stream: BinanceKlineStream;
  private readonly rest: KlinesRestConfig;
  private readonly clock: Clock;
  private readonly timers: Timers;
  private readonly backoff: BackoffConfig;
  private readonly rng: Rng;
  private readonly inbox: { update: KlineUpdate; at: number }[] = [];
  private pumping = false;
  private started = false;
  private stopped = false;
  private last: number | null;
  private marketTime = -Infinity;
  private needStart: boolean;
  private wake: (() => void) | null = null;
  private readonly hrNow: () => number;
  private st = {
    status: 'connecting' as FeedStatus,
    reconnects: 0,
    lastMessageAt: null as number | null,
    bars: 0,
    streamBars: 0,
    backfilledBars: 0,
    warmupBars: 0,
    backfills: 0,
    duplicates: 0,
    outOfOrder: 0,
    malformed: 0,
    staleTicks: 0,
    stalls: 0,
    missingMinutes: 0,
  };

  constructor(private readonly cfg: LiveFeedConfig) {
    const market = cfg.market ?? 'spot';
    const symbol = cfg.symbol.toUpperCase();
    this.clock = cfg.clock ?? wallClock;
    this.hrNow = cfg.hrNow ?? (() => performance.now());
    this.timers = cfg.timers ?? realTimers;
    this.rng = cfg.rng ?? new Rng(0x5eed);
    this.backoff = { ...DEFAULT_BACKOFF, ...cfg.backoff };
    this.last = cfg.resumeAfter ?? null;
    this.needStart = this.last === null && (cfg.warmupBars ?? 0) > 0;
    const wsBase = (cfg.wsBase ?? DEFAULTS[market].ws).replace(/\/+$/, '');
    const bad =
      checkBase(wsBase, ['ws:', 'wss:'], 'market WebSocket') ??
      checkBase(cfg.restBase ?? DEFAULTS[market].rest, ['http:', 'https:'], 'market REST');
    if (bad !== null) throw new Error(bad);
    if (!/^[A-Z0-9]{2,20}$/.test(symbol))
      throw new Error(`symbol ${JSON.stringify(cfg.symbol)} is not a Binance symbol`);
    this.rest = {
      restBase: cfg.restBase ?? DEFAULTS[market].rest,
      klinesPath: DEFAULTS[market].path,
      symbol,
      timeoutMs: cfg.restTimeoutMs ?? 10_000,
      fetch: cfg.fetch ?? globalThis.fetch,
      timers: this.timers,
      now: () => this.clock.now(),
    };
    const hrNow = this.hrNow;
    this.stream = new BinanceKlineStream(
      {
        url: `${wsBase}/${symbol.toLowerCase()}@kline_1m`,
        symbol,
        stallMs: cfg.stallMs ?? 90_000,
        pingIntervalMs: cfg.pingIntervalMs ?? 30_000,
        connectTimeoutMs: cfg.connectTimeoutMs ?? 10_000,
        backoff: this.backoff,
        rng: this.rng,
        timers: this.timers,
        hrNow,
      },
      {
        onUpdate: (update, at) => this.enqueue(update, at),
        onMalformed: (reason) => {
          this.st.malformed++;
          this.emit({
            type: 'dataQuality',
            ts: this.clock.now(),
            kind: 'invalid',
            detail: `malformed frame: ${reason}`,
          });
        },
        onOpen: () => this.setStatus('connecting', `connected to ${wsBase}; waiting for the first kline`),
        onDown: (reason, delayMs) => {
          this.st.reconnects++;
          const detail = `${reason}; reconnect #${this.st.reconnects} in ${delayMs} ms`;
          this.setStatus('reconnecting', detail);
          this.emit({ type: 'reconnect', ts: this.clock.now(), attempt: this.st.reconnects, detail });
        },
        onStale: (detail) => {
          this.st.stalls++;
          this.setStatus('stale', detail);
        },
      },
    );
  }

  /** Opens the stream. Events (including the first 'connecting') are queued until iterated. */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.setStatus('connecting', `connecting to ${this.cfg.symbol.toUpperCase()} 1m klines`, true);
    this.stream.start();
  }

  /** The single consumer's view; see the class comment. */
  events(): AsyncIterable<FeedEvent> {
    return this.queue;
  }

  get stats(): FeedStats {
    return { ...this.st, lastBarOpenTime: this.last };
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.stream.stop();
    this.wake?.();
    this.setStatus('ended', 'feed stopped', true);
    this.queue.close();
    await Promise.resolve();
  }

  private emit(ev: FeedEvent): void {
    this.queue.push(ev, ev.type === 'tick');
  }

  private setStatus(status: FeedStatus, detail: string, force = false): void {
    if (this.stopped && status !== 'ended') return;
    if (!force && status === this.st.status && status === 'live') return;
    this.st.status = status;
    this.emit({ type: 'feed', ts: this.clock.now(), status, detail });
  }

  private enqueue(update: KlineUpdate, at: number): void {
    this.st.lastMessageAt = this.clock.now();
    // Taken on arrival, so bars emitted by a backfill are aged against the newest minute seen.
    const t = update.closed ? update.bar.openTime + MINUTE_MS : update.bar.openTime;
    if (t > this.marketTime) this.marketTime = t;
    const tail = this.inbox[this.inbox.length - 1];
    // While a backfill is running, a newer open update for the same minute replaces the older one.
    if (tail && !tail.update.closed && !update.closed && tail.update.bar.openTime === update.bar.openTime) {
      this.inbox[this.inbox.length - 1] = { update, at };
    } else {
      this.inbox.push({ update, at });
    }
    if (!this.pumping) void this.pump();
  }

  private async pump(): Promise<void> {
    this.pumping = true;
    try {
      while (this.inbox.length > 0 && !this.stopped) {
        const item = this.inbox.shift() as { update: KlineUpdate; at: number };
        await this.process(item.update, item.at);
      }
    } catch (err) {
      this.emit({
        type: 'dataQuality',
        ts: this.clock.now(),
        kind: 'invalid',
        detail: `feed pipeline error: ${(err as Error).message}`,
      });
    } finally {
      this.pumping = false;
    }
  }

  private async process(u: KlineUpdate, at: number): Promise<void> {
    const t = u.bar.openTime;
    if (this.needStart) {
      this.needStart = false;
      const n = this.cfg.warmupBars ?? 0;
      await this.backfill(t - n * MINUTE_MS, t - MINUTE_MS, 'warmup');
    } else if (this.last !== null && t - this.last > MINUTE_MS) {
      const max = this.cfg.maxBackfillBars ?? 7 * 1440;
      let from = this.last + MINUTE_MS;
      if ((t - from) / MINUTE_MS > max) {
        const skipped = (t - from) / MINUTE_MS - max;
        from = t - max * MINUTE_MS;
        this.hole(this.last, from, skipped, `more than ${max} bars missed`);
      }
      await this.backfill(from, t - MINUTE_MS, 'backfill');
    }
    if (this.stopped) return;
    if (this.st.status !== 'live') this.setStatus('live', `streaming ${this.rest.symbol} 1m klines`);
    if (!u.closed) {
      if (this.last !== null && t <= this.last) this.st.staleTicks++;
      else this.emit({ type: 'tick', ts: this.clock.now(), bar: u.bar, receivedAt: at });
      return;
    }
    if (this.last !== null && t <= this.last) {
      const dup = t === this.last;
      if (dup) this.st.duplicates++;
      else this.st.outOfOrder++;
      this.emit({
        type: 'dataQuality',
        ts: this.clock.now(),
        kind: dup ? 'duplicate' : 'outOfOrder',
        detail: `${dup ? 'repeated' : 'late'} closed kline ${new Date(t).toISOString()} dropped`,
      });
      return;
    }
    this.st.streamBars++;
    this.push(u.bar, 'stream', at);
  }

  private push(bar: Bar, source: BarSource, at: number): void {
    this.last = bar.openTime;
    this.st.bars++;
    const marketTime = Math.max(this.marketTime, bar.openTime + MINUTE_MS);
    this.emit({ type: 'bar', ts: this.clock.now(), bar, source, receivedAt: at, marketTime });
  }

  private hole(after: number, before: number, minutes: number, why: string): void {
    this.st.missingMinutes += minutes;
    this.emit({
      type: 'dataQuality',
      ts: this.clock.now(),
      kind: 'gap',
      detail: `${minutes} minute(s) missing between ${new Date(after).toISOString()} and ${new Date(before).toISOString()} (${why})`,
    });
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const h = this.timers.setTimeout(() => {
        this.wake = null;
        resolve();
      }, ms);
      this.wake = () => {
        this.timers.clearTimeout(h);
        this.wake = null;
        resolve();
      };
    });
  }

  /** Emits the closed bars in [from, to] from REST, retrying (Retry-After first) until it has them. */
  private async backfill(from: number, to: number, source: 'warmup' | 'backfill'): Promise<void> {
    if (to < from) return;
    const expected = (to - from) / MINUTE_MS + 1;
    let failures = 0;
    let short = 0;
    while (!this.stopped) {
      const r = await fetchKlineRange(this.rest, from, to);
      if (this.stopped) return;
      if (!r.ok) {
        failures++;
        const wait = r.retryAfterMs ?? backoffDelay(failures, this.backoff, this.rng);
        this.setStatus('stale', `backfill ${source} failed: ${r.error}; retry in ${wait} ms`);
        await this.sleep(wait);
        continue;
      }
      const bars = r.bars.filter((b) => this.last === null || b.openTime > this.last);
      if (bars.length < expected && short < INCOMPLETE_RETRIES) {
        short++;
        await this.sleep(backoffDelay(short, this.backoff, this.rng));
        continue;
      }
      this.st.backfills++;
      this.emit({ type: 'backfill', ts: this.clock.now(), bars: bars.length, from, to });
      const at = this.hrNow();
      for (const bar of bars) {
        if (this.last !== null && bar.openTime - this.last > MINUTE_MS) {
          this.hole(
            this.last,
            bar.openTime,
            (bar.openTime - this.last) / MINUTE_MS - 1,
            'not served by REST',
          );
        }
        if (source === 'warmup') this.st.warmupBars++;
        else this.st.backfilledBars++;
        this.push(bar, source, at);
      }
      if (this.last === null || this.last < to) {
        const after = this.last ?? from - MINUTE_MS;
        this.hole(after, to + MINUTE_MS, (to - after) / MINUTE_MS, 'not served by REST');
        this.last = to;
      }
      return;
    }
  }
}
