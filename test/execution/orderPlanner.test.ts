import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Market, SymbolFilters } from '../../src/engine/core/types.js';
import {
  CLIENT_ORDER_ID_RE,
  makeClientOrderId,
  sessionTag,
} from '../../src/engine/execution/clientOrderId.js';
import { parseStep } from '../../src/engine/execution/decimal.js';
import { OrderPlanner } from '../../src/engine/execution/orderPlanner.js';
import type { Plan } from '../../src/engine/execution/orderPlanner.js';
import { defaultFilters, hasKnownFilters } from '../../src/engine/execution/symbolFilters.js';

const T = Date.UTC(2024, 0, 2, 12, 0);

function planner(
  market: Market = 'spot',
  filters: SymbolFilters = defaultFilters('ETHUSDT', market),
  sessionId = 's1',
) {
  return new OrderPlanner({ sessionId, symbol: filters.symbol, filters, market });
}

function order(p: Plan) {
  if (p.kind !== 'order') throw new Error(`expected an order, got skip ${p.reason}: ${p.detail}`);
  return p;
}

describe('defaultFilters', () => {
  it('returns Binance spot values for ETHUSDT and BTCUSDT and a documented guess otherwise', () => {
    expect(defaultFilters('ETHUSDT')).toMatchObject({
      stepSize: '0.0001',
      minQty: '0.0001',
      minNotional: 5,
      tickSize: '0.01',
    });
    expect(defaultFilters('btcusdt')).toMatchObject({
      symbol: 'BTCUSDT',
      baseAsset: 'BTC',
      stepSize: '0.00001',
      minNotional: 5,
    });
    expect(defaultFilters('SOLUSDT')).toMatchObject({
      baseAsset: 'SOL',
      quoteAsset: 'USDT',
      stepSize: '0.001',
      minNotional: 5,
    });
    expect(defaultFilters('ETHBTC')).toMatchObject({
      baseAsset: 'ETH',
      quoteAsset: 'BTC',
      minNotional: 0.0001,
    });
    expect(hasKnownFilters('SOLUSDT')).toBe(false);
    expect(defaultFilters('ETHUSDT', 'usdm')).toMatchObject({ stepSize: '0.001', minNotional: 20 });
  });
});

