import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Fill, OrderSide } from '../../src/engine/core/types.js';
import { OrderPlanner } from '../../src/engine/execution/orderPlanner.js';
import { Portfolio } from '../../src/engine/execution/portfolio.js';
import { defaultFilters } from '../../src/engine/execution/symbolFilters.js';

let n = 0;
function fill(side: OrderSide, quantity: number, price: number, fee = 0, feeAsset = 'USDT'): Fill {
  return { clientOrderId: `t${n++}`, symbol: 'ETHUSDT', side, quantity, price, fee, feeAsset, time: 0 };
}

/** equity = startCash + realized + unrealized − fees, the identity portfolio.ts promises. */
function identityGap(p: Portfolio, price: number): number {
  return p.equity(price) - (p.startCash + p.realizedPnl + p.unrealized(price) - p.fees);
}

describe('Portfolio spot', () => {
  it('returns cash, qty and fees after a buy with a quote fee', () => {
    const p = new Portfolio(10_000, 'spot');
    p.applyFill(fill('BUY', 2, 2000, 4));
    expect([p.cash, p.qty, p.avgEntry, p.fees, p.trades]).toEqual([5_996, 2, 2000, 4, 1]);
    expect(p.equity(2100)).toBe(5_996 + 4_200);
    expect(p.unrealized(2100)).toBe(200);
    expect(p.positionFraction(2000)).toBeCloseTo(4000 / 9996, 12);
    expect(p.exposure(2100)).toBe(4200);
  });

  it('returns realized P&L against the average entry on a partial sell', () => {
    const p = new Portfolio(10_000, 'spot');
    p.applyFill(fill('BUY', 1, 100));
    p.applyFill(fill('BUY', 1, 200));
    expect(p.avgEntry).toBe(150);
    p.applyFill(fill('SELL', 0.5, 210, 0.105));
    expect(p.realizedPnl).toBeCloseTo(30, 12);
    expect(p.qty).toBe(1.5);
    expect(identityGap(p, 180)).toBeCloseTo(0, 9);
  });

  it('returns a reduced quantity for a base-asset fee, and a full exit plans exactly what is held', () => {
    const p = new Portfolio(10_000, 'spot', { base: 'ETH', quote: 'USDT' });
    p.applyFill(fill('BUY', 0.1, 2000, 0.0001, 'ETH'));
    expect(p.qty, '0.1 − 0.0001 ETH fee').toBeCloseTo(0.0999, 15);
    expect(p.cash).toBe(9_800);
    expect(p.fees, 'fee valued at the fill price').toBeCloseTo(0.2, 12);
    const filters = defaultFilters('ETHUSDT');
    const planner = new OrderPlanner({ sessionId: 'x', symbol: 'ETHUSDT', filters, market: 'spot' });
    const plan = planner.plan({
      target: 0,
      equity: p.equity(2000),
      price: 2000,
      positionQty: p.qty,
      barOpenTime: 0,
    });
    expect(plan.kind === 'order' && plan.intent.quantity).toBe('0.0999');
    if (plan.kind !== 'order') return;
    p.applyFill(fill('SELL', Number(plan.intent.quantity), 2000, 0.1998));
    expect(p.qty, 'nothing left, nothing oversold').toBe(0);
    expect(identityGap(p, 2000)).toBeCloseTo(0, 9);
  });

  it('returns fees in a third asset outside cash and qty', () => {
    const p = new Portfolio(1000, 'spot', { base: 'ETH', quote: 'USDT' });
    p.applyFill(fill('BUY', 0.1, 2000, 0.0005, 'BNB'));
    expect([p.cash, p.qty, p.fees, p.otherFees.BNB]).toEqual([800, 0.1, 0, 0.0005]);
  });

  it('returns a one-line error for an oversell instead of a negative spot position', () => {
    const p = new Portfolio(1000, 'spot');
    p.applyFill(fill('BUY', 0.1, 2000));
    expect(() => p.applyFill({ ...fill('SELL', 0.2, 2000), clientOrderId: 'x1' })).toThrow(
      'spot oversell in x1: selling 0.2 with 0.1 held',
    );
    expect(p.qty, 'the failed fill changed nothing').toBe(0.1);
  });
});

describe('Portfolio usdm', () => {
  it('returns short P&L without spending cash on the notional', () => {
    const p = new Portfolio(1000, 'usdm');
    p.applyFill(fill('SELL', 1, 100, 0.1));
    expect([p.qty, p.cash, p.avgEntry]).toEqual([-1, 999.9, 100]);
    expect(p.equity(90)).toBeCloseTo(1009.9, 12);
    expect(p.positionFraction(90)).toBeCloseTo(-90 / 1009.9, 12);
    p.applyFill(fill('BUY', 1, 90, 0.09));
    expect(p.realizedPnl).toBe(10);
    expect(p.cash).toBeCloseTo(1009.81, 9);
    expect(p.qty).toBe(0);
  });

  it('returns a fresh entry at the fill price after flipping through zero', () => {
    const p = new Portfolio(1000, 'usdm');
    p.applyFill(fill('BUY', 1, 100));
    p.applyFill(fill('SELL', 2, 110));
    expect([p.qty, p.avgEntry, p.realizedPnl]).toEqual([-1, 110, 10]);
  });
});

describe('Portfolio identity and persistence', () => {
  it('returns equity = start + realized + unrealized − fees after any fill sequence', () => {
    const fillArb = fc.record({
      buy: fc.boolean(),
      qty: fc.double({ min: 0.001, max: 3, noNaN: true }),
      price: fc.double({ min: 50, max: 5000, noNaN: true }),
      feeRate: fc.constantFrom(0, 0.001, 0.00075),
      baseFee: fc.boolean(),
    });
    fc.assert(
      fc.property(
        fc.constantFrom('spot' as const, 'usdm' as const),
        fc.array(fillArb, { maxLength: 40 }),
        (market, fills) => {
          const p = new Portfolio(1e6, market, { base: 'ETH', quote: 'USDT' });
          let last = 1000;
          for (const f of fills) {
            // spot sells are capped at what is held, as the planner and executor guarantee
            const qty = market === 'spot' && !f.buy ? Math.min(f.qty, p.qty) : f.qty;
            if (!(qty > 0)) continue;
            const base = f.baseFee && f.buy;
            const fee = base ? qty * f.feeRate : qty * f.price * f.feeRate;
            p.applyFill(fill(f.buy ? 'BUY' : 'SELL', qty, f.price, fee, base ? 'ETH' : 'USDT'));
            last = f.price;
            if (market === 'spot') expect(p.qty).toBeGreaterThanOrEqual(0);
          }
          expect(Math.abs(identityGap(p, last * 1.07))).toBeLessThan(1e-6);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('returns the same portfolio after a JSON round trip and one-line errors for bad state', () => {
    const p = new Portfolio(1000, 'spot', { base: 'ETH', quote: 'USDT' });
    p.applyFill(fill('BUY', 0.1, 2000, 0.2));
    p.applyFill(fill('BUY', 0.01, 2000, 0.00001, 'BNB'));
    const r = Portfolio.fromJSON(JSON.parse(JSON.stringify(p)));
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value.toJSON()).toEqual(p.toJSON());
    expect(Portfolio.fromJSON({ ...p.toJSON(), cash: 'x' })).toEqual({
      ok: false,
      error: "portfolio state: 'cash' must be a finite number",
    });
    expect(Portfolio.fromJSON({ ...p.toJSON(), qty: -1 })).toEqual({
      ok: false,
      error: 'portfolio state: negative qty on spot',
    });
    expect(Portfolio.fromJSON(null).ok).toBe(false);
  });
});
