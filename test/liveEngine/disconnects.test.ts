import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/engine/core/rng.js';
import type { FeedEvent } from '../../src/engine/feed/liveFeed.js';
import { useBinanceServer } from '../support/useBinanceServer.js';
import { journalRecords, startLive, useTmpDir } from './support.js';

const startServer = useBinanceServer();
const tmp = useTmpDir();

const CANDLES = 2000;
const DROPS = 100;
const STALLS = 10;

describe('live driver + real engine (paper) against the Binance test server', () => {
  it('returns exactly one decision per candle through 100 disconnects and 10 stalls over 2,000 candles', async () => {
    const s = await startServer({ initialClosed: 300, repeatFormingMs: 40 });
    const feedEvents: FeedEvent[] = [];
    const a = await startLive(tmp(), s, {}, { onFeedEvent: (ev) => feedEvents.push(ev) });
    const { live, waiter, decided, caughtUp } = a;
    const engine = live.engine;

    // Fault steps drawn from a seeded generator (the same run every time); a faulted step closes
    // up to 3 candles, so steps stay below 1,700 to be reached before the 2,000th candle.
    const rng = new Rng(2024);
    const faults = new Map<number, 'drop' | 'stall'>();
    const pick = (): number => 20 + Math.floor(rng.next() * 1680);
    while (faults.size < STALLS) faults.set(pick(), 'stall');
    while (faults.size < DROPS + STALLS) {
      const at = pick();
      if (!faults.has(at)) faults.set(at, 'drop');
    }
    let advanced = 0;
    let drops = 0;
    let stalls = 0;
    for (let step = 0; advanced < CANDLES; step++) {
      const fault = faults.get(step);
      if (fault === 'drop') {
        s.dropConnections();
        drops++;
      } else if (fault === 'stall') {
        s.stallConnections();
        stalls++;
      }
      // While the stream is down, 1–3 candles close that only REST can deliver.
      const n = fault ? Math.min(1 + Math.floor(rng.next() * 3), CANDLES - advanced) : 1;
      s.advance(n);
      advanced += n;
      await caughtUp(`candle ${advanced}`);
      if (fault) await waiter.until(() => s.connections() > 0 && engine.feedStatus === 'live', 'reconnected');
    }
    const result = await a.stop();
    live.close();

    const expected = s.candles.slice(300, 300 + CANDLES).map((c) => c.openTime);
    expect(drops).toBe(DROPS);
    expect(stalls).toBe(STALLS);
    expect(result.decided, 'one decision per candle').toBe(CANDLES);
    expect(decided, 'decision events: every candle once, in order').toEqual(expected);
    expect(new Set(decided).size, 'no duplicated decision').toBe(CANDLES);
    const journal = journalRecords(live.journalPath);
    const journaled = journal
      .filter((r) => r.type === 'decision')
      .map((r) => (r.bar as { openTime: number }).openTime);
    expect(journaled, 'journal decision lines: every candle once, in order').toEqual(expected);

    const reconnects = feedEvents.filter((e) => e.type === 'reconnect').length;
    expect(reconnects, 'every drop and stall forced a reconnect').toBeGreaterThanOrEqual(DROPS + STALLS);
    expect(engine.reconnects).toBe(result.feed.reconnects);
    expect(result.feed.stalls, 'stalls were detected by the watchdog').toBeGreaterThanOrEqual(STALLS);
    const backfilled = feedEvents.filter(
      (e): e is Extract<FeedEvent, { type: 'bar' }> => e.type === 'bar' && e.source === 'backfill',
    );
    expect(backfilled.length, 'the candles missed while down came from REST').toBeGreaterThanOrEqual(
      DROPS + STALLS,
    );
    expect(result.feed.backfilledBars).toBe(backfilled.length);
    expect(
      feedEvents.filter((e) => e.type === 'dataQuality' && e.kind === 'gap'),
      'no minute left unfilled',
    ).toEqual([]);
    expect(result.feed.warmupBars, 'warm-up fed the features before the first decision').toBe(300);
    // Orders happened along the way and every one got an outcome (paper fills at the next open).
    const orders = journal.filter((r) => r.type === 'order').length;
    const outcomes = journal.filter((r) => r.type === 'orderResult').length;
    expect(orders).toBeGreaterThan(50);
    expect(outcomes, 'the last order is still pending (it fills at the next open)').toBeGreaterThanOrEqual(
      orders - 1,
    );
  });

  it('returns a decision, not a warm-up, for the first candle when it arrives by backfill after a drop', async () => {
    const s = await startServer({ initialClosed: 300, repeatFormingMs: 40 });
    const a = await startLive(tmp(), s);
    const { live, waiter, decided } = a;
    s.dropConnections(); // the stream goes down before the session's first closed candle
    s.advance(1);
    await waiter.until(() => live.engine.lastBarOpenTime === s.lastClosed()?.openTime, 'the candle');
    const result = await a.stop();
    expect(decided, 'closed while the session was live: decided').toEqual([s.lastClosed()!.openTime]);
    expect(result.warmed, 'only the start-up history warmed the features').toBe(300);
    expect(result.feed.backfilledBars).toBe(1);
  });
});
