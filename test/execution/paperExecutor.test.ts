import { describe, expect, it } from 'vitest';
import { RsiAgent } from '../../src/engine/agents/rsiAgent.js';
import type { OrderResult } from '../../src/engine/core/executor.js';
import type { Market, OrderIntent, OrderSide } from '../../src/engine/core/types.js';
import { OrderPlanner } from '../../src/engine/execution/orderPlanner.js';
import { PaperExecutor } from '../../src/engine/execution/paperExecutor.js';
import type { PaperExecutorOptions } from '../../src/engine/execution/paperExecutor.js';
import { Portfolio } from '../../src/engine/execution/portfolio.js';
import { defaultFilters } from '../../src/engine/execution/symbolFilters.js';
import { RiskManager } from '../../src/engine/risk/riskManager.js';
import { computeFeatures, inputOf, loadBars } from '../agents/support.js';

function exec(opts: Partial<PaperExecutorOptions> = {}, market: Market = 'spot'): PaperExecutor {
  return new PaperExecutor({
    symbol: 'ETHUSDT',
    market,
    filters: defaultFilters('ETHUSDT', market),
    startCash: 10_000,
    ...opts,
  });
}

let n = 0;
function intent(side: OrderSide, quantity: string, reduceOnly = false): OrderIntent {
  return {
    clientOrderId: `drl-t-${n++}`,
    symbol: 'ETHUSDT',
    side,
    quantity,
    barOpenTime: 0,
    targetPosition: 0,
    reduceOnly,
  };
}

function filled(r: OrderResult) {
  if (r.status !== 'filled') throw new Error(`expected a fill, got ${JSON.stringify(r)}`);
  return r.fill;
}

describe('PaperExecutor fills', () => {
  it('returns a buy above and a sell below the reference price by the slippage, with fee = notional × rate', async () => {
    const x = exec();
    const buy = filled(await x.place(intent('BUY', '1.0000'), 2000, 123));
    expect(buy.price).toBeCloseTo(2000.2, 9);
    expect(buy.fee).toBeCloseTo(2.0002, 9);
    expect([buy.quantity, buy.feeAsset, buy.time, buy.side]).toEqual([1, 'USDT', 123, 'BUY']);
    x.portfolio.applyFill(buy);
    const sell = filled(x.fillNow(intent('SELL', '0.5000'), 2000, 124));
    expect(sell.price).toBeCloseTo(1999.8, 9);
    expect(sell.fee).toBeCloseTo(0.9999, 9);
  });

  it('returns the fee in base coins on buys and in quote on sells with feeAsset base', () => {
    const x = exec({ feeAsset: 'base', slippageBps: 0 });
    const buy = filled(x.fillNow(intent('BUY', '0.1000'), 2000, 0));
    expect([buy.fee, buy.feeAsset]).toEqual([0.1 * 0.001, 'ETH']);
    x.portfolio.applyFill(buy);
    expect(x.portfolio.qty).toBeCloseTo(0.0999, 15);
    const sell = filled(x.fillNow(intent('SELL', '0.0999'), 2000, 0));
    expect(sell.feeAsset).toBe('USDT');
    x.portfolio.applyFill(sell);
    expect(x.portfolio.qty).toBe(0);
  });

  it('returns a buy clipped to what the cash pays for, fee and slippage included', () => {
    const x = exec({ startCash: 1000 });
    const f = filled(x.fillNow(intent('BUY', '1.0000'), 2000, 0));
    expect(f.quantity, 'floor(1000 / (2000.2 × 1.001), 0.0001)').toBe(0.4994);
    x.portfolio.applyFill(f);
    expect(x.portfolio.cash).toBeGreaterThanOrEqual(0);
  });

  it('returns INSUFFICIENT_BALANCE when the clipped order falls under the minimums', () => {
    const x = exec({ startCash: 3 });
    expect(x.fillNow(intent('BUY', '0.0100'), 2000, 0)).toEqual({
      status: 'skipped',
      reason: 'INSUFFICIENT_BALANCE',
      detail: 'BUY 0.0100 needs more than the 3.00 USDT available',
    });
    const y = exec();
    expect(y.fillNow(intent('SELL', '0.0100'), 2000, 0)).toMatchObject({
      status: 'skipped',
      reason: 'INSUFFICIENT_BALANCE',
    });
  });

  it('returns a sell clipped to the coins held on spot', () => {
    const x = exec();
    x.portfolio.applyFill(filled(x.fillNow(intent('BUY', '0.5000'), 2000, 0)));
    expect(filled(x.fillNow(intent('SELL', '0.8000'), 2000, 0)).quantity).toBe(0.5);
  });

  it('returns exchange-style rejections for filter breaks and unknown symbols', () => {
    const x = exec();
    expect(x.fillNow(intent('BUY', '0.00015'), 2000, 0)).toMatchObject({ status: 'rejected', code: -1013 });
    expect(x.fillNow(intent('BUY', '0.0010'), 2000, 0)).toEqual({
      status: 'rejected',
      code: -1013,
      message: 'Filter failure: NOTIONAL (quantity 0.0010)',
    });
    expect(x.fillNow({ ...intent('BUY', '1.0000'), symbol: 'BTCUSDT' }, 2000, 0)).toMatchObject({
      code: -1121,
    });
    expect(x.fillNow(intent('BUY', '1.0000'), Number.NaN, 0)).toMatchObject({ status: 'rejected' });
  });

  it('returns USD-M shorts without a cash check and reduce-only closes under the notional minimum', () => {
    const x = exec({ startCash: 100 }, 'usdm');
    const short = filled(x.fillNow(intent('SELL', '1.000'), 2000, 0));
    x.portfolio.applyFill(short);
    expect(x.portfolio.qty).toBe(-1);
    x.portfolio.applyFill(filled(x.fillNow(intent('BUY', '0.995', true), 2000, 0)));
    const dust = x.fillNow(intent('BUY', '0.005', true), 2000, 0);
    expect(dust.status, '10 USDT < 20 minimum, but reduce-only').toBe('filled');
  });

  it('returns a duplicate rejection for a reused client order id, and lookup finds the first fill', async () => {
    const x = exec();
    const i = intent('BUY', '0.1000');
    const a = x.fillNow(i, 2000, 0);
    const b = await x.place(i, 2500, 1);
    expect(b, 'never fill the same id twice').toEqual({
      status: 'rejected',
      code: -2010,
      message: `Duplicate order sent. (${i.clientOrderId})`,
    });
    expect(await x.lookup(i.clientOrderId)).toBe(a);
    expect(await x.lookup('nope')).toBeNull();
    const sync = await x.sync();
    expect([sync.quoteBalance, sync.baseQty, sync.serverTimeOffsetMs]).toEqual([10_000, 0, 0]);
    await x.close();
    expect(x.fillNow(intent('BUY', '0.1000'), 2000, 0)).toMatchObject({ status: 'rejected' });
  });

  it('returns balances from the portfolio it was given', async () => {
    const p = new Portfolio(500, 'spot', { base: 'ETH', quote: 'USDT' });
    const x = exec({ portfolio: p });
    expect(x.portfolio).toBe(p);
    expect((await x.sync()).quoteBalance).toBe(500);
  });
});

