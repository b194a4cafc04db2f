import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { Executor } from '../../src/engine/core/executor.js';
import { Rng } from '../../src/engine/core/rng.js';
import type { Bar, Market } from '../../src/engine/core/types.js';
import { ORDER_SENT_CHANNEL } from '../../src/engine/execution/binanceRest.js';
import type { OrderSentMessage } from '../../src/engine/execution/binanceRest.js';
import { BinanceSpotExecutor } from '../../src/engine/execution/binanceSpotExecutor.js';
import { BinanceUsdmExecutor } from '../../src/engine/execution/binanceUsdmExecutor.js';
import { LiveFeed } from '../../src/engine/feed/liveFeed.js';
import { startBinanceServer } from '../support/binanceServer.js';

export interface LiveLatencyOptions {
  readonly market?: Market;
  /** Closed candles measured (after `discard`). Default 300. */
  readonly bars?: number;
  /** First samples dropped (JIT, connection set-up). Default 20. */
  readonly discard?: number;
  readonly warmupBars?: number;
  /**
   * The decision for one closed bar, given an executor wired to the same loopback exchange. The
   * engine plugs in here (features → agents → risk → planner → executor.place); it should send
   * at most one order. Default: alternate BUY/SELL of a small quantity.
   */
  readonly onBar?: (bar: Bar, executor: Executor, index: number) => Promise<void>;
}

export interface LiveLatencyResult {
  readonly samples: number;
  readonly barsWithoutOrder: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly meanMs: number;
  /** Ending where the exchange's request handler starts (loopback hop and its parsing added). */
  readonly atExchange: { readonly p50Ms: number; readonly p99Ms: number };
}

function nearestRank(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] as number;
}

/**
 * Closed candle received → order request on the wire, on loopback: from the moment the kline
 * frame's bytes reach the process (the bar's `receivedAt`) to the moment the order request's
 * bytes are handed to the socket (ORDER_SENT_CHANNEL); `atExchange` ends where the test
 * exchange's request handler starts instead. All stamps are performance.now() in this process,
 * so they share one clock. No assertion here: callers print or compare the numbers.
 */
export async function measureLiveLatency(opts: LiveLatencyOptions = {}): Promise<LiveLatencyResult> {
  const market = opts.market ?? 'spot';
  const total = (opts.bars ?? 300) + (opts.discard ?? 20);
  const server = await startBinanceServer({ initialClosed: 300, updatesPerBar: 1 });
  const created =
    market === 'spot'
      ? BinanceSpotExecutor.create({
          symbol: server.symbol,
          baseUrl: server.restBase,
          ...server.spotCredentials,
        })
      : BinanceUsdmExecutor.create({
          symbol: server.symbol,
          baseUrl: server.restBase,
          ...server.futuresCredentials,
        });
  if (!created.ok) throw new Error(created.error);
  const executor: Executor = created.value;
  await executor.sync();
  const qty = market === 'spot' ? '0.0100' : '0.010';
  const onBar =
    opts.onBar ??
    (async (bar: Bar, ex: Executor, i: number): Promise<void> => {
      await ex.place(
        {
          clientOrderId: `bench-${bar.openTime.toString(36)}-${i}`,
          symbol: server.symbol,
          side: i % 2 === 0 ? 'BUY' : 'SELL',
          quantity: qty,
          barOpenTime: bar.openTime,
          targetPosition: 0,
          reduceOnly: false,
        },
        bar.close,
        bar.closeTime + 1,
      );
    });
  const feed = new LiveFeed({
    symbol: server.symbol,
    market,
    wsBase: server.wsBase,
    restBase: server.restBase,
    warmupBars: opts.warmupBars ?? 0,
    clock: server.marketClock,
    rng: new Rng(1),
    stallMs: 60_000,
  });
  const latencies: number[] = [];
  const atExchange: number[] = [];
  let withoutOrder = 0;
  const sentAt = new Map<string, number>();
  const onSent = (m: unknown): void => {
    const msg = m as OrderSentMessage;
    sentAt.set(msg.clientOrderId, msg.at);
  };
  subscribe(ORDER_SENT_CHANNEL, onSent);
  const signal: { done: (() => void) | null; ready: (() => void) | null } = { done: null, ready: null };
  const connected = new Promise<void>((r) => (signal.ready = r));
  feed.start();
  const consumer = (async () => {
    let i = 0;
    for await (const ev of feed.events()) {
      if (ev.type === 'tick' || (ev.type === 'feed' && ev.status === 'live')) signal.ready?.();
      if (ev.type !== 'bar' || ev.source !== 'stream') continue;
      const before = server.requests.length;
      await onBar(ev.bar, executor, i);
      const post = server.requests
        .slice(before)
        .find((r) => r.method === 'POST' && r.path.endsWith('/order'));
      if (i >= (opts.discard ?? 20)) {
        const sent = post?.clientOrderId ? sentAt.get(post.clientOrderId) : undefined;
        if (post && sent !== undefined) {
          latencies.push(sent - ev.receivedAt);
          atExchange.push(post.t - ev.receivedAt);
        } else withoutOrder++;
      }
      i++;
      signal.done?.();
    }
  })();
  try {
    server.tick();
    await connected;
    for (let n = 0; n < total; n++) {
      const finished = new Promise<void>((r) => (signal.done = r));
      server.advance(1);
      await finished;
    }
  } finally {
    unsubscribe(ORDER_SENT_CHANNEL, onSent);
    await feed.stop();
    await consumer;
    await executor.close();
    await server.close();
  }
  const sorted = [...latencies].sort((a, b) => a - b);
  const exch = [...atExchange].sort((a, b) => a - b);
  return {
    samples: sorted.length,
    barsWithoutOrder: withoutOrder,
    p50Ms: nearestRank(sorted, 0.5),
    p99Ms: nearestRank(sorted, 0.99),
    maxMs: sorted.at(-1) ?? Number.NaN,
    meanMs: sorted.reduce((a, b) => a + b, 0) / Math.max(1, sorted.length),
    atExchange: { p50Ms: nearestRank(exch, 0.5), p99Ms: nearestRank(exch, 0.99) },
  };
}
