import { afterEach, describe, expect, it } from 'vitest';
import { Rng } from '../../src/engine/core/rng.js';
import { MINUTE_MS } from '../../src/engine/core/types.js';
import type { BinanceTestServer } from '../support/binanceServer.js';
import { useBinanceServer } from '../support/useBinanceServer.js';
import { LIVE_SERVER, runFeed } from './feedHarness.js';

const startServer = useBinanceServer();
let harness: ReturnType<typeof runFeed> | null = null;

afterEach(async () => {
  await harness?.stop();
  harness = null;
});

/** Every emitted bar must be the exchange's final candle for that minute, field for field. */
function expectRealClosedCandles(
  s: BinanceTestServer,
  bars: {
    bar: { openTime: number; close: number; volume: number; high: number; low: number; open: number };
  }[],
): void {
  const byTime = new Map(s.candles.map((c) => [c.openTime, c]));
  for (const { bar } of bars) {
    const c = byTime.get(bar.openTime);
    expect(c, `bar ${bar.openTime} exists on the exchange`).toBeDefined();
    if (!c) continue;
    expect(
      [bar.open, bar.high, bar.low, bar.close, bar.volume],
      `bar ${bar.openTime} is the closed candle, not a forming one`,
    ).toEqual([c.open, c.high, c.low, c.close, c.volume].map(Number));
  }
}

function expectContiguous(times: number[]): void {
  const steps = new Set(times.slice(1).map((t, i) => t - (times[i] as number)));
  expect(
    [...steps],
    'consecutive bars are exactly one minute apart (no gap, no duplicate, no reorder)',
  ).toEqual([MINUTE_MS]);
}

