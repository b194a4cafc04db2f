import { performance } from 'node:perf_hooks';
import { afterEach, describe, expect, it } from 'vitest';
import { MINUTE_MS } from '../../src/engine/core/types.js';
import { useBinanceServer } from '../support/useBinanceServer.js';
import { runFeed } from './feedHarness.js';

const startServer = useBinanceServer();
let harness: ReturnType<typeof runFeed> | null = null;

afterEach(async () => {
  await harness?.stop();
  harness = null;
});

describe('LiveFeed receive stamps and market time', () => {
  it('returns the forming candle the exchange sends right with the handshake', async () => {
    // No repeats: the one frame sent on connect is the only one, so losing it would hang here.
    const s = await startServer({ initialClosed: 300, repeatFormingMs: 0 });
    s.tick();
    const before = performance.now();
    harness = runFeed(s);
    const h = harness;
    await h.until(() => h.events.some((e) => e.type === 'tick'), 'the tick sent on connect');
    const tick = h.events.find((e) => e.type === 'tick');
    expect(tick?.type === 'tick' && tick.bar.openTime).toBe(s.candles[300]!.openTime);
    const at = tick?.type === 'tick' ? tick.receivedAt : Number.NaN;
    expect(at, 'stamped when the bytes arrived, on the performance.now() clock').toBeGreaterThan(before);
    expect(at).toBeLessThanOrEqual(performance.now());
  });

  it('returns stream bars at market time = their close, and backfilled bars aged against the newest minute', async () => {
    const s = await startServer({ initialClosed: 300, repeatFormingMs: 40 });
    harness = runFeed(s, { warmupBars: 50 });
    const h = harness;
    await h.caughtUp('warm-up');
    s.advance(1);
    await h.caughtUp('a stream bar');
    const streamed = h.bars.at(-1)!;
    expect(streamed.source).toBe('stream');
    expect(streamed.marketTime, 'a closed kline: the minute it ended').toBe(
      streamed.bar.openTime + MINUTE_MS,
    );
    const warm = h.bars.find((b) => b.source === 'warmup')!;
    expect(warm.marketTime, 'warm-up bars are aged against the first kline seen').toBe(
      s.candles[300]!.openTime,
    );

    s.dropConnections();
    s.advance(6); // closed while the client is away; the 7th minute is forming when it reconnects
    await h.caughtUp('backfill');
    const filled = h.bars.filter((b) => b.source === 'backfill');
    expect(filled.length).toBeGreaterThanOrEqual(5);
    const newest = s.candles[s.closedCount()]!.openTime; // the forming minute
    for (const b of filled) {
      expect(b.marketTime, `bar ${b.bar.openTime} is aged against the forming minute`).toBeGreaterThanOrEqual(
        newest - MINUTE_MS,
      );
    }
    const oldest = filled[0]!;
    expect(
      oldest.marketTime - (oldest.bar.openTime + MINUTE_MS),
      'closed minutes before now',
    ).toBeGreaterThan(2 * MINUTE_MS);
  });
});
