import type { Fill, Market, OrderSide, Parsed } from '../core/types.js';

/**
 * Cash, position and P&L of one symbol, moved only by fills (the journal's facts).
 *
 * Spot: a buy spends qty × price (+ the fee when it is paid in the quote asset); a sell receives
 * qty × price (− a quote fee). A fee paid in the base asset (feeAsset === base) is taken from the
 * coins: a buy of 0.1 ETH with a 0.0001 ETH fee leaves 0.0999 ETH, so a later "sell everything"
 * plans 0.0999 and never oversells. Fee coins are booked as if sold at the fill price and the
 * proceeds paid as the fee, which keeps one identity exact in every case:
 *
 *     equity(price) = startCash + realizedPnl + unrealized(price) − fees
 *
 * with realizedPnl the price P&L of closed quantity against the average entry (before fees) and
 * fees in quote terms. A fee in a third asset (e.g. BNB) touches neither cash nor qty; it is
 * summed in `otherFees` by asset and not in `fees`.
 *
 * USD-M (margin-less simplification): opening or adding does not move cash; cash accumulates
 * realized P&L and fees (a base-asset fee is converted to quote at the fill price), and equity(price) = cash + qty × (price − avgEntry). Shorts are negative
 * qty. Margin, leverage, funding and liquidation are not modelled: a backtest on usdm shows the
 * strategy's P&L at 1× notional, not what an exchange would liquidate.
 */

export interface PortfolioAssets {
  readonly base: string; // '' = derive from the fill's symbol by removing the quote suffix
  readonly quote: string;
}

const QTY_EPS = 1e-12; // |qty| below this after a fill is float residue of a full close

export class Portfolio {
  readonly market: Market;
  readonly startCash: number;
  readonly assets: PortfolioAssets;
  cash: number;
  qty = 0;
  avgEntry = 0;
  realizedPnl = 0;
  fees = 0;
  trades = 0;
  readonly otherFees: Record<string, number> = {};

  constructor(startCash: number, market: Market, assets: PortfolioAssets = { base: '', quote: 'USDT' }) {
    if (!Number.isFinite(startCash) || startCash < 0) {
      throw new Error(`start cash must be a finite number >= 0, got ${startCash}`);
    }
    this.startCash = startCash;
    this.cash = startCash;
    this.market = market;
    this.assets = assets;
  }

  /** Applies one fill. Throws (an invariant broke) if a spot sell exceeds the coins held. */
  applyFill(fill: Fill): void {
    this.applyTrade(fill.side, fill.quantity, fill.price, fill.fee, fill.feeAsset, fill.symbol, fill);
  }

  /**
   * applyFill() from the fill's numbers, for the backtest's per-order path (no Fill object).
   * `order` names the order in an error message; its client order id is read only then.
   */
  applyTrade(
    side: OrderSide,
    q: number,
    p: number,
    fee: number,
    feeAsset: string,
    symbol: string,
    order: { readonly clientOrderId: string },
  ): void {
    if (!(q > 0) || !(p > 0) || !Number.isFinite(q) || !Number.isFinite(p) || !(fee >= 0)) {
      throw new Error(`invalid fill ${order.clientOrderId}: qty ${q} price ${p} fee ${fee}`);
    }
    const feeKind = this.feeKind(fee, feeAsset, symbol);
    const signed = side === 'BUY' ? q : -q;
    if (this.market === 'spot' && signed < 0 && q > this.qty * (1 + 1e-9) + QTY_EPS) {
      throw new Error(`spot oversell in ${order.clientOrderId}: selling ${q} with ${this.qty} held`);
    }
    this.trade(signed, p);
    if (this.market === 'spot') this.cash -= signed * p;
    if (feeKind === 'quote') {
      this.cash -= fee;
      this.fees += fee;
    } else if (feeKind === 'base' && this.market === 'spot') {
      // The fee coins leave the position: book them as sold at p, proceeds paid as the fee.
      const feeQty = fee;
      if (feeQty > this.qty + QTY_EPS) {
        throw new Error(`spot fee ${feeQty} exceeds the ${this.qty} held after ${order.clientOrderId}`);
      }
      this.trade(-feeQty, p);
      this.fees += feeQty * p;
    } else if (feeKind === 'base') {
      // USD-M holds no coins: a base-denominated fee is paid in quote at the fill price.
      this.cash -= fee * p;
      this.fees += fee * p;
    } else {
      this.otherFees[feeAsset] = (this.otherFees[feeAsset] ?? 0) + fee;
    }
    this.trades++;
  }

