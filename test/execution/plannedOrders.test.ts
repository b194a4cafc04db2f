import { describe, expect, it } from 'vitest';
import { OrderPlanner, PlannedOrder } from '../../src/engine/execution/orderPlanner.js';
import type { Plan } from '../../src/engine/execution/orderPlanner.js';
import { PaperExecutor } from '../../src/engine/execution/paperExecutor.js';
import { defaultFilters } from '../../src/engine/execution/symbolFilters.js';

const T = Date.UTC(2024, 0, 2, 12, 0);
const filters = defaultFilters('ETHUSDT');

function planner(sessionId = 's1'): OrderPlanner {
  return new OrderPlanner({ sessionId, symbol: 'ETHUSDT', filters, market: 'spot' });
}

function executor(historyLimit?: number): PaperExecutor {
  return new PaperExecutor({
    symbol: 'ETHUSDT',
    market: 'spot',
    filters,
    startCash: 10_000,
    ...(historyLimit !== undefined ? { historyLimit } : {}),
  });
}

/** A copy of the planner's order for bar `t` (the planner reuses its object, as the engine copies it). */
function plannedAt(pl: OrderPlanner, t: number, target = 0.5): PlannedOrder {
  const plan: Plan = pl.planValues(target, 10_000, 2000, 0, t);
  if (plan.kind !== 'order') throw new Error(`expected an order, got ${plan.reason}`);
  const copy = new PlannedOrder(pl);
  copy.copyFrom(plan);
  return copy;
}

describe('PlannedOrder', () => {
  it('returns the same intent the planner always built, once, when read', () => {
    const pl = planner();
    const o = plannedAt(pl, T);
    expect(o.intent).toEqual({
      clientOrderId: pl.clientOrderId(T, 0),
      symbol: 'ETHUSDT',
      side: 'BUY',
      quantity: '2.5000',
      barOpenTime: T,
      targetPosition: 0.5,
      reduceOnly: false,
    });
    expect(o.intent, 'built once, then the same object').toBe(o.intent);
    expect(o.clientOrderId).toBe(o.intent.clientOrderId);
    expect(Number(o.intent.quantity), 'qty reads as the quantity string').toBe(o.qty);
  });

  it('returns the next seq for a second order on the same bar, as before', () => {
    const pl = planner();
    const a = plannedAt(pl, T);
    const b = plannedAt(pl, T);
    expect([a.seq, b.seq]).toEqual([0, 1]);
    expect(b.intent.clientOrderId).not.toBe(a.intent.clientOrderId);
  });
});

describe('PaperExecutor.fillPlanned', () => {
  it('returns the same fill numbers as fillNow for the same order', () => {
    const pl = planner();
    const o = plannedAt(pl, T);
    const viaNumbers = { ...executor().fillPlanned(o, 2001.5, T + 60_000)! };
    const viaIntent = executor().fillNow(o.intent, 2001.5, T + 60_000);
    if (viaIntent.status !== 'filled') throw new Error('expected a fill');
    const f = viaIntent.fill;
    expect(viaNumbers).toEqual({
      side: f.side,
      quantity: f.quantity,
      price: f.price,
      fee: f.fee,
      feeAsset: f.feeAsset,
      time: f.time,
    });
  });

  it('returns a filled order to lookup() and refuses its id again by either way in', async () => {
    const pl = planner();
    const x = executor();
    const o = plannedAt(pl, T);
    expect(x.fillPlanned(o, 2000, T + 60_000)).not.toBeNull();
    const found = await x.lookup(o.intent.clientOrderId);
    expect(found?.status === 'filled' && found.fill).toMatchObject({
      clientOrderId: o.intent.clientOrderId,
      symbol: 'ETHUSDT',
      side: 'BUY',
      quantity: 2.5,
      time: T + 60_000,
    });
    expect(await x.lookup(o.intent.clientOrderId), 'the same result object each time').toBe(found);
    expect(x.fillNow(o.intent, 2000, T + 120_000)).toMatchObject({ status: 'rejected', code: -2010 });
    expect(x.fillPlanned(o, 2000, T + 120_000), 'not filled twice').toBeNull();
  });

  it('returns null for an id an intent already filled, and for anything that does not simply fill', () => {
    const pl = planner();
    const x = executor();
    const o = plannedAt(pl, T);
    expect(x.fillNow(o.intent, 2000, T).status).toBe('filled');
    expect(x.fillPlanned(o, 2000, T), 'its id is taken').toBeNull();
    const later = plannedAt(pl, T + 60_000);
    expect(x.fillPlanned(later, Number.NaN, T), 'no usable price: fillNow says why').toBeNull();
    expect(x.fillNow(later.intent, Number.NaN, T)).toMatchObject({ status: 'rejected', code: -1 });
  });

  it('returns an order from a planner with the same session again as a duplicate', () => {
    const x = executor();
    const first = plannedAt(planner('same'), T);
    const again = plannedAt(planner('same'), T); // a second planner, same session: same id
    expect(again.intent.clientOrderId).toBe(first.intent.clientOrderId);
    expect(x.fillPlanned(first, 2000, T)).not.toBeNull();
    expect(x.fillPlanned(again, 2000, T)).toBeNull();
    expect(x.fillNow(again.intent, 2000, T)).toMatchObject({ code: -2010 });
  });

  it('returns lookups for the last historyLimit fills only, oldest forgotten first', async () => {
    const pl = planner();
    const x = executor(3);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const o = plannedAt(pl, T + i * 60_000, 0.01 * (i + 1));
      ids.push(o.intent.clientOrderId);
      expect(x.fillPlanned(o, 2000, T + (i + 1) * 60_000)).not.toBeNull();
      x.portfolio.applyTrade('BUY', Math.abs(o.qty), 2000, 0, 'USDT', 'ETHUSDT', o);
    }
    const found = await Promise.all(ids.map((id) => x.lookup(id)));
    expect(found.map((r) => r?.status ?? null)).toEqual([null, null, 'filled', 'filled', 'filled']);
  });
});
