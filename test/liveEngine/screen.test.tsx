import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import type { Clock } from '../../src/engine/core/types.js';
import { runLive } from '../../src/engine/live.js';
import { openLiveSession } from '../../src/engine/liveSession.js';
import { Header } from '../../src/ui/Header.js';
import { useBinanceServer } from '../support/useBinanceServer.js';
import { Waiter, feedFor, useTmpDir, writeStrategy } from './support.js';

const startServer = useBinanceServer();
const tmp = useTmpDir();

describe('the live console header (PAPER on the loopback feed)', () => {
  it('returns snapshots whose clock keeps moving without candles and whose feed shows state, age and reconnects', async () => {
    const s = await startServer({ initialClosed: 300, repeatFormingMs: 40 });
    const dir = tmp();
    // The live wall clock, set by the test: a candle's age is this minus its open time.
    let now = s.candles[300]!.openTime + 5_000;
    const clock: Clock = { now: () => now };
    const live = await openLiveSession({
      symbol: s.symbol,
      market: 'spot',
      venue: 'paper',
      executor: null,
      clock,
      stateDir: `${dir}/state`,
      reportsDir: `${dir}/reports`,
      startCash: 10_000,
      feeRate: 0.001,
      slippageBps: 1,
      strategy: writeStrategy(dir),
      modelDir: null,
      sentimentDir: null,
      screen: true,
    });
    const engine = live.engine;
    const waiter = new Waiter();
    engine.addListener(() => waiter.poke());
    const published: number[] = [];
    const unsubscribe = engine.subscribe(() => published.push(engine.getSnapshot().now));
    const abort = new AbortController();
    const run = runLive(engine, feedFor(s, live.resumeAfter), {
      signal: abort.signal,
      resumed: live.resumed,
      heartbeatMs: 20,
    });
    await waiter.until(() => engine.feedStatus === 'live', 'live');
    s.advance(1);
    await waiter.until(() => engine.lastBarOpenTime === s.lastClosed()?.openTime, 'a decision');
    s.dropConnections();
    await waiter.until(() => engine.reconnects >= 1 && engine.feedStatus === 'live', 'reconnected');

    // No candle from here on: only the heartbeat publishes, with the clock's time.
    now += 95_000;
    await waiter.until(() => published.at(-1) === now, 'a heartbeat snapshot at the new time');
    const snap = engine.getSnapshot();
    expect(snap.mode).toBe('PAPER');
    expect(snap.feed.status).toBe('live');
    expect(snap.feed.reconnects, 'the drop is counted').toBe(engine.reconnects);
    expect(snap.feed.lastCandleTs, 'the age counts from the candle close').toBe(
      s.lastClosed()!.openTime + 60_000,
    );
    const { lastFrame, unmount } = render(<Header data={snap} width={140} />);
    const text = lastFrame() ?? '';
    expect(text).toMatch(/ETHUSDT 1m PAPER spot/);
    expect(text).toMatch(/LIVE/);
    expect(text, 'age from the close: 100 s after the open is 40 s after the close').toMatch(
      /last candle .* UTC, 40s ago/,
    );
    expect(text).toMatch(new RegExp(`reconnects ${engine.reconnects}`));
    unmount();
    unsubscribe();
    abort.abort();
    await run;
    live.close();
  });
});
