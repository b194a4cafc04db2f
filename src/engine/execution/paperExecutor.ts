import type { AccountSync, Executor, OrderResult } from '../core/executor.js';
import type { Fill, Market, OrderIntent, SymbolFilters } from '../core/types.js';
import { floorUnits, parseStep, unitsToNumber } from './decimal.js';
import type { StepSpec } from './decimal.js';
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
  private readonly history = new Map<string, OrderResult>();
  private readonly order: (string | undefined)[] = [];
  private orderHead = 0;
  private readonly historyLimit: number;
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
    this.historyLimit = opts.historyLimit ?? 10_000;
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
    return Promise.resolve(this.history.get(clientOrderId) ?? null);
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
    if (!(referencePrice > 0) || !Number.isFinite(referencePrice)) {
      return { status: 'rejected', code: -1, message: `no usable reference price (${referencePrice})` };
    }
    const step = this.step;
    const asked = Number(intent.quantity);
    let units = floorUnits(asked, step);
    if (
      !(asked > 0) ||
      Math.abs(unitsToNumber(units, step) - asked) > step.value * 1e-6 ||
      units < this.minUnits
    ) {
      return {
        status: 'rejected',
        code: -1013,
        message: `Filter failure: LOT_SIZE (quantity ${intent.quantity})`,
      };
    }
    const buy = intent.side === 'BUY';
    const slip = this.slippageBps / 10_000;
    const price = buy ? referencePrice * (1 + slip) : referencePrice * (1 - slip);
    const baseFee = this.feeAsset === 'base' && buy;

    const qtyHeld = this.portfolio.qty;
    const reduces = buy ? qtyHeld < 0 : qtyHeld > 0;
    const exempt = this.market === 'usdm' && intent.reduceOnly && reduces;
    if (!exempt && unitsToNumber(units, step) * referencePrice < this.filters.minNotional) {
      return {
        status: 'rejected',
        code: -1013,
        message: `Filter failure: NOTIONAL (quantity ${intent.quantity})`,
      };
    }

    if (this.market === 'spot') {
      const cap = buy
        ? this.portfolio.cash / (price * (baseFee ? 1 : 1 + this.feeRate))
        : Math.max(0, this.portfolio.qty);
      const capUnits = floorUnits(cap, step);
      if (units > capUnits) {
        units = capUnits;
        if (units < this.minUnits || unitsToNumber(units, step) * referencePrice < this.filters.minNotional) {
          const have = buy
            ? `${this.portfolio.cash.toFixed(2)} ${this.filters.quoteAsset}`
            : `${qtyHeld} ${this.filters.baseAsset}`;
          return {
            status: 'skipped',
            reason: 'INSUFFICIENT_BALANCE',
            detail: `${intent.side} ${intent.quantity} needs more than the ${have} available`,
          };
        }
      }
    }

    const qty = unitsToNumber(units, step);
    const fee = baseFee ? qty * this.feeRate : qty * price * this.feeRate;
    const fill: Fill = {
      clientOrderId: intent.clientOrderId,
      symbol: this.symbol,
      side: intent.side,
      quantity: qty,
      price,
      fee,
      feeAsset: baseFee ? this.filters.baseAsset : this.filters.quoteAsset,
      time,
    };
    const result: OrderResult = { status: 'filled', fill };
    this.remember(intent.clientOrderId, result);
    return result;
  }

  private remember(id: string, result: OrderResult): void {
    // Evict through a ring of ids: `map.keys().next()` after many deletes walks V8's tombstones
    // from the start of the table each time, which made long backtests quadratic.
    if (this.history.size >= this.historyLimit) {
      const old = this.order[this.orderHead];
      if (old !== undefined) this.history.delete(old);
    }
    this.order[this.orderHead] = id;
    this.orderHead = (this.orderHead + 1) % this.historyLimit;
    this.history.set(id, result);
  }
}
