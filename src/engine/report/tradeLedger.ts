import type { OrderSide } from '../core/types.js';
import type { TradeMetrics, TradeSide, TradeSummary } from './metrics.js';
import { CompensatedSum } from './runningStats.js';

/** What the tracker needs to know about one executed order. Money in the quote asset. */
export interface TrackedFill {
  readonly time: number;
  readonly side: OrderSide;
  /** Executed base quantity (positive). */
  readonly qty: number;
  readonly price: number;
  /** Fee converted to the quote asset by the caller (a BNB or base-asset fee is valued at the fill). */
  readonly fee: number;
  /** Signed base position after this fill (+ long, − short). */
  readonly positionQtyAfter: number;
  /** Realized P&L of this fill BEFORE fees ((exit − entry) × closed qty, sign-adjusted); 0 for opening fills. */
  readonly realizedPnlDelta: number;
}

/** Base quantities below this are treated as flat: float residue of a full exit, never a real position. */
const FLAT_QTY = 1e-12;

/**
 * Cuts the fill stream into round-trip trades. A trade opens when the position leaves 0 and closes
 * when it returns to 0; partial adds and reductions stay inside the same trade. A fill that goes
 * through zero (a flip) closes the trade and opens one on the other side: its fee is split by the
 * quantity on each side of zero, and its realized P&L belongs to the closed trade (opening realizes
 * nothing). The ledger assumes the run starts flat.
 */
export class TradeLedger {
  private qty = 0;
  private openSide: TradeSide | null = null;
  private entryTime = 0;
  private fills = 0;
  private entryNotional = 0;
  private realized = 0;
  private fees = 0;

  private readonly closed: TradeSummary[] = emptyList();
  private wins = 0;
  private losses = 0;
  private readonly grossProfit = new CompensatedSum();
  private readonly grossLoss = new CompensatedSum();
  private readonly pnlSum = new CompensatedSum();
  private pctSum = 0;
  private durationSum = 0;
  private best: TradeSummary | null = null;
  private worst: TradeSummary | null = null;

  /** One fill, as TrackedFill's fields (the tracker passes them on): the per-order path builds no object. */
  onFillValues(
    time: number,
    qty: number,
    price: number,
    fee: number,
    positionQtyAfter: number,
    realizedPnlDelta: number,
  ): void {
    const prev = this.qty;
    const after = Math.abs(positionQtyAfter) < FLAT_QTY ? 0 : positionQtyAfter;
    this.qty = after;
    const notional = qty * price;

    if (prev === 0) {
      if (after !== 0) this.open(after, time, notional, fee);
      return; // a fill that leaves the position flat from flat (fee only) belongs to no trade
    }
    if (after !== 0 && Math.sign(after) === Math.sign(prev)) {
      this.fills++;
      if (Math.abs(after) > Math.abs(prev)) this.entryNotional += notional;
      this.fees += fee;
      this.realized += realizedPnlDelta;
      return;
    }
    // Closes (after = 0) or flips (sign changed): the closing share of the fee is |prev| / (|prev| + |after|).
    const closingShare = Math.abs(prev) / (Math.abs(prev) + Math.abs(after));
    this.fills++;
    this.fees += fee * closingShare;
    this.realized += realizedPnlDelta;
    this.finish(time);
    if (after !== 0) {
      this.open(after, time, Math.abs(after) * price, fee * (1 - closingShare));
    }
  }

  get hasOpenTrade(): boolean {
    return this.openSide !== null;
  }

  /** Closed trades, oldest first. The array is live: copy it before keeping it. */
  get trades(): readonly TradeSummary[] {
    return this.closed;
  }

  metrics(): TradeMetrics {
    const n = this.closed.length;
    const gp = this.grossProfit.value;
    const gl = this.grossLoss.value;
    return {
      closed: n,
      open: this.hasOpenTrade ? 1 : 0,
      wins: this.wins,
      losses: this.losses,
      winRatePct: n > 0 ? (this.wins / n) * 100 : null,
      grossProfit: gp,
      grossLoss: gl,
      profitFactor: gl > 0 ? gp / gl : null,
      expectancy: n > 0 ? this.pnlSum.value / n : null,
      expectancyPct: n > 0 ? this.pctSum / n : null,
      avgDurationMs: n > 0 ? this.durationSum / n : null,
      best: this.best,
      worst: this.worst,
    };
  }

  private open(after: number, time: number, notional: number, fee: number): void {
    this.openSide = after > 0 ? 'LONG' : 'SHORT';
    this.entryTime = time;
    this.fills = 1;
    this.entryNotional = notional;
    this.realized = 0;
    this.fees = fee;
  }

  private finish(exitTime: number): void {
    if (this.openSide === null) return;
    const pnl = this.realized - this.fees;
    const t: TradeSummary = {
      side: this.openSide,
      entryTime: this.entryTime,
      exitTime,
      fills: this.fills,
      entryNotional: this.entryNotional,
      pnl,
      pnlPct: this.entryNotional > 0 ? (pnl / this.entryNotional) * 100 : 0,
      fees: this.fees,
    };
    this.closed.push(t);
    // Break-even trades count as neither wins nor losses, as freqtrade's "draws".
    if (pnl > 0) {
      this.wins++;
      this.grossProfit.add(pnl);
    } else if (pnl < 0) {
      this.losses++;
      this.grossLoss.add(-pnl);
    }
    this.pnlSum.add(pnl);
    this.pctSum += t.pnlPct;
    this.durationSum += exitTime - this.entryTime;
    if (this.best === null || pnl > this.best.pnl) this.best = t;
    if (this.worst === null || pnl < this.worst.pnl) this.worst = t;
    this.openSide = null;
  }
}

/**
 * An empty array that already holds objects (elements kind): a fresh `[]` holds small integers
 * until the first push, which throws away code optimised for the previous run's arrays.
 */
function emptyList(): TradeSummary[] {
  const list: TradeSummary[] = [null as unknown as TradeSummary];
  list.pop();
  return list;
}
