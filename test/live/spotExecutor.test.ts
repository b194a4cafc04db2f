import { describe, expect, it } from 'vitest';
import type { OrderResult } from '../../src/engine/core/executor.js';
import { intent, spotExecutor, useExchange } from './executorHarness.js';

const exchange = useExchange();

function filled(r: OrderResult) {
  if (r.status !== 'filled') throw new Error(`expected a fill, got ${JSON.stringify(r)}`);
  return r.fill;
}

describe('BinanceSpotExecutor against the Binance test server', () => {
  it('returns the symbol filters, balances and server time offset from sync()', async () => {
    const { clock, server: s } = await exchange();
    s.skewMs = 4321;
    const { ex } = spotExecutor(s, clock);
    const sync = await ex.sync();
    expect(sync.serverTimeOffsetMs, 'exchange clock minus ours').toBe(4321);
    expect(sync.filters).toEqual({
      symbol: 'ETHUSDT',
      baseAsset: 'ETH',
      quoteAsset: 'USDT',
      stepSize: '0.00010000',
      minQty: '0.00010000',
      maxQty: '3000.00000000', // MARKET_LOT_SIZE.maxQty is tighter than LOT_SIZE's 9000
      tickSize: '0.01000000',
      minNotional: 5,
    });
    expect(sync.quoteBalance).toBe(10000);
    expect(sync.baseQty).toBe(1);
  });

  it('returns fills whose price is cummulativeQuoteQty / executedQty and whose fee sums every fill', async () => {
    const { clock, server: s } = await exchange();
    const { ex } = spotExecutor(s, clock);
    await ex.sync();
    const price = Number(Number(s.lastPrice()).toFixed(2));
    const buy = filled(await ex.place(intent('BUY', '0.0500'), 0, clock.now()));
    // The server fills 0.025 at the last price and 0.025 one tick higher.
    const quote = 0.025 * price + 0.025 * (price + 0.01);
    expect(buy.quantity).toBe(0.05);
    expect(buy.price).toBeCloseTo(quote / 0.05, 8);
    expect(buy.price, 'the average, not the first fill').not.toBe(price);
    expect(buy.feeAsset).toBe('USDT');
    expect(buy.fee).toBeCloseTo(quote * 0.001, 6);
    const after = await ex.sync();
    expect(after.baseQty).toBeCloseTo(1.05, 10);
    expect(after.quoteBalance).toBeCloseTo(10000 - quote - quote * 0.001, 6);
    const sell = filled(await ex.place(intent('SELL', '1.0500'), 0, clock.now()));
    expect(sell.side).toBe('SELL');
    expect((await ex.sync()).baseQty).toBe(0);
  });

  it('returns the base-asset fee so an exit sized after fees fills and one sized before is refused with -2010', async () => {
    const { clock, server: s } = await exchange({ spotBalances: { USDT: '1000', ETH: '0' } });
    s.spot.feeMode = 'received'; // Binance with BNB fees off: a BUY pays its fee in ETH
    const { ex } = spotExecutor(s, clock);
    await ex.sync();
    const buy = filled(await ex.place(intent('BUY', '0.0500'), 0, clock.now()));
    expect(buy.feeAsset).toBe('ETH');
    expect(buy.fee).toBeCloseTo(0.00005, 12);
    expect((await ex.sync()).baseQty, 'gross quantity minus the ETH fee').toBeCloseTo(0.04995, 12);
    const oversell = await ex.place(intent('SELL', '0.0500'), 0, clock.now());
    expect(oversell).toEqual({
      status: 'rejected',
      code: -2010,
      message: 'Account has insufficient balance for requested action.',
    });
    filled(await ex.place(intent('SELL', '0.0499'), 0, clock.now()));
  });

  it('returns -1013 rejects for LOT_SIZE and NOTIONAL and -2010 for an unaffordable buy', async () => {
    const { clock, server: s } = await exchange();
    const { ex } = spotExecutor(s, clock);
    await ex.sync();
    expect(await ex.place(intent('BUY', '0.00015'), 0, clock.now())).toEqual({
      status: 'rejected',
      code: -1013,
      message: 'Filter failure: LOT_SIZE',
    });
    expect(await ex.place(intent('BUY', '0.0010'), 0, clock.now())).toEqual({
      status: 'rejected',
      code: -1013,
      message: 'Filter failure: NOTIONAL',
    });
    expect(await ex.place(intent('BUY', '10.0000'), 0, clock.now())).toMatchObject({
      status: 'rejected',
      code: -2010,
    });
    expect(s.spot.orders.length, 'nothing executed').toBe(0);
  });

  it('returns a fill after a -1021 by resyncing the clock and retrying once', async () => {
    const { clock, server: s } = await exchange();
    const { ex, logs } = spotExecutor(s, clock);
    await ex.sync();
    s.skewMs = 20_000; // the exchange clock jumps: our timestamps are now 20 s old
    const order = intent('BUY', '0.0100');
    filled(await ex.place(order, 0, clock.now()));
    const posts = s.requests.filter((r) => r.clientOrderId === order.clientOrderId && r.method === 'POST');
    expect(
      posts.map((r) => r.status),
      'one refusal, one accepted retry',
    ).toEqual([400, 200]);
    expect(s.spot.ordersFor(order.clientOrderId).length).toBe(1);
    expect(logs.some((l) => l.message.includes('-1021'))).toBe(true);
  });

  it('returns RATE_LIMITED without sending anything until the Retry-After of a 429 has passed', async () => {
    const { clock, server: s } = await exchange();
    const { ex } = spotExecutor(s, clock);
    await ex.sync();
    s.failNext({ status: 429, retryAfterSec: 30, path: '/api/v3/order', method: 'POST' });
    const first = await ex.place(intent('BUY', '0.0100'), 0, clock.now());
    expect(first).toMatchObject({ status: 'skipped', reason: 'RATE_LIMITED' });
    const sentBefore = s.requests.length;
    clock.set(clock.now() + 29_000);
    const during = await ex.place(intent('BUY', '0.0100'), 0, clock.now());
    expect(during).toMatchObject({ status: 'skipped', reason: 'RATE_LIMITED' });
    expect(during.status === 'skipped' && during.detail).toContain('resume in 1 s');
    expect(s.requests.length, 'no request of any kind during the wait').toBe(sentBefore);
    clock.set(clock.now() + 1_000);
    filled(await ex.place(intent('BUY', '0.0100'), 0, clock.now()));
  });

  it('returns RATE_LIMITED for a 418 ban, waiting the ban out even without a Retry-After header', async () => {
    const { clock, server: s } = await exchange();
    const { ex } = spotExecutor(s, clock);
    await ex.sync();
    s.failNext({ status: 418, path: '/api/v3/order' }); // "banned until <now + 120 s>" in the message only
    expect(await ex.place(intent('BUY', '0.0100'), 0, clock.now())).toMatchObject({
      status: 'skipped',
      reason: 'RATE_LIMITED',
    });
    const sent = s.requests.length;
    clock.set(clock.now() + 119_000);
    expect(await ex.place(intent('BUY', '0.0100'), 0, clock.now())).toMatchObject({ status: 'skipped' });
    expect(s.requests.length).toBe(sent);
    clock.set(clock.now() + 1_000);
    filled(await ex.place(intent('BUY', '0.0100'), 0, clock.now()));
  });

  it('returns the fill found by client order id after a timeout, with exactly one order on the exchange', async () => {
    const { clock, server: s } = await exchange();
    // Binance's documented rule: ids are unique among *open* orders only, so a blind resend
    // after a timeout would buy twice here.
    s.spot.duplicateMode = 'open-only';
    const { ex, logs } = spotExecutor(s, clock);
    await ex.sync();
    s.orderFault({ kind: 'delay', ms: 1500 });
    const order = intent('BUY', '0.0200');
    const fill = filled(await ex.place(order, 0, clock.now()));
    expect(fill.quantity).toBe(0.02);
    expect(fill.fee, 'fees read from the order trades').toBeGreaterThan(0);
    expect(s.orderPosts(order.clientOrderId), 'the order was sent once').toBe(1);
    expect(s.spot.ordersFor(order.clientOrderId).length).toBe(1);
    expect(s.requests.some((r) => r.method === 'GET' && r.path === '/api/v3/order')).toBe(true);
    expect(logs.some((l) => l.level === 'warn' && l.message.includes('looking it up'))).toBe(true);
  });

  it('returns fills or unknown after 5xx and hung responses, never sending an order twice', async () => {
    const { clock, server: s } = await exchange();
    const { ex } = spotExecutor(s, clock);
    await ex.sync();
    s.orderFault({ kind: 'status', status: 503, execute: true });
    const a = intent('BUY', '0.0100');
    filled(await ex.place(a, 0, clock.now()));
    s.orderFault({ kind: 'hang' });
    const b = intent('BUY', '0.0100');
    filled(await ex.place(b, 0, clock.now()));
    s.orderFault({ kind: 'status', status: 503, execute: false });
    const c = intent('BUY', '0.0100');
    const r = await ex.place(c, 0, clock.now());
    expect(r.status).toBe('unknown');
    expect(r.status === 'unknown' && r.detail).toContain('not resent');
    for (const o of [a, b, c]) expect(s.orderPosts(o.clientOrderId)).toBe(1);
    const again = await ex.place(c, 0, clock.now());
    expect(again.status, 'placing the same id again only looks it up').toBe('unknown');
    expect(s.orderPosts(c.clientOrderId)).toBe(1);
  });

  it('returns the first fill when the same client order id is placed twice', async () => {
    const { clock, server: s } = await exchange();
    const { ex } = spotExecutor(s, clock);
    await ex.sync();
    const order = intent('BUY', '0.0100');
    const first = filled(await ex.place(order, 0, clock.now()));
    const second = filled(await ex.place(order, 0, clock.now()));
    expect(second.quantity).toBe(first.quantity);
    expect(second.price).toBeCloseTo(first.price, 8);
    expect(s.orderPosts(order.clientOrderId)).toBe(1);
  });

  it('returns -2010 "Duplicate order sent." when a restarted executor reuses an id the exchange refuses', async () => {
    const { clock, server: s } = await exchange();
    s.spot.duplicateMode = 'always';
    const order = intent('BUY', '0.0100');
    const one = spotExecutor(s, clock).ex;
    await one.sync();
    filled(await one.place(order, 0, clock.now()));
    const two = spotExecutor(s, clock).ex; // a fresh process that does not remember the id
    await two.sync();
    expect(await two.place(order, 0, clock.now())).toEqual({
      status: 'rejected',
      code: -2010,
      message: 'Duplicate order sent.',
    });
    expect(await two.lookup(order.clientOrderId), 'the first order is still found by id').toMatchObject({
      status: 'filled',
    });
    expect(await two.lookup('drl-never-sent-1')).toBeNull();
  });
});