describe('risk → planner → paper executor → portfolio on real ETHUSDT candles', () => {
  it('returns a consistent account: no spot oversell, cash never negative, fees match the fills', () => {
    const rows = computeFeatures(loadBars());
    const filters = defaultFilters('ETHUSDT');
    const planner = new OrderPlanner({ sessionId: 'it', symbol: 'ETHUSDT', filters, market: 'spot' });
    const x = new PaperExecutor({
      symbol: 'ETHUSDT',
      market: 'spot',
      filters,
      startCash: 10_000,
      feeAsset: 'base',
    });
    const p = x.portfolio;
    const risk = new RiskManager({ maxStep: 0.25 }, 'spot');
    const agent = new RsiAgent();
    let feeSum = 0;
    let orders = 0;
    const skips = new Map<string, number>();
    for (let i = 0; i + 1 < rows.length; i++) {
      const row = rows[i];
      const next = rows[i + 1];
      if (!row || !next) break;
      agent.step(inputOf(row));
      const price = row.bar.close;
      const target = risk.apply(agent.target, p.positionFraction(price), p.equity(price), row.bar.openTime);
      const plan = planner.plan({
        target,
        equity: p.equity(price),
        price,
        positionQty: p.qty,
        barOpenTime: row.bar.openTime,
      });
      if (plan.kind === 'skip') {
        skips.set(plan.reason, (skips.get(plan.reason) ?? 0) + 1);
        continue;
      }
      orders++;
      const r = x.fillNow(plan.intent, next.bar.open, next.bar.openTime);
      if (r.status !== 'filled') continue;
      p.applyFill(r.fill);
      risk.noteTrade(row.bar.openTime);
      feeSum += r.fill.feeAsset === 'ETH' ? r.fill.fee * r.fill.price : r.fill.fee;
      expect(p.qty).toBeGreaterThanOrEqual(0);
      expect(p.cash).toBeGreaterThanOrEqual(-1e-9);
    }
    expect(orders, 'RSI trades several times on this day').toBeGreaterThan(10);
    expect((skips.get('NO_CHANGE') ?? 0) > 100, 'most bars change nothing').toBe(true);
    expect(p.fees).toBeCloseTo(feeSum, 9);
    const last = rows[rows.length - 1]?.bar.close ?? 0;
    expect(p.equity(last)).toBeCloseTo(p.startCash + p.realizedPnl + p.unrealized(last) - p.fees, 6);
  });
});
