import type { AccountSync, Executor, OrderResult } from '../core/executor.js';
import type { Fill, Market, OrderIntent, OrderSide, SymbolFilters } from '../core/types.js';
import { floorUnits, parseStep, unitsToNumber } from './decimal.js';
import type { StepSpec } from './decimal.js';
import type { PlannedOrder } from './orderPlanner.js';
import { PaperHistory } from './paperHistory.js';
import type { FillNumbers } from './paperHistory.js';
import { Portfolio } from './portfolio.js';

/**
 * Simulated fills for backtest, replay and live paper trading.
 *
 * Ownership: the executor only *computes* fills. It reads balances from the Portfolio it was given
 * (or created from startCash) and never changes it; the engine applies every filled result with
 * `portfolio.applyFill(result.fill)` — one Portfolio, one source of truth, so the executor's view
 * and the engine's cannot disagree. Use `executor.portfolio` as the engine's portfolio.
 *
 * Price: BUY at referencePrice × (1 + slippageBps/10⁴), SELL at × (1 − slippageBps/10⁴).
 * Fee: feeRate × notional in the quote asset (feeAsset 'quote', the default), or, with feeAsset
 * 'base', Binance's rule "the fee comes out of what you receive": base coins on a buy, quote on a
 * sell.
 *
 * Balance (spot): an order larger than the balance covers is *clipped*, not refused: a buy to what
 * the cash pays for including the fee, a sell to the coins held, each floored to the LOT_SIZE step.
 * Clipping is needed because "all in" (target 1.0 sized at the reference price) always costs a
 * little more than the cash once slippage and fees are added. Only when the clipped order falls
 * under minQty or the minimum notional does it come back `skipped` with INSUFFICIENT_BALANCE.
 * USD-M has no balance check (the portfolio's margin-less model, see portfolio.ts).
 *
 * Like an exchange it rejects what breaks the filters (-1013 LOT_SIZE / NOTIONAL, -1121 symbol),
 * and refuses a clientOrderId that already filled (-2010 "Duplicate order sent."): lookup() returns
 * the original fill.
 *
 * Two ways in, one computation (`compute`): fillNow(intent) for any OrderIntent, and
 * fillPlanned(order) for the planner's numbers, which the backtest uses so that an order nobody
 * watches costs no strings or objects.
 */

export type PaperFeeAsset = 'quote' | 'base';

export interface PaperExecutorOptions {
  readonly symbol: string;
  readonly market: Market;
  readonly filters: SymbolFilters;
  readonly feeRate?: number; // default 0.001 (Binance spot taker, no BNB discount)
  readonly slippageBps?: number; // default 1
  readonly startCash: number;
  readonly feeAsset?: PaperFeeAsset; // default 'quote'
  /** The engine's portfolio; when omitted one is created from startCash. */
  readonly portfolio?: Portfolio;
  /** How many fills lookup() remembers (oldest forgotten first). Default 10 000. */
  readonly historyLimit?: number;
}

/** What compute() decided; everything but FILLED becomes a rejected or skipped OrderResult. */
const FILLED = 0;
const NO_PRICE = 1;
const LOT_SIZE = 2;
const NOTIONAL = 3;
const NO_BALANCE = 4;
type Outcome = typeof FILLED | typeof NO_PRICE | typeof LOT_SIZE | typeof NOTIONAL | typeof NO_BALANCE;

/** The last computed fill. One reused object: fillPlanned() returns it, read it before the next order. */
class FillView implements FillNumbers {
  side: OrderSide = 'BUY';
  quantity = 0;
  price = 0;
  fee = 0;
  feeAsset = '';
  time = 0;
}

export class PaperExecutor implements Executor {
  readonly kind = 'paper' as const;
  readonly market: Market;
  readonly symbol: string;
  readonly filters: SymbolFilters;
  readonly feeRate: number;
  readonly slippageBps: number;
  readonly feeAsset: PaperFeeAsset;
  readonly portfolio: Portfolio;
  private readonly step: StepSpec;
  private readonly minUnits: number;
  private readonly history: PaperHistory;
  private readonly view = new FillView();
  private closed = false;

  constructor(opts: PaperExecutorOptions) {
    const feeRate = opts.feeRate ?? 0.001;
    const slippageBps = opts.slippageBps ?? 1;
    if (!(feeRate >= 0 && feeRate < 1)) throw new Error(`fee rate must be in [0, 1), got ${feeRate}`);
    if (!(slippageBps >= 0 && slippageBps < 10_000)) {
      throw new Error(`slippage must be in [0, 10000) bps, got ${slippageBps}`);
    }
    this.symbol = opts.symbol;
    this.market = opts.market;
    this.filters = opts.filters;
    this.feeRate = feeRate;
    this.slippageBps = slippageBps;
    this.feeAsset = opts.feeAsset ?? 'quote';
    this.portfolio =
      opts.portfolio ??
      new Portfolio(opts.startCash, opts.market, {
        base: opts.filters.baseAsset,
        quote: opts.filters.quoteAsset,
      });
    this.step = parseStep(opts.filters.stepSize);
    this.minUnits = Math.max(
      1,
      Math.ceil((Number(opts.filters.minQty) * this.step.scale) / this.step.units - 1e-9),
    );
    this.history = new PaperHistory({
      limit: opts.historyLimit ?? 10_000,
      symbol: opts.symbol,
      baseAsset: opts.filters.baseAsset,
      quoteAsset: opts.filters.quoteAsset,
    });
  }

  sync(): Promise<AccountSync> {
    return Promise.resolve({
      filters: this.filters,
      quoteBalance: this.portfolio.cash,
      baseQty: this.portfolio.qty,
      serverTimeOffsetMs: 0,
    });
  }

