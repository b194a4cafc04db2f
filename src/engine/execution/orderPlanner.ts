import type { Market, OrderIntent, OrderSide, SkipReason, SymbolFilters } from '../core/types.js';
import { makeClientOrderId, sessionTag } from './clientOrderId.js';
import { floorUnits, formatDecimal, formatUnits, parseStep, unitsToNumber } from './decimal.js';
import type { StepSpec } from './decimal.js';

/**
 * The one place a target becomes an order (backtest, paper and testnet alike).
 *
 *   target qty = target × equity / price;  delta = target qty − positionQty
 *   |delta| is floored to the LOT_SIZE step; then, in this order:
 *     0 steps                          → skip NO_CHANGE
 *     below minQty                     → skip BELOW_MIN_QTY
 *     |qty| × price < minNotional      → skip BELOW_MIN_NOTIONAL
 *       (except USD-M reduce-only orders: Binance exempts them, error -4164 "…unless you choose
 *       reduce only", so a futures position can always be closed)
 *   above maxQty                       → clipped to maxQty (the order still goes)
 *
 * Dust: a reduction that would leave a remainder under minQty (spot: or under the minimum notional)
 * closes the whole position instead, because such a remainder could never be sold on its own. When the whole
 * position is itself under the minimums (dust), the close is skipped with the reason and a "dust"
 * note — never sent to be rejected.
 *
 * Spot: a negative target qty is treated as 0 and a sell never exceeds positionQty, so the planner
 * can never open a short even if risk let a negative target through. Equity ≤ 0 plans a close.
 * Non-finite inputs or a price ≤ 0 skip with HALTED (the engine halts on those anyway).
 *
 * reduceOnly is true when the order only shrinks |position| (never crosses zero).
 *
 * Hot path: nothing is allocated. The returned Plan is one of two reused objects: a skip whose
 * `detail` is formatted when read, or an order whose OrderIntent (client order id and quantity as
 * strings) is built when read — a backtest nobody watches never reads it. Read what you need (or
 * copy it) before the next plan() call.
 */

export interface PlannerOptions {
  readonly sessionId: string;
  readonly symbol: string;
  readonly filters: SymbolFilters;
  readonly market: Market;
}

export interface PlanInput {
  /** Risk-adjusted target fraction of equity, −1..1. */
  readonly target: number;
  readonly equity: number;
  readonly price: number;
  /** Signed base quantity currently held. */
  readonly positionQty: number;
  readonly barOpenTime: number;
}

export interface SkipPlan {
  readonly kind: 'skip';
  readonly reason: SkipReason;
  readonly detail: string;
}

export interface OrderPlan {
  readonly kind: 'order';
  /** The order as the exchange gets it; built on first read. */
  readonly intent: OrderIntent;
  /** Signed base quantity of the order (+ buy, − sell), equal to the intent's quantity string. */
  readonly qty: number;
  readonly side: OrderSide;
  /** The quantity in LOT_SIZE steps. */
  readonly units: number;
  readonly barOpenTime: number;
  /** The order's number within its bar (part of the client order id). */
  readonly seq: number;
  readonly targetPosition: number;
  readonly reduceOnly: boolean;
}

/** What plan() returns: one of the planner's two reused objects (see the top of the file). */
export type Plan = PlannedOrder | SkipPlan;

/**
 * A planned order as numbers. The OrderIntent is made from them on first read and kept, so
 * everyone who reads it gets the same object. The engine keeps its own copy for the order that
 * waits for the next bar's open.
 */
export class PlannedOrder implements OrderPlan {
  readonly kind = 'order' as const;
  qty = 0;
  side: OrderSide = 'BUY';
  units = 0;
  barOpenTime = 0;
  seq = 0;
  targetPosition = 0;
  reduceOnly = false;
  private built: OrderIntent | null = null;

  constructor(readonly planner: OrderPlanner) {}

  get intent(): OrderIntent {
    return (this.built ??= this.planner.intentOf(this));
  }

  get clientOrderId(): string {
    return this.built?.clientOrderId ?? this.planner.clientOrderId(this.barOpenTime, this.seq);
  }