  /** Moves the position by `signed` base units at price p, realizing P&L on any reduced part. */
  private trade(signed: number, p: number): void {
    const q0 = this.qty;
    const q1 = q0 + signed;
    if (q0 === 0 || Math.sign(q0) === Math.sign(signed)) {
      this.avgEntry = (this.avgEntry * Math.abs(q0) + p * Math.abs(signed)) / Math.abs(q1);
    } else {
      const closed = Math.min(Math.abs(signed), Math.abs(q0));
      const pnl = (p - this.avgEntry) * closed * Math.sign(q0);
      this.realizedPnl += pnl;
      if (this.market === 'usdm') this.cash += pnl;
      if (Math.abs(signed) > Math.abs(q0)) this.avgEntry = p; // flipped through zero
    }
    if (Math.abs(q1) < QTY_EPS) {
      this.qty = 0;
      this.avgEntry = 0;
    } else {
      this.qty = q1;
    }
  }

  private feeKind(fee: number, feeAsset: string, symbol: string): 'quote' | 'base' | 'other' {
    if (fee === 0 || feeAsset === this.assets.quote) return 'quote';
    const base =
      this.assets.base !== ''
        ? this.assets.base
        : symbol.endsWith(this.assets.quote)
          ? symbol.slice(0, -this.assets.quote.length)
          : '';
    return feeAsset === base ? 'base' : 'other';
  }

  equity(price: number): number {
    return this.market === 'spot' ? this.cash + this.qty * price : this.cash + this.unrealized(price);
  }

  /** Price P&L of the open quantity against the average entry. */
  unrealized(price: number): number {
    return this.qty === 0 ? 0 : this.qty * (price - this.avgEntry);
  }

  /** Signed notional of the position at price. */
  exposure(price: number): number {
    return this.qty * price;
  }

  /** Signed fraction of equity held (what agents and risk call "position"); 0 when equity ≤ 0. */
  positionFraction(price: number): number {
    const eq = this.equity(price);
    return eq > 0 ? (this.qty * price) / eq : 0;
  }

  toJSON(): PortfolioJSON {
    return {
      v: 1,
      market: this.market,
      assets: { base: this.assets.base, quote: this.assets.quote },
      startCash: this.startCash,
      cash: this.cash,
      qty: this.qty,
      avgEntry: this.avgEntry,
      realizedPnl: this.realizedPnl,
      fees: this.fees,
      trades: this.trades,
      otherFees: { ...this.otherFees },
    };
  }

  static fromJSON(json: unknown): Parsed<Portfolio> {
    if (typeof json !== 'object' || json === null)
      return { ok: false, error: 'portfolio state: not an object' };
    const o = json as Record<string, unknown>;
    if (o.v !== 1) return { ok: false, error: `portfolio state: unsupported version ${String(o.v)}` };
    if (o.market !== 'spot' && o.market !== 'usdm') {
      return { ok: false, error: `portfolio state: market must be spot or usdm, got ${String(o.market)}` };
    }
    const nums = ['startCash', 'cash', 'qty', 'avgEntry', 'realizedPnl', 'fees', 'trades'] as const;
    for (const k of nums) {
      if (typeof o[k] !== 'number' || !Number.isFinite(o[k])) {
        return { ok: false, error: `portfolio state: '${k}' must be a finite number` };
      }
    }
    const a = o.assets as Record<string, unknown> | undefined;
    if (typeof a !== 'object' || a === null || typeof a.base !== 'string' || typeof a.quote !== 'string') {
      return { ok: false, error: "portfolio state: 'assets' must be {base, quote} strings" };
    }
    if (o.market === 'spot' && (o.qty as number) < 0) {
      return { ok: false, error: 'portfolio state: negative qty on spot' };
    }
    const p = new Portfolio(o.startCash as number, o.market, { base: a.base, quote: a.quote });
    p.cash = o.cash as number;
    p.qty = o.qty as number;
    p.avgEntry = o.avgEntry as number;
    p.realizedPnl = o.realizedPnl as number;
    p.fees = o.fees as number;
    p.trades = o.trades as number;
    if (typeof o.otherFees === 'object' && o.otherFees !== null) {
      for (const [asset, v] of Object.entries(o.otherFees)) {
        if (typeof v === 'number' && Number.isFinite(v)) p.otherFees[asset] = v;
      }
    }
    return { ok: true, value: p };
  }
}

export interface PortfolioJSON {
  readonly v: 1;
  readonly market: Market;
  readonly assets: PortfolioAssets;
  readonly startCash: number;
  readonly cash: number;
  readonly qty: number;
  readonly avgEntry: number;
  readonly realizedPnl: number;
  readonly fees: number;
  readonly trades: number;
  readonly otherFees: Readonly<Record<string, number>>;
}