describe('OrderPlanner sizing', () => {
  it('returns target × equity / price floored to the LOT_SIZE step as an exact string', () => {
    const p = order(
      planner().plan({ target: 0.5, equity: 10_000, price: 2300, positionQty: 0, barOpenTime: T }),
    );
    expect(p.intent.quantity, '5000 / 2300 = 2.17391…').toBe('2.1739');
    expect(p.intent.side).toBe('BUY');
    expect(p.qty).toBe(2.1739);
    expect(p.intent.reduceOnly).toBe(false);
    expect(p.intent.targetPosition).toBe(0.5);
    expect(p.intent.barOpenTime).toBe(T);
  });

  it('returns the same quantity for Binance-style padded filter strings', () => {
    const padded: SymbolFilters = {
      ...defaultFilters('ETHUSDT'),
      stepSize: '0.00010000',
      minQty: '0.00010000',
    };
    const p = order(
      planner('spot', padded).plan({
        target: 0.5,
        equity: 10_000,
        price: 2300,
        positionQty: 0,
        barOpenTime: T,
      }),
    );
    expect(p.intent.quantity).toBe('2.1739');
  });

  it('returns NO_CHANGE when the delta floors to zero steps', () => {
    const p = planner().plan({
      target: 0.5,
      equity: 10_000,
      price: 2000,
      positionQty: 2.49996,
      barOpenTime: T,
    });
    expect(p.kind === 'skip' && p.reason).toBe('NO_CHANGE');
    if (p.kind === 'skip')
      expect(p.detail).toMatch(/^target 0\.500 already held: \|Δ\| 0\.0000400 < step 0\.0001$/);
  });

  it('returns BELOW_MIN_NOTIONAL for a small rebalance', () => {
    const p = planner().plan({ target: 1, equity: 10_000, price: 2000, positionQty: 4.999, barOpenTime: T });
    expect(p.kind === 'skip' && p.reason, '0.001 ETH × 2000 = 2 USDT < 5').toBe('BELOW_MIN_NOTIONAL');
    if (p.kind === 'skip') expect(p.detail).toBe('notional 2.00 < 5 USDT');
  });

  it('returns BELOW_MIN_QTY when minQty is coarser than the step', () => {
    const f: SymbolFilters = {
      ...defaultFilters('ETHUSDT'),
      stepSize: '0.001',
      minQty: '0.01',
      minNotional: 0,
    };
    const p = planner('spot', f).plan({
      target: 0.0018,
      equity: 10_000,
      price: 2000,
      positionQty: 0,
      barOpenTime: T,
    });
    expect(p.kind === 'skip' && p.reason, '0.009 ETH is 9 steps, under the 10-step minQty').toBe(
      'BELOW_MIN_QTY',
    );
    if (p.kind === 'skip') expect(p.detail).toBe('qty 0.009 < minQty 0.01');
  });

  it('returns one reused skip object whose detail reflects the latest call (copy it to keep it)', () => {
    const pl = planner();
    const a = pl.plan({ target: 0.5, equity: 10_000, price: 2000, positionQty: 2.5, barOpenTime: T });
    const kept = a.kind === 'skip' ? { reason: a.reason, detail: a.detail } : null;
    const b = pl.plan({ target: 1, equity: 10_000, price: 2000, positionQty: 4.999, barOpenTime: T });
    expect(b, 'no allocation per skipped bar').toBe(a);
    expect(kept?.reason).toBe('NO_CHANGE');
    expect(b.kind === 'skip' && b.reason).toBe('BELOW_MIN_NOTIONAL');
  });

  it('returns a HALTED skip for non-finite input instead of an order', () => {
    const p = planner().plan({
      target: Number.NaN,
      equity: 10_000,
      price: 2000,
      positionQty: 0,
      barOpenTime: T,
    });
    expect(p.kind === 'skip' && p.reason).toBe('HALTED');
  });

  it('returns maxQty-clipped orders', () => {
    const f: SymbolFilters = { ...defaultFilters('ETHUSDT'), maxQty: '1.5' };
    expect(
      order(
        planner('spot', f).plan({ target: 1, equity: 10_000, price: 2000, positionQty: 0, barOpenTime: T }),
      ).intent.quantity,
    ).toBe('1.5000');
  });
});

