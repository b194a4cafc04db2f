import { Rng } from '../../src/engine/core/rng.js';
import { LiveFeed } from '../../src/engine/feed/liveFeed.js';
import type { FeedEvent, LiveFeedConfig } from '../../src/engine/feed/liveFeed.js';
import type { BinanceTestServer } from '../support/binanceServer.js';

/** Short timings so fault tests finish in seconds; the production defaults are in LiveFeed. */
export const FAST = {
  stallMs: 150,
  pingIntervalMs: 40,
  connectTimeoutMs: 2000,
  restTimeoutMs: 2000,
  backoff: { baseMs: 2, maxMs: 25, jitter: 0.5 },
} as const;

/** Server options for feed tests: a forming-candle update every 40 ms keeps a healthy stream above the stall limit. */
export const LIVE_SERVER = { repeatFormingMs: 40 } as const;

/**
 * Runs a LiveFeed against the test server with a consumer that awaits a (pretend) decision per
 * bar, as the engine will. `until(pred)` resolves when the collected events satisfy pred.
 */
export function runFeed(server: BinanceTestServer, extra: Partial<LiveFeedConfig> = {}) {
  const feed = new LiveFeed({
    symbol: server.symbol,
    wsBase: server.wsBase,
    restBase: server.restBase,
    clock: server.marketClock,
    rng: new Rng(7),
    ...FAST,
    ...extra,
  });
  const events: FeedEvent[] = [];
  const bars: Extract<FeedEvent, { type: 'bar' }>[] = [];
  let waiters: { pred: () => boolean; ok: () => void }[] = [];
  const check = (): void => {
    waiters = waiters.filter((w) => {
      if (!w.pred()) return true;
      w.ok();
      return false;
    });
  };
  feed.start();
  const consumed = (async () => {
    for await (const ev of feed.events()) {
      events.push(ev);
      if (ev.type === 'bar') {
        bars.push(ev);
        await new Promise<void>((r) => setImmediate(r)); // the decision takes a turn of the loop
      }
      check();
    }
  })();
  return {
    feed,
    events,
    bars,
    lastOpenTime: (): number | null => bars.at(-1)?.bar.openTime ?? null,
    until(pred: () => boolean, what = 'condition', timeoutMs = 10_000): Promise<void> {
      if (pred()) return Promise.resolve();
      return new Promise<void>((ok, fail) => {
        const timer = setTimeout(() => fail(new Error(`timed out waiting for ${what}`)), timeoutMs);
        waiters.push({
          pred,
          ok: () => {
            clearTimeout(timer);
            ok();
          },
        });
      });
    },
    /** Waits until the stream connection is open (so frames the test publishes reach it). */
    connected(): Promise<void> {
      return this.until(() => server.connections() > 0 && feed.stats.status !== 'reconnecting', 'connection');
    },
    /** Waits until the consumer has seen the feed report 'live' last. */
    live(): Promise<void> {
      return this.until(() => this.events.filter((e) => e.type === 'feed').at(-1)?.status === 'live', 'live');
    },
    /** Waits until the consumer has the server's latest closed candle. */
    caughtUp(what = 'catch-up'): Promise<void> {
      return this.until(() => this.lastOpenTime() === server.lastClosed()?.openTime, what);
    },
    async stop(): Promise<void> {
      await feed.stop();
      await consumed;
    },
  };
}
