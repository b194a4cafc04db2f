import { describe, expect, it } from 'vitest';
import type { OrderResult } from '../../src/engine/core/executor.js';
import { intent, usdmExecutor, useExchange } from './executorHarness.js';

const exchange = useExchange();

function filled(r: OrderResult) {
  if (r.status !== 'filled') throw new Error(`expected a fill, got ${JSON.stringify(r)}`);
  return r.fill;
}

describe('BinanceUsdmExecutor against the Binance test server', () => {
  it('returns MARKET_LOT_SIZE and MIN_NOTIONAL for its own symbol, the USDT balance and the position', async () => {
    const { clock, server: s } = await exchange({ futuresWallet: '5000' });
    const { ex } = usdmExecutor(s, clock);
    const sync = await ex.sync();
    expect(sync.filters, 'ETHUSDT, not the BTCUSDT listed first').toEqual({
      symbol: 'ETHUSDT',
      baseAsset: 'ETH',
      quoteAsset: 'USDT',
      stepSize: '0.001',
      minQty: '0.001',
      maxQty: '2000',
      tickSize: '0.01',
      minNotional: 20,
    });
    expect(sync.quoteBalance).toBe(5000);
    expect(sync.baseQty).toBe(0);
  });

  it('returns a short fill with its USDT fee, then a reduceOnly buy back to flat', async () => {
    const { clock, server: s } = await exchange();
    const { ex } = usdmExecutor(s, clock);
    await ex.sync();
    const price = Number(Number(s.lastPrice()).toFixed(2));
    const short = filled(await ex.place(intent('SELL', '0.050'), 0, clock.now()));
    expect(short.quantity).toBe(0.05);
    expect(short.price).toBeCloseTo(price, 8);
    expect(short.feeAsset).toBe('USDT');
    expect(short.fee, 'taker 0.05% of the notional, read from userTrades').toBeCloseTo(
      0.05 * price * 0.0005,
      6,
    );
    expect((await ex.sync()).baseQty).toBe(-0.05);
    s.advance(5);
    const cover = filled(await ex.place(intent('BUY', '0.050', { reduceOnly: true }), 0, clock.now()));
    expect(cover.side).toBe('BUY');
    expect(s.usdm.orders.at(-1)?.reduceOnly, 'reduceOnly=true reached the exchange').toBe(true);
    expect(s.usdm.orders[0]?.reduceOnly).toBe(false);
    expect((await ex.sync()).baseQty).toBe(0);
  });

  it('returns the futures rejects: -4164 notional, -1111 precision, -2022 reduceOnly', async () => {
    const { clock, server: s } = await exchange();
    const { ex } = usdmExecutor(s, clock);
    await ex.sync();
    expect(await ex.place(intent('BUY', '0.001'), 0, clock.now())).toEqual({
      status: 'rejected',
      code: -4164,
      message: "Order's notional must be no smaller than 20 (unless you choose reduce only).",
    });
    expect(await ex.place(intent('BUY', '0.0105'), 0, clock.now())).toMatchObject({
      status: 'rejected',
      code: -1111,
    });
    expect(await ex.place(intent('SELL', '0.010', { reduceOnly: true }), 0, clock.now())).toEqual({
      status: 'rejected',
      code: -2022,
      message: 'ReduceOnly Order is rejected.',
    });
    expect(s.usdm.orders.length).toBe(0);
  });

  it('returns a one-line error from sync() when the account is in hedge mode', async () => {
    const { clock, server: s } = await exchange();
    s.usdm.dualSidePosition = true;
    const { ex } = usdmExecutor(s, clock);
    const err = await ex.sync().then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(err?.message).toMatch(/hedge mode.*one-way/);
    expect(err?.message).not.toContain('\n');
  });

  it('returns the fill found by client order id after a timeout, with one order on the exchange', async () => {
    const { clock, server: s } = await exchange();
    const { ex } = usdmExecutor(s, clock);
    await ex.sync();
    s.orderFault({ kind: 'delay', ms: 1500 });
    const order = intent('SELL', '0.020');
    const fill = filled(await ex.place(order, 0, clock.now()));
    expect(fill.quantity).toBe(0.02);
    expect(s.orderPosts(order.clientOrderId)).toBe(1);
    expect(s.usdm.ordersFor(order.clientOrderId).length).toBe(1);
    expect((await ex.sync()).baseQty).toBe(-0.02);
  });

  it('returns RATE_LIMITED until a 429 Retry-After passes', async () => {
    const { clock, server: s } = await exchange();
    const { ex } = usdmExecutor(s, clock);
    await ex.sync();
    s.failNext({ status: 429, retryAfterSec: 10, path: '/fapi/v1/order' });
    expect(await ex.place(intent('SELL', '0.010'), 0, clock.now())).toMatchObject({ reason: 'RATE_LIMITED' });
    const sent = s.requests.length;
    expect(await ex.place(intent('SELL', '0.010'), 0, clock.now())).toMatchObject({ reason: 'RATE_LIMITED' });
    expect(s.requests.length).toBe(sent);
    clock.set(clock.now() + 10_000);
    filled(await ex.place(intent('SELL', '0.010'), 0, clock.now()));
  });
});
