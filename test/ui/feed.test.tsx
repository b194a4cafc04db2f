import { afterEach, describe, expect, it } from 'vitest';
import type { Snapshot } from '../../src/engine/core/snapshot.js';
import { makeSnapshot } from './fakeEngine.js';
import { renderApp } from './renderApp.js';
import type { Rendered } from './renderApp.js';

let app: Rendered | null = null;
afterEach(() => app?.unmount());

const base = makeSnapshot({ mode: 'PAPER', replaySpeed: undefined });
const withFeed = (feed: Partial<Snapshot['feed']>, extra: Partial<Snapshot> = {}): Snapshot => ({
  ...base,
  feed: { ...base.feed, ...feed },
  ...extra,
});

describe('feed status in the header', () => {
  it('returns CONNECTING before the first candle', async () => {
    app = await renderApp(
      withFeed({ status: 'connecting', lastCandleTs: null, detail: 'wss://stream.binance.com' }),
    );
    const line = app.lines()[1]!;
    expect(line).toContain('CONNECTING…');
    expect(line).toContain('no candle yet');
  });

  it('returns RECONNECTING with the reconnect count', async () => {
    app = await renderApp(withFeed({ status: 'reconnecting', reconnects: 3, detail: 'socket closed 1006' }));
    const line = app.lines()[1]!;
    expect(line).toContain('RECONNECTING…');
    expect(line).toContain('reconnects 3');
  });

  it('returns STALE FEED with the age of the last candle computed against snapshot.now', async () => {
    const last = base.feed.lastCandleTs!;
    app = await renderApp(withFeed({ status: 'stale' }, { now: last + 3 * 60_000 + 12_000 }));
    expect(app.lines()[1]).toContain('STALE FEED: no candle for 3m12s');
    expect(app.lines()[1]).toContain('3m12s ago');
  });

  it('returns LIVE, PAPER mode and no replay speed for a healthy live feed', async () => {
    app = await renderApp(withFeed({ status: 'live', detail: '' }));
    expect(app.lines()[0]).toContain('PAPER');
    expect(app.lines()[0]).not.toContain('10x');
    expect(app.lines()[1]).toContain('LIVE');
  });

  it('returns FEED ENDED and an unhealthy executor', async () => {
    app = await renderApp(
      withFeed(
        { status: 'ended' },
        { executor: { state: 'faulted', detail: 'testnet 401: bad key' }, mode: 'TESTNET' },
      ),
      { columns: 120, rows: 40 },
    );
    expect(app.lines()[0]).toContain('TESTNET');
    expect(app.lines()[1]).toContain('FEED ENDED');
    expect(app.lines()[1]).toContain('executor faulted: testnet 401: bad key');
  });

  it('returns the new status when the engine publishes one', async () => {
    app = await renderApp(withFeed({ status: 'live' }));
    app.engine.publish({ feed: { ...base.feed, status: 'reconnecting' } });
    await app.waitFor((f) => f.includes('RECONNECTING…'), 'RECONNECTING after publish');
  });
});
