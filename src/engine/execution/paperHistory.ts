import type { OrderResult } from '../core/executor.js';
import type { OrderSide } from '../core/types.js';
import type { PlannedOrder } from './orderPlanner.js';

/** The fill numbers of one planned order, as the paper executor computed them. */
export interface FillNumbers {
  readonly side: OrderSide;
  readonly quantity: number;
  readonly price: number;
  readonly fee: number;
  readonly feeAsset: string;
  readonly time: number;
}

export interface PaperHistoryOptions {
  readonly limit: number;
  readonly symbol: string;
  readonly baseAsset: string;
  readonly quoteAsset: string;
}

/** Numbers kept per planned entry, in one flat array: bar, seq, qty, price, fee, time, flags. */
const STRIDE = 7;
const SELL = 1;
const BASE_FEE = 2;

/**
 * The fills a PaperExecutor remembers for lookup() and for refusing a reused client order id: the
 * last `limit`, oldest forgotten first.
 *
 * Entries come two ways. An intent's fill is kept as its OrderResult under its id. A planned
 * order's fill (the backtest path) is kept as numbers with the planner that made it; its id and
 * result objects are built only if somebody asks, so a backtest that nobody looks up pays no
 * strings, objects or map updates per order. The id → entry map itself is built on the first
 * question (lookup, or an intent to check) and kept up to date from then on.
 *
 * A planned order needs no map to be known new: a planner numbers orders by (bar, seq), rising,
 * so one whose number is above the last one from the same planner was never filled. Anything
 * else (another planner, a number that did not rise) is checked in the map.
 */
export class PaperHistory {
  // Each starts as a one-null array, emptied in the constructor: it then holds objects from the
  // start, where a fresh `[]` holds small integers until the first push — a switch that throws away
  // code optimised for the previous run's history (a backtest builds a new executor per run).
  private readonly ids: (string | null)[] = [null];
  private readonly results: (OrderResult | null)[] = [null];
  private readonly planners: (PlannedOrder['planner'] | null)[] = [null];
  private nums = new Float64Array(0);
  private head = 0;
  private index: Map<string, number> | null = null;
  private lastPlanner: PlannedOrder['planner'] | null = null;
  private lastBar = -Infinity;
  private lastSeq = -Infinity;

  constructor(private readonly opts: PaperHistoryOptions) {
    this.ids.pop();
    this.results.pop();
    this.planners.pop();
  }

  get size(): number {
    return this.ids.length;
  }

  has(id: string): boolean {
    return this.mapped().has(id);
  }

  get(id: string): OrderResult | null {
    const slot = this.mapped().get(id);
    return slot === undefined ? null : this.resultAt(slot);
  }

  /** True when the planner never had this order filled here (see the class comment). */
  isNew(order: PlannedOrder): boolean {
    if (this.index === null) {
      if (this.ids.length === 0) return true;
      if (order.planner === this.lastPlanner && rises(order, this.lastBar, this.lastSeq)) return true;
    }
    return !this.mapped().has(order.planner.clientOrderId(order.barOpenTime, order.seq));
  }

  addResult(id: string, result: OrderResult): void {
    const slot = this.claim();
    this.ids[slot] = id;
    this.results[slot] = result;
    this.planners[slot] = null;
    this.mapped().set(id, slot);
  }

  addPlanned(order: PlannedOrder, fill: FillNumbers): void {
    const slot = this.claim();
    const n = this.nums;
    const k = slot * STRIDE;
    n[k] = order.barOpenTime;
    n[k + 1] = order.seq;
    n[k + 2] = fill.quantity;
    n[k + 3] = fill.price;
    n[k + 4] = fill.fee;
    n[k + 5] = fill.time;
    n[k + 6] = (fill.side === 'SELL' ? SELL : 0) | (fill.feeAsset === this.opts.quoteAsset ? 0 : BASE_FEE);
    this.planners[slot] = order.planner;
    this.results[slot] = null;
    if (this.index !== null) {
      const id = order.planner.clientOrderId(order.barOpenTime, order.seq);
      this.ids[slot] = id;
      this.index.set(id, slot);
    } else {
      this.ids[slot] = null;
    }
    if (order.planner !== this.lastPlanner || rises(order, this.lastBar, this.lastSeq)) {
      this.lastPlanner = order.planner;
      this.lastBar = order.barOpenTime;
      this.lastSeq = order.seq;
    }
  }

  /** The slot for a new entry: the next free one, or the oldest (forgotten) once full. */
  private claim(): number {
    const limit = this.opts.limit;
    if (this.ids.length < limit) {
      const slot = this.ids.length;
      this.ids.push(null);
      this.results.push(null);
      this.planners.push(null);
      if ((slot + 1) * STRIDE > this.nums.length) {
        const grown = new Float64Array(Math.min(limit, Math.max(64, 2 * (slot + 1))) * STRIDE);
        grown.set(this.nums);
        this.nums = grown;
      }
      return slot;
    }
    const slot = this.head;
    this.head = (slot + 1) % limit;
    if (this.index !== null) this.index.delete(this.idAt(slot));
    return slot;
  }

  private mapped(): Map<string, number> {
    if (this.index === null) {
      const index = new Map<string, number>();
      for (let slot = 0; slot < this.ids.length; slot++) index.set(this.idAt(slot), slot);
      this.index = index;
    }
    return this.index;
  }

  private idAt(slot: number): string {
    const known = this.ids[slot];
    if (known != null) return known;
    const k = slot * STRIDE;
    const id = this.planners[slot]!.clientOrderId(this.nums[k]!, this.nums[k + 1]!);
    this.ids[slot] = id;
    return id;
  }

  private resultAt(slot: number): OrderResult {
    const known = this.results[slot];
    if (known != null) return known;
    const n = this.nums;
    const k = slot * STRIDE;
    const flags = n[k + 6]!;
    const o = this.opts;
    const result: OrderResult = {
      status: 'filled',
      fill: {
        clientOrderId: this.idAt(slot),
        symbol: o.symbol,
        side: flags & SELL ? 'SELL' : 'BUY',
        quantity: n[k + 2]!,
        price: n[k + 3]!,
        fee: n[k + 4]!,
        feeAsset: flags & BASE_FEE ? o.baseAsset : o.quoteAsset,
        time: n[k + 5]!,
      },
    };
    this.results[slot] = result;
    return result;
  }
}

function rises(order: PlannedOrder, bar: number, seq: number): boolean {
  return order.barOpenTime > bar || (order.barOpenTime === bar && order.seq > seq);
}
