import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { describe, expect, it } from 'vitest';
import { ORDER_SENT_CHANNEL } from '../../src/engine/execution/binanceRest.js';
import type { OrderSentMessage } from '../../src/engine/execution/binanceRest.js';
import { intent, spotExecutor, usdmExecutor, useExchange } from './executorHarness.js';

const exchange = useExchange();

describe('the executors’ order connection', () => {
  it('returns every order on the connection opened at sync (keep-alive: no handshake on the order path)', async () => {
    const { clock, server: s } = await exchange();
    const { ex } = spotExecutor(s, clock);
    await ex.sync();
    const ping = s.requests.filter((r) => r.path === '/api/v3/ping');
    expect(ping, 'sync ends by opening the order connection').toHaveLength(1);
    for (let i = 0; i < 4; i++) {
      const r = await ex.place(intent(i % 2 === 0 ? 'BUY' : 'SELL', '0.0100'), 0, clock.now());
      expect(r.status).toBe('filled');
    }
    const posts = s.requests.filter((r) => r.method === 'POST');
    expect(posts).toHaveLength(4);
    expect(new Set(posts.map((r) => r.conn)), 'all four orders went over the pinged connection').toEqual(
      new Set([ping[0]!.conn]),
    );
    await ex.close();
  });

  it('returns a fresh connection after a hung order, whose socket is torn down, and still never resends', async () => {
    const { clock, server: s } = await exchange();
    const { ex } = usdmExecutor(s, clock);
    await ex.sync();
    s.orderFault({ kind: 'hang' });
    const hung = intent('SELL', '0.010');
    expect((await ex.place(hung, 0, clock.now())).status, 'found by the look-up').toBe('filled');
    const next = intent('BUY', '0.010');
    expect((await ex.place(next, 0, clock.now())).status).toBe('filled');
    const conn = (id: string) => s.requests.find((r) => r.method === 'POST' && r.clientOrderId === id)!.conn;
    expect(conn(next.clientOrderId), 'the hung socket is not reused').not.toBe(conn(hung.clientOrderId));
    expect(s.orderPosts(hung.clientOrderId)).toBe(1);
    await ex.close();
  });

  it('returns the order-sent mark (id and time) before the exchange sees the request, only for order posts', async () => {
    const { clock, server: s } = await exchange();
    const { ex } = spotExecutor(s, clock);
    await ex.sync();
    const marks: OrderSentMessage[] = [];
    const onSent = (m: unknown): void => void marks.push(m as OrderSentMessage);
    subscribe(ORDER_SENT_CHANNEL, onSent);
    try {
      const order = intent('BUY', '0.0100');
      await ex.place(order, 0, clock.now());
      await ex.lookup(order.clientOrderId);
      expect(
        marks.map((m) => m.clientOrderId),
        'one mark, for the POST only',
      ).toEqual([order.clientOrderId]);
      const seen = s.requests.find((r) => r.method === 'POST')!;
      expect(marks[0]!.at, 'written before it was read').toBeLessThanOrEqual(seen.t);
    } finally {
      unsubscribe(ORDER_SENT_CHANNEL, onSent);
    }
    await ex.close();
  });

  it('returns a STALE_BAR skip without sending for the held bar, and sends every other bar’s order', async () => {
    const { clock, server: s } = await exchange();
    const { ex } = spotExecutor(s, clock);
    await ex.sync();
    const stale = intent('BUY', '0.0100');
    const other = intent('BUY', '0.0100');
    ex.holdBar({
      openTime: stale.barOpenTime,
      reason: 'STALE_BAR',
      detail: 'bar 10:00 UTC closed 7 min ago',
    });
    expect(await ex.place(stale, 0, clock.now())).toEqual({
      status: 'skipped',
      reason: 'STALE_BAR',
      detail: 'bar 10:00 UTC closed 7 min ago',
    });
    expect((await ex.place(other, 0, clock.now())).status, 'a flatten or another bar goes out').toBe(
      'filled',
    );
    expect(s.orderPosts(stale.clientOrderId), 'nothing sent for the held bar').toBe(0);
    ex.holdBar(null);
    expect((await ex.place(stale, 0, clock.now())).status, 'released: sent as usual').toBe('filled');
    await ex.close();
  });
});