  place(intent: OrderIntent, referencePrice: number, time: number): Promise<OrderResult> {
    return Promise.resolve(this.fillNow(intent, referencePrice, time));
  }

  lookup(clientOrderId: string): Promise<OrderResult | null> {
    return Promise.resolve(this.history.get(clientOrderId));
  }

  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }

  /** The synchronous fill behind place(), for the backtest loop. Does not touch the portfolio. */
  fillNow(intent: OrderIntent, referencePrice: number, time: number): OrderResult {
    if (this.closed) return { status: 'rejected', code: -1, message: 'paper executor is closed' };
    if (this.history.has(intent.clientOrderId)) {
      // As Binance does (-2010 spot, -4116 USD-M): a reused id is refused, so a fill is never
      // applied twice; lookup() still returns the original fill.
      return { status: 'rejected', code: -2010, message: `Duplicate order sent. (${intent.clientOrderId})` };
    }
    if (intent.symbol !== this.symbol) return { status: 'rejected', code: -1121, message: 'Invalid symbol.' };
    const outcome = this.compute(
      intent.side,
      Number(intent.quantity),
      intent.reduceOnly,
      referencePrice,
      time,
    );
    if (outcome !== FILLED) return this.refusal(outcome, intent, referencePrice);
    const v = this.view;
    const fill: Fill = {
      clientOrderId: intent.clientOrderId,
      symbol: this.symbol,
      side: v.side,
      quantity: v.quantity,
      price: v.price,
      fee: v.fee,
      feeAsset: v.feeAsset,
      time,
    };
    const result: OrderResult = { status: 'filled', fill };
    this.history.addResult(intent.clientOrderId, result);
    return result;
  }

  /**
   * fillNow() for a planned order, as numbers: the fill (a reused object), or null when the order
   * does not simply fill — then fillNow(order.intent) gives the same outcome as an OrderResult,
   * since nothing changed in between. The planned quantity |qty| is the number the intent's
   * quantity string reads as (both are units × step, rounded once).
   */
  fillPlanned(order: PlannedOrder, referencePrice: number, time: number): FillNumbers | null {
    if (this.closed || order.planner.symbol !== this.symbol || !this.history.isNew(order)) return null;
    const asked = order.qty < 0 ? -order.qty : order.qty;
    if (this.compute(order.side, asked, order.reduceOnly, referencePrice, time) !== FILLED) return null;
    this.history.addPlanned(order, this.view);
    return this.view;
  }

  /** The fill rules above, on numbers: fills `view` and returns FILLED, or says why not. */
  private compute(
    side: OrderSide,
    asked: number,
    reduceOnly: boolean,
    referencePrice: number,
    time: number,
  ): Outcome {
    if (!(referencePrice > 0) || !Number.isFinite(referencePrice)) return NO_PRICE;
    const step = this.step;
    let units = floorUnits(asked, step);
    if (
      !(asked > 0) ||
      Math.abs(unitsToNumber(units, step) - asked) > step.value * 1e-6 ||
      units < this.minUnits
    ) {
      return LOT_SIZE;
    }
    const buy = side === 'BUY';
    const slip = this.slippageBps / 10_000;
    const price = buy ? referencePrice * (1 + slip) : referencePrice * (1 - slip);
    const baseFee = this.feeAsset === 'base' && buy;

    const qtyHeld = this.portfolio.qty;
    const reduces = buy ? qtyHeld < 0 : qtyHeld > 0;
    const exempt = this.market === 'usdm' && reduceOnly && reduces;
    if (!exempt && unitsToNumber(units, step) * referencePrice < this.filters.minNotional) return NOTIONAL;

    if (this.market === 'spot') {
      const cap = buy
        ? this.portfolio.cash / (price * (baseFee ? 1 : 1 + this.feeRate))
        : Math.max(0, this.portfolio.qty);
      const capUnits = floorUnits(cap, step);
      if (units > capUnits) {
        units = capUnits;
        if (units < this.minUnits || unitsToNumber(units, step) * referencePrice < this.filters.minNotional) {
          return NO_BALANCE;
        }
      }
    }

    const qty = unitsToNumber(units, step);
    const v = this.view;
    v.side = side;
    v.quantity = qty;
    v.price = price;
    v.fee = baseFee ? qty * this.feeRate : qty * price * this.feeRate;
    v.feeAsset = baseFee ? this.filters.baseAsset : this.filters.quoteAsset;
    v.time = time;
    return FILLED;
  }

  /** The OrderResult for an order compute() did not fill (the portfolio is as compute() saw it). */
  private refusal(outcome: Outcome, intent: OrderIntent, referencePrice: number): OrderResult {
    switch (outcome) {
      case NO_PRICE:
        return { status: 'rejected', code: -1, message: `no usable reference price (${referencePrice})` };
      case LOT_SIZE:
        return {
          status: 'rejected',
          code: -1013,
          message: `Filter failure: LOT_SIZE (quantity ${intent.quantity})`,
        };
      case NOTIONAL:
        return {
          status: 'rejected',
          code: -1013,
          message: `Filter failure: NOTIONAL (quantity ${intent.quantity})`,
        };
      default: {
        const have =
          intent.side === 'BUY'
            ? `${this.portfolio.cash.toFixed(2)} ${this.filters.quoteAsset}`
            : `${this.portfolio.qty} ${this.filters.baseAsset}`;
        return {
          status: 'skipped',
          reason: 'INSUFFICIENT_BALANCE',
          detail: `${intent.side} ${intent.quantity} needs more than the ${have} available`,
        };
      }
    }
  }
}
