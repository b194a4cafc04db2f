import { describe, expect, it } from 'vitest';
import type { OrderResult } from '../../src/engine/core/executor.js';
import type { OrderIntent } from '../../src/engine/core/types.js';
import { MINUTE_MS } from '../../src/engine/core/types.js';
import { formatVerify } from '../../src/engine/verify/formatVerify.js';
import { verifyJournal } from '../../src/engine/verify/verifyJournal.js';
import { useBinanceServer } from '../support/useBinanceServer.js';
import { journalRecords, spotExecutorFor, startLive, useTmpDir } from './support.js';
import type { LiveOpts } from './support.js';

const startServer = useBinanceServer();
const tmp = useTmpDir();

interface OrderOutcome {
  readonly intent: OrderIntent;
  readonly result: OrderResult | null;
}

function ordersOf(path: string): OrderOutcome[] {
  const recs = journalRecords(path);
  return recs
    .filter((r) => r.type === 'order')
    .map((r) => {
      const intent = r.intent as OrderIntent;
      const res = recs.find((x) => x.type === 'orderResult' && x.clientOrderId === intent.clientOrderId);
      return { intent, result: (res?.result as OrderResult | undefined) ?? null };
    });
}

describe('stale bars while catching up (testnet)', () => {
  it('returns STALE_BAR skips, nothing sent, for backfilled bars older than two minutes after a restart, and verify reproduces them', async () => {
    const s = await startServer({ initialClosed: 300, repeatFormingMs: 40 });
    const dir = tmp();
    // `hold` buys on every bar until it holds its target: every decided bar has an order.
    const opts: LiveOpts = { venue: 'spot-testnet', strategy: 'hold' };
    const a = await startLive(dir, s, { ...opts, executor: spotExecutorFor(s) });
    await a.step();
    await a.step();
    await a.stop();
    const downFrom = s.closedCount();
    s.advance(8); // closed while the process was down
    const forming = s.candles[s.closedCount()]!.openTime;

    const b = await startLive(dir, s, { ...opts, executor: spotExecutorFor(s) });
    expect(b.live.resumed).toBe(true);
    await b.caughtUp('catch-up');
    await b.step();
    const result = await b.stop();

    const missed = s.candles.slice(downFrom, downFrom + 8).map((c) => c.openTime);
    const stale = missed.filter((t) => forming - (t + MINUTE_MS) > 2 * MINUTE_MS);
    expect(stale.length, 'bars closed more than 2 minutes before the forming minute').toBe(5);
    expect(result.stale).toBe(stale.length);
    const decided = journalRecords(b.live.journalPath)
      .filter((r) => r.type === 'decision')
      .map((r) => (r.bar as { openTime: number }).openTime);
    for (const t of missed) expect(decided, `bar ${t} is decided and journaled`).toContain(t);

    const orders = ordersOf(b.live.journalPath);
    for (const t of missed) {
      const o = orders.find((x) => x.intent.barOpenTime === t);
      expect(o, `the hold strategy ordered on bar ${t}`).toBeDefined();
      if (!o) continue;
      if (stale.includes(t)) {
        expect(o.result, `bar ${t}: decided, not sent`).toMatchObject({
          status: 'skipped',
          reason: 'STALE_BAR',
        });
        expect(s.orderPosts(o.intent.clientOrderId), 'the exchange never saw it').toBe(0);
      } else {
        expect(o.result?.status, `bar ${t} is recent: its order goes out`).toBe('filled');
        expect(s.orderPosts(o.intent.clientOrderId)).toBe(1);
      }
    }
    expect(b.live.engine.parts.outcomes.skips.STALE_BAR, 'counted as a skip reason').toBe(stale.length);
    const account = await spotExecutorFor(s).sync();
    expect(b.live.engine.parts.portfolio.qty, 'position = exchange').toBeCloseTo(account.baseQty, 9);

    const v = await verifyJournal(b.live.journalPath);
    expect(v.status, formatVerify(v, b.live.journalPath)).toBe('identical');
  }, 60_000);

  it('returns STALE_BAR skips for the old part of a backfill after a disconnect, and trades on once current', async () => {
    const s = await startServer({ initialClosed: 300, repeatFormingMs: 40 });
    const dir = tmp();
    const a = await startLive(dir, s, {
      venue: 'spot-testnet',
      strategy: 'hold',
      executor: spotExecutorFor(s),
    });
    const skipped: string[] = [];
    a.live.engine.addListener((e) => {
      if (e.type === 'skip' && e.reason === 'STALE_BAR') skipped.push(e.detail);
    });
    await a.step();
    s.dropConnections();
    s.advance(5);
    await a.caughtUp('backfill after the drop');
    await a.step();
    const result = await a.stop();
    expect(result.stale, 'two of the five missed bars closed more than 2 minutes before the newest').toBe(2);
    expect(skipped).toHaveLength(2);
    expect(skipped[0], 'the skip says why').toMatch(/closed 4 min before the stream's latest minute/);
    const orders = ordersOf(a.live.journalPath);
    const last = orders.at(-1)!;
    expect(last.result?.status, 'the first current bar trades again').toBe('filled');
  }, 60_000);

  it('returns paper fills on stale bars (simulated at the historical next open) but counts them', async () => {
    const s = await startServer({ initialClosed: 300, repeatFormingMs: 40 });
    const a = await startLive(tmp(), s, { strategy: 'hold' });
    await a.step();
    s.dropConnections();
    const missed = s.candles.slice(s.closedCount(), s.closedCount() + 2).map((c) => c.openTime);
    s.advance(5);
    await a.caughtUp('backfill after the drop');
    const result = await a.stop();
    expect(result.stale).toBe(2);
    const orders = ordersOf(a.live.journalPath).filter((o) => missed.includes(o.intent.barOpenTime));
    expect(
      orders.map((o) => o.result?.status),
      'the two stale bars’ paper orders filled at the next open',
    ).toEqual(['filled', 'filled']);
    expect(a.live.engine.parts.outcomes.skips.STALE_BAR, 'paper has no order to hold back').toBe(0);
  }, 60_000);
});