  /** Same order as `o` (the built intent too, if any). */
  copyFrom(o: PlannedOrder): void {
    this.qty = o.qty;
    this.side = o.side;
    this.units = o.units;
    this.barOpenTime = o.barOpenTime;
    this.seq = o.seq;
    this.targetPosition = o.targetPosition;
    this.reduceOnly = o.reduceOnly;
    this.built = o.built;
  }

  /** @internal the planner's writer for its reused instance. */
  set(
    side: OrderSide,
    units: number,
    qty: number,
    barOpenTime: number,
    seq: number,
    target: number,
    reduceOnly: boolean,
  ): void {
    this.side = side;
    this.units = units;
    this.qty = qty;
    this.barOpenTime = barOpenTime;
    this.seq = seq;
    this.targetPosition = target;
    this.reduceOnly = reduceOnly;
    this.built = null;
  }
}

/** The reused skip result: numbers are stored, text is built only when someone reads detail. */
class ReusedSkip implements SkipPlan {
  readonly kind = 'skip' as const;
  reason: SkipReason = 'NO_CHANGE';
  target = 0;
  delta = 0;
  qty = 0;
  price = 0;
  equity = 0;
  dust = false;
  constructor(
    private readonly stepText: string,
    private readonly minQtyText: string,
    private readonly minNotional: number,
    private readonly quote: string,
  ) {}

  get detail(): string {
    const dust = this.dust ? ' (dust left after a close: never sent)' : '';
    switch (this.reason) {
      case 'NO_CHANGE':
        return `target ${this.target.toFixed(3)} already held: |Δ| ${Math.abs(this.delta).toPrecision(3)} < step ${this.stepText}`;
      case 'BELOW_MIN_QTY':
        return `qty ${this.qty} < minQty ${this.minQtyText}${dust}`;
      case 'BELOW_MIN_NOTIONAL':
        return `notional ${(this.qty * this.price).toFixed(2)} < ${this.minNotional} ${this.quote}${dust}`;
      default:
        return `non-finite input: target=${this.target} equity=${this.equity} price=${this.price} qty=${this.qty}`;
    }
  }
}

export class OrderPlanner {
  readonly symbol: string;
  readonly market: Market;
  readonly filters: SymbolFilters;
  private readonly step: StepSpec;
  private readonly minUnits: number;
  private readonly maxUnits: number;
  private readonly minNotional: number;
  private readonly tag: string;
  private readonly spot: boolean;
  private readonly skip: ReusedSkip;
  private readonly order: PlannedOrder;
  private seqBar = Number.NaN;
  private seq = 0;

  constructor(opts: PlannerOptions) {
    this.symbol = opts.symbol;
    this.market = opts.market;
    this.spot = opts.market === 'spot';
    this.filters = opts.filters;
    this.step = parseStep(opts.filters.stepSize);
    const minQty = Number(opts.filters.minQty);
    const maxQty = Number(opts.filters.maxQty);
    if (!(minQty >= 0) || !(maxQty > 0)) {
      throw new Error(
        `invalid LOT_SIZE for ${opts.symbol}: minQty '${opts.filters.minQty}', maxQty '${opts.filters.maxQty}'`,
      );
    }
    if (!(opts.filters.minNotional >= 0)) {
      throw new Error(`invalid minNotional for ${opts.symbol}: ${opts.filters.minNotional}`);
    }
    // minQty rounds up to whole steps, maxQty down: both stay inside the exchange's rules.
    this.minUnits = Math.max(1, Math.ceil((minQty * this.step.scale) / this.step.units - 1e-9));
    this.maxUnits = floorUnits(maxQty, this.step);
    this.minNotional = opts.filters.minNotional;
    this.tag = sessionTag(opts.sessionId);
    this.skip = new ReusedSkip(
      opts.filters.stepSize,
      opts.filters.minQty,
      this.minNotional,
      opts.filters.quoteAsset,
    );
    // Made last, when this planner has all its fields: an object that keeps a reference to a
    // half-built one made V8 discard the code optimised for the previous planner (a backtest
    // builds a new planner per run).
    this.order = new PlannedOrder(this);
  }

