import { BinanceSpotExecutor } from '../../src/engine/execution/binanceSpotExecutor.js';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import type { Clock } from '../../src/engine/core/types.js';
import type { Executor } from '../../src/engine/core/executor.js';
import { Rng } from '../../src/engine/core/rng.js';
import { LiveFeed } from '../../src/engine/feed/liveFeed.js';
import type { LiveFeedConfig } from '../../src/engine/feed/liveFeed.js';
import { runLive } from '../../src/engine/live.js';
import type { LiveRunOptions, LiveRunResult } from '../../src/engine/live.js';
import type { Venue } from '../../src/engine/enginePersistence.js';
import { openLiveSession } from '../../src/engine/liveSession.js';
import type { BinanceTestServer } from '../support/binanceServer.js';

/** A fresh temp directory per test, removed afterwards. */
export function useTmpDir(): () => string {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  return () => {
    const d = mkdtempSync(join(tmpdir(), 'drl-tui-live-'));
    dirs.push(d);
    return d;
  };
}

/**
 * An RSI agent with its thresholds squeezed around 50: on real 1-minute candles it changes its
 * mind every few bars, so a run of a few hundred bars sends many orders (the order path is what
 * these tests exercise; the strategy's merit is not).
 */
export const BUSY_STRATEGY = {
  mode: 'weighted',
  weights: { rsi: 1 },
  agents: { rsi: { oversold: 49.5, overbought: 50.5 } },
  risk: { maxStep: 0.1 },
  description: 'test: trades often',
};

export function writeStrategy(dir: string, strategy: object = BUSY_STRATEGY): string {
  const path = join(dir, 'busy-strategy.json');
  writeFileSync(path, JSON.stringify(strategy));
  return path;
}

/** Short feed timings so fault tests finish in seconds (production defaults live in LiveFeed). */
export const FAST_FEED = {
  stallMs: 150,
  pingIntervalMs: 40,
  connectTimeoutMs: 2000,
  restTimeoutMs: 2000,
  backoff: { baseMs: 2, maxMs: 25, jitter: 0.5 },
} as const;

export function feedFor(
  server: BinanceTestServer,
  resumeAfter: number | null,
  extra: Partial<LiveFeedConfig> = {},
): LiveFeed {
  return new LiveFeed({
    symbol: server.symbol,
    wsBase: server.wsBase,
    restBase: server.restBase,
    warmupBars: 300,
    resumeAfter,
    clock: server.marketClock,
    rng: new Rng(7),
    ...FAST_FEED,
    ...extra,
  });
}

export interface LiveOpts {
  readonly venue?: Venue;
  readonly executor?: Executor | null;
  readonly clock?: Clock;
  readonly strategy?: string;
  /** Several symbols on one account: this symbol's share of the quote balance. */
  readonly quoteShare?: number;
}

/** openLiveSession with the test's folders, the busy strategy and no model. */
export function openTestSession(dir: string, server: BinanceTestServer, o: LiveOpts = {}) {
  return openLiveSession({
    symbol: server.symbol,
    market: o.venue === 'usdm-testnet' ? 'usdm' : 'spot',
    venue: o.venue ?? 'paper',
    executor: o.executor ?? null,
    clock: o.clock ?? server.marketClock,
    stateDir: join(dir, 'state'),
    reportsDir: join(dir, 'reports'),
    startCash: 10_000,
    feeRate: 0.001,
    slippageBps: 1,
    strategy: o.strategy ?? writeStrategy(dir),
    modelDir: null,
    sentimentDir: null,
    screen: false,
    priceNow: () => Promise.resolve(Number(server.lastPrice())),
    ...(o.quoteShare !== undefined ? { quoteShare: o.quoteShare } : {}),
  });
}

/**
 * Resolves when pred() holds. Checked on every poke() (wire it to engine events so a test waits
 * no longer than the engine takes) and every 20 ms as a fallback.
 */
export class Waiter {
  private readonly waiting = new Set<() => void>();

  poke(): void {
    for (const w of [...this.waiting]) w();
  }

  until(pred: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
    if (pred()) return Promise.resolve();
    return new Promise((ok, fail) => {
      const check = (): void => {
        if (!pred()) return;
        done();
        ok();
      };
      const timer = setInterval(check, 20);
      const limit = setTimeout(() => {
        done();
        fail(new Error(`timed out waiting for ${what}`));
      }, timeoutMs);
      const done = (): void => {
        clearInterval(timer);
        clearTimeout(limit);
        this.waiting.delete(check);
      };
      this.waiting.add(check);
    });
  }
}

export function waitFor(pred: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  return new Waiter().until(pred, what, timeoutMs);
}

export function journalRecords(path: string): Record<string, unknown>[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** Every file under dir (recursively), for the "no key in any output" checks. */
export function allFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...allFiles(p));
    else out.push(p);
  }
  return out;
}

/**
 * One process lifetime on the loopback exchange: a live session whose feed runs until `stop()`,
 * which ends it like a kill (no flatten, no final commit), or `kill()`, which can be called in the
 * middle of a bar. `caughtUp` waits for the exchange's latest closed candle to be decided and
 * (testnet) its order answered; `decided` lists the decision events' bars in order.
 */
export async function startLive(
  dir: string,
  server: BinanceTestServer,
  o: LiveOpts = {},
  run: Partial<Omit<LiveRunOptions, 'signal' | 'resumed'>> = {},
) {
  const live = await openTestSession(dir, server, o);
  const waiter = new Waiter();
  const decided: number[] = [];
  live.engine.addListener((e) => {
    if (e.type === 'decision') decided.push(e.openTime);
    waiter.poke();
  });
  const abort = new AbortController();
  const running = runLive(live.engine, feedFor(server, live.resumeAfter), {
    heartbeatMs: 0,
    ...run,
    signal: abort.signal,
    resumed: live.resumed,
  });
  await waiter.until(() => server.connections() > 0 && live.engine.feedStatus === 'live', 'live');
  const st = live.engine.orderStatus;
  const caughtUp = (what: string): Promise<void> =>
    waiter.until(
      () =>
        live.engine.lastBarOpenTime === server.lastClosed()?.openTime &&
        // A paper order waits for the next bar's open; an exchange order is answered within its bar.
        (live.engine.parts.paper !== null ||
          st.submitted === st.filled + st.rejected + st.unknown + st.skipped),
      what,
    );
  return {
    live,
    waiter,
    decided,
    caughtUp,
    async step(n = 1): Promise<void> {
      server.advance(n);
      await caughtUp('decision');
    },
    async stop(): Promise<LiveRunResult> {
      live.engine.setCommitHook(null);
      abort.abort();
      const r = await running;
      live.engine.parts.journal?.close();
      return r;
    },
    /** SIGKILL stand-in: nothing more reaches the journal or the state file; the loop is abandoned. */
    kill(): void {
      live.engine.setCommitHook(null);
      live.engine.parts.journal?.close();
      abort.abort();
      running.catch(() => undefined); // a killed process's loop just stops
    },
  };
}

/** A spot testnet executor pointed at the loopback server with its credentials. */
export function spotExecutorFor(s: BinanceTestServer): BinanceSpotExecutor {
  const r = BinanceSpotExecutor.create({ symbol: s.symbol, baseUrl: s.restBase, ...s.spotCredentials });
  if (!r.ok) throw new Error(r.error);
  return r.value;
}