describe('OrderPlanner spot safety and dust', () => {
  it('returns a sell of exactly the held quantity for a negative spot target: never short', () => {
    const p = order(
      planner().plan({ target: -1, equity: 10_000, price: 2000, positionQty: 0.75, barOpenTime: T }),
    );
    expect([p.intent.side, p.intent.quantity, p.intent.reduceOnly]).toEqual(['SELL', '0.7500', true]);
    const flat = planner().plan({ target: -1, equity: 10_000, price: 2000, positionQty: 0, barOpenTime: T });
    expect(flat.kind === 'skip' && flat.reason).toBe('NO_CHANGE');
  });

  it('returns a close of the whole position when a reduction would strand unsellable dust', () => {
    // held 0.003 ETH (6 USDT); the target keeps 0.001 (2 USDT < minNotional): sell all 0.003 instead
    const p = order(
      planner().plan({
        target: (0.001 * 2000) / 10_000,
        equity: 10_000,
        price: 2000,
        positionQty: 0.003,
        barOpenTime: T,
      }),
    );
    expect([p.intent.side, p.intent.quantity]).toEqual(['SELL', '0.0030']);
  });

  it('returns a dust skip, never an order, when the whole position is under the minimum', () => {
    const p = planner().plan({ target: 0, equity: 10_000, price: 2000, positionQty: 0.0015, barOpenTime: T });
    expect(p.kind === 'skip' && p.reason).toBe('BELOW_MIN_NOTIONAL');
    if (p.kind === 'skip')
      expect(p.detail).toBe('notional 3.00 < 5 USDT (dust left after a close: never sent)');
  });

  it('returns USD-M reduce-only closes under the notional minimum (Binance exempts them)', () => {
    const p = order(
      planner('usdm').plan({ target: 0, equity: 10_000, price: 2000, positionQty: 0.005, barOpenTime: T }),
    );
    expect([p.intent.side, p.intent.quantity, p.intent.reduceOnly]).toEqual(['SELL', '0.005', true]);
  });

  it('returns one non-reduce-only order for a USD-M flip from long to short', () => {
    const p = order(
      planner('usdm').plan({ target: -1, equity: 2000, price: 2000, positionQty: 1, barOpenTime: T }),
    );
    expect([p.intent.side, p.intent.quantity, p.intent.reduceOnly, p.qty]).toEqual([
      'SELL',
      '2.000',
      false,
      -2,
    ]);
  });

  it('returns plans whose quantity is a whole number of steps and never oversell on spot', () => {
    const pl = planner();
    const step = parseStep('0.0001');
    fc.assert(
      fc.property(
        fc.double({ min: -1, max: 1, noNaN: true }),
        fc.double({ min: 1, max: 1e6, noNaN: true }),
        fc.double({ min: 100, max: 5000, noNaN: true }),
        fc.double({ min: 0, max: 50, noNaN: true }),
        (target, equity, price, held) => {
          const p = pl.plan({ target, equity, price, positionQty: held, barOpenTime: T });
          if (p.kind === 'skip') return;
          const q = Number(p.intent.quantity);
          expect(Math.abs(q * step.scale - Math.round(q * step.scale)), 'whole steps').toBeLessThan(1e-6);
          expect(Math.abs(p.qty)).toBe(q);
          expect(held + p.qty, 'spot never ends below zero').toBeGreaterThanOrEqual(-1e-12);
          expect(q * price, 'spot orders meet the notional minimum').toBeGreaterThanOrEqual(5);
          expect(p.intent.reduceOnly).toBe(p.qty < 0);
        },
      ),
      { numRuns: 3000 },
    );
  });
});

describe('client order ids', () => {
  it('returns deterministic ids: same session, bar and seq give the same id', () => {
    const a = planner('spot', defaultFilters('ETHUSDT'), 'session-2024-01-02T12:00:00.000Z/ETHUSDT');
    const b = planner('spot', defaultFilters('ETHUSDT'), 'session-2024-01-02T12:00:00.000Z/ETHUSDT');
    const args = { target: 0.5, equity: 10_000, price: 2300, positionQty: 0, barOpenTime: T };
    expect(order(a.plan(args)).intent.clientOrderId).toBe(order(b.plan(args)).intent.clientOrderId);
    const second = order(a.plan({ ...args, target: 0.9 })).intent.clientOrderId;
    expect(second, 'a second order on the same bar takes the next seq').toMatch(/-1$/);
    const nextBar = order(a.plan({ ...args, barOpenTime: T + 60_000 })).intent.clientOrderId;
    expect(nextBar).toMatch(/-0$/);
  });

  it('returns ids within Binance limits for any session id, bar time and seq', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 200 }),
        fc.integer({ min: 0, max: 95_617_584_000_000 }), // up to the year 5000
        fc.integer({ min: 0, max: 36 ** 6 - 1 }),
        (session, bar, seq) => {
          const id = makeClientOrderId(sessionTag(session), bar, seq);
          expect(id.length).toBeLessThanOrEqual(36);
          expect(id).toMatch(CLIENT_ORDER_ID_RE);
        },
      ),
    );
    expect(sessionTag('bt1'), 'short plain ids stay readable').toBe('bt1');
    expect(sessionTag('paper ETHUSDT 2024-01-02')).toMatch(/^[0-9a-z]{10}$/);
  });

  it('returns unique ids over a long session', () => {
    const ids = new Set<string>();
    const tag = sessionTag('a-long/session:id with spaces');
    for (let i = 0; i < 20_000; i++) ids.add(makeClientOrderId(tag, T + (i >> 1) * 60_000, i & 1));
    expect(ids.size).toBe(20_000);
  });
});
