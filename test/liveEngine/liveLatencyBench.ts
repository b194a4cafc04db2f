import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ORDER_SENT_CHANNEL } from '../../src/engine/execution/binanceRest.js';
import type { OrderSentMessage } from '../../src/engine/execution/binanceRest.js';
import { BinanceSpotExecutor } from '../../src/engine/execution/binanceSpotExecutor.js';
import { runLive } from '../../src/engine/live.js';
import { startBinanceServer } from '../support/binanceServer.js';
import { Waiter, feedFor, openTestSession } from './support.js';

export interface Percentiles {
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

export interface LiveLatencyBench extends Percentiles {
  /** To the exchange's request handler instead (loopback hop and the test exchange's parsing added). */
  readonly atExchange: Percentiles;
  /** Medians of each stage (ms): frame → engine, decision, commit + sign + write. */
  readonly stages: { readonly feed: number; readonly decide: number; readonly send: number };
  /** Bars whose decision sent an order (only those are timed). */
  readonly samples: number;
  readonly bars: number;
}

function rank(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

function percentiles(values: number[]): Percentiles {
  const s = [...values].sort((a, b) => a - b);
  return { p50Ms: rank(s, 0.5), p99Ms: rank(s, 0.99), maxMs: s.at(-1) ?? Number.NaN };
}

/**
 * Closed candle received → order request on the wire, with the real live path: LiveFeed → runLive
 * → TradingEngine (features, agents, risk, planner, journal, state commit) → spot testnet executor
 * → the loopback exchange. Start: the bytes of the closed kline's frame reaching the process (the
 * socket's 'data' event; the bar's `receivedAt`). End: the order request's last bytes handed to
 * the kernel by the socket write (ORDER_SENT_CHANNEL). Both are performance.now() in this process. `atExchange` ends
 * instead where the exchange's request handler starts, which adds the loopback hop and the test
 * exchange's HTTP parsing (it shares this process's event loop). One candle at a time, each
 * decision and order settled before the next, so no queueing is measured. The first `discard`
 * bars (JIT, connections) are dropped.
 */
export async function benchLiveLatency(
  o: { bars?: number; discard?: number } = {},
): Promise<LiveLatencyBench> {
  const bars = o.bars ?? 600;
  const discard = o.discard ?? 50;
  const dir = mkdtempSync(join(tmpdir(), 'drl-tui-latency-'));
  const s = await startBinanceServer({ initialClosed: 300, updatesPerBar: 1, repeatFormingMs: 0 });
  const sentAt = new Map<string, number>();
  const onSent = (m: unknown): void => {
    const msg = m as OrderSentMessage;
    sentAt.set(msg.clientOrderId, msg.at);
  };
  subscribe(ORDER_SENT_CHANNEL, onSent);
  try {
    const made = BinanceSpotExecutor.create({ symbol: s.symbol, baseUrl: s.restBase, ...s.spotCredentials });
    if (!made.ok) throw new Error(made.error);
    const live = await openTestSession(dir, s, { venue: 'spot-testnet', executor: made.value });
    const engine = live.engine;
    const waiter = new Waiter();
    const receivedAt = new Map<number, number>();
    const barOf = new Map<string, number>();
    const stageAt = new Map<number, { bar: number; decided: number }>();
    engine.addListener((e) => {
      if (e.type === 'bar') stageAt.set(e.bar.openTime, { bar: performance.now(), decided: Number.NaN });
      else if (e.type === 'decision') {
        const st = stageAt.get(e.openTime);
        if (st) st.decided = performance.now();
      } else if (e.type === 'order') barOf.set(e.intent.clientOrderId, e.intent.barOpenTime);
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
    live.close();
    engine.parts.journal?.close();
    const from = measured[0] ?? 0;
    const wire: number[] = [];
    const exchange: number[] = [];
    const stages = { feed: [] as number[], decide: [] as number[], send: [] as number[] };
    for (const r of s.requests.slice(from)) {
      if (r.method !== 'POST' || r.clientOrderId === null) continue;
      const bar = barOf.get(r.clientOrderId);
      const t0 = bar === undefined ? undefined : receivedAt.get(bar);
      const sent = sentAt.get(r.clientOrderId);
      const stage = bar === undefined ? undefined : stageAt.get(bar);
      if (t0 === undefined || sent === undefined || stage === undefined) continue;
      wire.push(sent - t0);
      exchange.push(r.t - t0);
      stages.feed.push(stage.bar - t0);
      stages.decide.push(stage.decided - stage.bar);
      stages.send.push(sent - stage.decided);
    }
    const median = (v: number[]): number => percentiles(v).p50Ms;
    return {
      ...percentiles(wire),
      atExchange: percentiles(exchange),
      stages: { feed: median(stages.feed), decide: median(stages.decide), send: median(stages.send) },
      samples: wire.length,
      bars,
    };
  } finally {
    unsubscribe(ORDER_SENT_CHANNEL, onSent);
    await s.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