  plan(p: PlanInput): Plan {
    return this.planValues(p.target, p.equity, p.price, p.positionQty, p.barOpenTime);
  }

  /** plan() with positional arguments, so a hot loop need not build an input object per bar. */
  planValues(target: number, equity: number, price: number, positionQty: number, barOpenTime: number): Plan {
    const skip = this.skip;
    skip.target = target;
    skip.price = price;
    skip.dust = false;
    if (
      !Number.isFinite(target) ||
      !Number.isFinite(equity) ||
      !Number.isFinite(price) ||
      !Number.isFinite(positionQty) ||
      price <= 0
    ) {
      skip.equity = equity;
      skip.qty = positionQty;
      return this.skipWith('HALTED');
    }
    const spot = this.spot;
    const held = spot && positionQty < 0 ? 0 : positionQty;
    // With equity at or below zero, target × equity would flip the sign: the only sane target is flat.
    let targetQty = equity > 0 ? (target * equity) / price : 0;
    if (spot && targetQty < 0) targetQty = 0;
    let delta = targetQty - held;
    if (spot && delta < -held) delta = -held;
    skip.delta = delta;

    const step = this.step;
    const buy = delta > 0;
    let units = floorUnits(delta, step);
    if (units === 0) return this.skipWith('NO_CHANGE');

    const absHeld = held < 0 ? -held : held;
    const reducing = buy ? held < 0 : held > 0;
    const heldUnits = reducing ? floorUnits(absHeld, step) : 0;
    let closing = false;
    if (reducing && units >= heldUnits) {
      // Closing (or flipping through zero on USD-M): the close part is the whole held quantity.
      closing = units === heldUnits || spot;
      if (spot) units = heldUnits;
    } else if (reducing) {
      const remainder = absHeld - unitsToNumber(units, step);
      // Spot dust under the minimums could never be sold alone. USD-M reduce-only closes are exempt
      // from the notional minimum, so there only a remainder under minQty is stranded.
      const stranded =
        remainder < unitsToNumber(this.minUnits, step) || (spot && remainder * price < this.minNotional);
      if (remainder > 0 && stranded) {
        units = heldUnits;
        closing = true;
      }
    }
    if (units === 0) return this.skipWith('NO_CHANGE');
    if (units > this.maxUnits) units = this.maxUnits;
    const reduceOnly = reducing && units <= heldUnits;
    const qty = unitsToNumber(units, step);
    skip.qty = qty;
    skip.dust = closing;
    if (units < this.minUnits) return this.skipWith('BELOW_MIN_QTY');
    if (qty * price < this.minNotional && !(reduceOnly && !spot)) {
      return this.skipWith('BELOW_MIN_NOTIONAL');
    }
    skip.dust = false;

    if (barOpenTime === this.seqBar) this.seq++;
    else {
      this.seqBar = barOpenTime;
      this.seq = 0;
    }
    const order = this.order;
    order.set(buy ? 'BUY' : 'SELL', units, buy ? qty : -qty, barOpenTime, this.seq, target, reduceOnly);
    return order;
  }

  /** The client order id of this planner's order `seq` on the bar opening at barOpenTime. */
  clientOrderId(barOpenTime: number, seq: number): string {
    return makeClientOrderId(this.tag, barOpenTime, seq);
  }

  /** The exchange-facing form of a planned order (what PlannedOrder.intent returns). */
  intentOf(o: PlannedOrder): OrderIntent {
    return {
      clientOrderId: makeClientOrderId(this.tag, o.barOpenTime, o.seq),
      symbol: this.symbol,
      side: o.side,
      quantity: formatUnits(o.units, this.step),
      barOpenTime: o.barOpenTime,
      targetPosition: o.targetPosition,
      reduceOnly: o.reduceOnly,
    };
  }

  /** Text for logs: the planner's rounding rules in one line. */
  describe(): string {
    const f = this.filters;
    return `${f.symbol} ${this.market} step ${f.stepSize} minQty ${f.minQty} minNotional ${formatDecimal(f.minNotional, 2)} ${f.quoteAsset}`;
  }

  private skipWith(reason: SkipReason): SkipPlan {
    this.skip.reason = reason;
    return this.skip;
  }
}
