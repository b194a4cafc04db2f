import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BinanceSpotExecutor } from '../../src/engine/execution/binanceSpotExecutor.js';
import { runLive } from '../../src/engine/live.js';
import { startBinanceServer } from '../support/binanceServer.js';
import { Waiter, feedFor, openTestSession } from './support.js';

export interface LiveLatencyBench {
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  /** Bars whose decision sent an order (only those are timed). */
  readonly samples: number;
  readonly bars: number;
}

function rank(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

/**
 * Closed candle received → order request on the wire, with the real live path: LiveFeed → runLive
 * → TradingEngine (features, agents, risk, planner, journal, state commit) → spot testnet executor
 * → the loopback exchange. Start: the kline frame reaching LiveFeed's socket handler (the bar's
 * `receivedAt`); end: the order POST's head reaching the exchange (its request record). Both are
 * performance.now() in this process. One candle at a time, each decision and order settled before
 * the next, so no queueing is measured. The first `discard` bars (JIT, connections) are dropped.
 */
export async function benchLiveLatency(
  o: { bars?: number; discard?: number } = {},
): Promise<LiveLatencyBench> {
  const bars = o.bars ?? 600;
  const discard = o.discard ?? 50;
  const dir = mkdtempSync(join(tmpdir(), 'drl-tui-latency-'));
  const s = await startBinanceServer({ initialClosed: 300, updatesPerBar: 1, repeatFormingMs: 0 });
  try {
    const made = BinanceSpotExecutor.create({ symbol: s.symbol, baseUrl: s.restBase, ...s.spotCredentials });
    if (!made.ok) throw new Error(made.error);
    const live = await openTestSession(dir, s, { venue: 'spot-testnet', executor: made.value });
    const engine = live.engine;
    const waiter = new Waiter();
    const receivedAt = new Map<number, number>();
    const barOf = new Map<string, number>();
    engine.addListener((e) => {
      if (e.type === 'order') barOf.set(e.intent.clientOrderId, e.intent.barOpenTime);
      waiter.poke();
    });
    const abort = new AbortController();
    const run = runLive(engine, feedFor(s, live.resumeAfter, { stallMs: 60_000 }), {
      signal: abort.signal,
      resumed: live.resumed,
      heartbeatMs: 0,
      onFeedEvent: (ev) => {
        if (ev.type === 'bar' && ev.source === 'stream') receivedAt.set(ev.bar.openTime, ev.receivedAt);
      },
    });
    s.tick();
    await waiter.until(() => engine.feedStatus === 'live', 'feed live');
    const st = engine.orderStatus;
    const idle = (): boolean => st.submitted === st.filled + st.rejected + st.unknown + st.skipped;
    const measured: number[] = [];
    for (let i = 0; i < bars + discard; i++) {
      s.advance(1);
      await waiter.until(() => engine.lastBarOpenTime === s.lastClosed()?.openTime && idle(), 'decision');
      if (i === discard - 1) measured.push(s.requests.length);
    }
    abort.abort();
    await run;
    await made.value.close();
    const from = measured[0] ?? 0;
    const latencies: number[] = [];
    for (const r of s.requests.slice(from)) {
      if (r.method !== 'POST' || r.clientOrderId === null) continue;
      const bar = barOf.get(r.clientOrderId);
      const t0 = bar === undefined ? undefined : receivedAt.get(bar);
      if (t0 !== undefined) latencies.push(r.t - t0);
    }
    latencies.sort((a, b) => a - b);
    return {
      p50Ms: rank(latencies, 0.5),
      p99Ms: rank(latencies, 0.99),
      maxMs: latencies.at(-1) ?? Number.NaN,
      samples: latencies.length,
      bars,
    };
  } finally {
    await s.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