describe('LiveFeed against the Binance test server', () => {
  it('returns every closed candle exactly once and in order through 100 disconnects and 10 stalls over 2,000 real candles', async () => {
    const s = await startServer({ ...LIVE_SERVER, initialClosed: 300 });
    harness = runFeed(s, { warmupBars: 120 });
    const h = harness;
    await h.caughtUp('first live bar');
    s.advance(1);
    await h.caughtUp();

    const rng = new Rng(2024);
    const drops = new Set<number>();
    while (drops.size < 100) drops.add(Math.floor(rng.next() * 2000));
    const stalls = new Set<number>();
    while (stalls.size < 10) {
      const i = Math.floor(rng.next() * 2000);
      if (!drops.has(i)) stalls.add(i);
    }
    const startOpen = h.lastOpenTime() as number;
    for (let i = 0; i < 2000; i++) {
      s.advance(1);
      if (drops.has(i)) {
        s.dropConnections();
        s.advance(1 + Math.floor(rng.next() * 3)); // candles published while the client is away
        await h.caughtUp(`recovery from drop ${i}`);
      } else if (stalls.has(i)) {
        s.stallConnections();
        s.advance(1 + Math.floor(rng.next() * 3));
        await h.caughtUp(`recovery from stall ${i}`);
      } else if (i % 25 === 0) {
        await h.caughtUp();
      }
    }
    await h.caughtUp('the end');

    const times = h.bars.map((b) => b.bar.openTime);
    expectContiguous(times);
    expect(new Set(times).size, 'no bar emitted twice').toBe(times.length);
    const live = h.bars.filter((b) => b.bar.openTime > startOpen);
    expect(live.length, 'every published candle after the start reached the consumer').toBe(
      ((s.lastClosed()?.openTime as number) - startOpen) / MINUTE_MS,
    );
    expect(live.length).toBeGreaterThan(2000);
    expectRealClosedCandles(s, h.bars);
    const st = h.feed.stats;
    expect(st.reconnects, 'each drop and stall forced a reconnect').toBeGreaterThanOrEqual(110);
    expect(st.stalls, 'each stall was detected by the watchdog, not by a close').toBeGreaterThanOrEqual(10);
    expect(st.backfilledBars, 'candles missed while disconnected came from REST').toBeGreaterThan(100);
    expect(st.missingMinutes).toBe(0);
    expect(h.bars.filter((b) => b.source === 'warmup').length).toBe(120);
  });

  it('returns warmup history from REST, then live bars, and never a forming candle as closed', async () => {
    const s = await startServer({ ...LIVE_SERVER, initialClosed: 400, updatesPerBar: 3 });
    harness = runFeed(s, { warmupBars: 200 });
    const h = harness;
    await h.caughtUp();
    for (let i = 0; i < 30; i++) {
      s.advance(1);
      s.tick();
    }
    await h.caughtUp();
    const warm = h.bars.filter((b) => b.source === 'warmup');
    expect(warm.length).toBe(200);
    expect(warm.at(-1)?.bar.openTime, 'warmup ends at the last closed candle').toBe(s.candles[399]?.openTime);
    expect(h.bars.filter((b) => b.source === 'stream').length).toBe(30);
    expectContiguous(h.bars.map((b) => b.bar.openTime));
    expectRealClosedCandles(s, h.bars);
    const ticks = h.events.filter((e) => e.type === 'tick');
    expect(ticks.length, 'open klines reach the consumer as ticks').toBeGreaterThan(0);
    const closedTimes = new Set(h.bars.map((b) => b.bar.openTime));
    const formingVolumes = ticks.map((t) => t.bar.volume);
    expect(
      formingVolumes.some(
        (v, i) => v !== Number(s.candles.find((c) => c.openTime === ticks[i]?.bar.openTime)?.volume),
      ),
    ).toBe(true);
    expect(h.feed.stats.status).toBe('live');
    expect(closedTimes.size).toBe(h.bars.length);
  });

  it('returns the next bars after malformed frames, counting each one', async () => {
    const s = await startServer({ ...LIVE_SERVER, initialClosed: 50 });
    harness = runFeed(s);
    const h = harness;
    await h.connected();
    s.advance(1);
    await h.caughtUp();
    const kinds = [
      'garbage',
      'truncated',
      'binary',
      'nanPrice',
      'wrongSymbol',
      'missingField',
      'notKline',
    ] as const;
    for (const k of kinds) s.sendMalformed(k);
    s.advance(5);
    await h.caughtUp();
    expect(h.feed.stats.malformed, 'every bad frame is counted').toBe(kinds.length);
    const invalid = h.events.filter((e) => e.type === 'dataQuality' && e.kind === 'invalid');
    expect(invalid.length).toBe(kinds.length);
    for (const e of invalid) if (e.type === 'dataQuality') expect(e.detail).not.toContain('\n');
    expect(h.feed.stats.reconnects, 'bad frames do not cost the connection').toBe(0);
    expectContiguous(h.bars.map((b) => b.bar.openTime));
  });

  it('returns repeated and reordered candles once, in order, and counts the dropped copies', async () => {
    const s = await startServer({ ...LIVE_SERVER, initialClosed: 50 });
    harness = runFeed(s);
    const h = harness;
    await h.connected();
    s.advance(3);
    await h.caughtUp();
    s.resendClosed(0); // the latest again
    s.resendClosed(2); // an older one, late
    s.advance(4, { reverse: true }); // newest first: the older three must come from REST
    await h.caughtUp();
    s.advance(1);
    await h.caughtUp();
    expectContiguous(h.bars.map((b) => b.bar.openTime));
    const st = h.feed.stats;
    expect(st.duplicates).toBe(1);
    expect(st.outOfOrder, 'one late resend plus the three reordered closes').toBe(4);
    expect(st.backfilledBars, 'the reversed closes were filled from REST before the newest').toBe(3);
    expectRealClosedCandles(s, h.bars);
  });

  it('returns to live after a stall on a socket that still answers pings', async () => {
    const s = await startServer({ ...LIVE_SERVER, initialClosed: 50, pingIntervalMs: 20 });
    harness = runFeed(s);
    const h = harness;
    await h.connected();
    s.advance(1);
    await h.caughtUp();
    s.stallConnections();
    s.advance(3);
    await h.until(() => h.feed.stats.stalls === 1, 'the watchdog');
    await h.caughtUp();
    await h.live();
    const statuses = h.events.flatMap((e) => (e.type === 'feed' ? [e.status] : []));
    expect(statuses.slice(-4), 'stale, reconnecting, connected, then live').toEqual([
      'stale',
      'reconnecting',
      'connecting',
      'live',
    ]);
    expect(h.events.some((e) => e.type === 'reconnect' && e.attempt === 1)).toBe(true);
    expect(s.stalledPongs, 'the stalled socket kept answering the server pings').toBeGreaterThan(0);
    expectContiguous(h.bars.map((b) => b.bar.openTime));
  });

  it('returns the bars missed since resumeAfter before the first live one', async () => {
    const s = await startServer({ ...LIVE_SERVER, initialClosed: 200 });
    const resumeAfter = s.candles[150]?.openTime as number;
    harness = runFeed(s, { resumeAfter, warmupBars: 500 });
    const h = harness;
    await h.connected();
    s.advance(1);
    await h.caughtUp();
    expect(h.bars[0]?.bar.openTime, 'continues right after the restored bar').toBe(resumeAfter + MINUTE_MS);
    expect(h.bars.filter((b) => b.source === 'backfill').length).toBe(49);
    expect(
      h.bars.some((b) => b.source === 'warmup'),
      'a restored state needs no warmup',
    ).toBe(false);
    expectContiguous(h.bars.map((b) => b.bar.openTime));
  });

  it('returns the backfill only after the Retry-After of a 429 has passed', async () => {
    const s = await startServer({ ...LIVE_SERVER, initialClosed: 100 });
    const klineCalls = () => s.requests.filter((r) => r.path === '/api/v3/klines');
    const waits: { ms: number; callsWhenFired: number }[] = [];
    const timers = {
      setTimeout: (fn: () => void, ms: number) => {
        const w = { ms, callsWhenFired: -1 };
        if (ms >= 1000) waits.push(w);
        return setTimeout(() => {
          w.callsWhenFired = klineCalls().length;
          fn();
        }, ms);
      },
      clearTimeout: (h: unknown) => clearTimeout(h as ReturnType<typeof setTimeout>),
    };
    s.failNext({ status: 429, retryAfterSec: 1, path: '/api/v3/klines' });
    harness = runFeed(s, { warmupBars: 10, timers });
    const h = harness;
    s.tick();
    await h.caughtUp();
    expect(klineCalls().map((r) => r.status)).toEqual([429, 200]);
    const wait = waits.find((w) => w.ms === 1000);
    expect(wait, 'the feed slept exactly the Retry-After').toBeDefined();
    expect(wait?.callsWhenFired, 'no klines request was sent during the wait').toBe(1);
    expect(
      h.events.some(
        (e) => e.type === 'feed' && e.status === 'stale' && e.detail.includes('retry in 1000 ms'),
      ),
    ).toBe(true);
    expect(h.bars.length).toBe(10);
  });

  it('returns USD-M history from /fapi/v1/klines and ends with an "ended" status on stop()', async () => {
    const s = await startServer({ ...LIVE_SERVER, initialClosed: 100 });
    harness = runFeed(s, { market: 'usdm', warmupBars: 30 });
    const h = harness;
    await h.caughtUp();
    expect(s.requests.filter((r) => r.path === '/fapi/v1/klines').length).toBeGreaterThan(0);
    expect(s.requests.some((r) => r.path === '/api/v3/klines')).toBe(false);
    expect(h.bars.length).toBe(30);
    await h.stop();
    harness = null;
    const last = h.events.at(-1);
    expect(last?.type === 'feed' && last.status).toBe('ended');
    for (let i = 0; i < 100 && s.connections() > 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(s.connections(), 'the socket is closed').toBe(0);
  });
});
