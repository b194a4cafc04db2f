import type { Fill, OrderSide, SymbolFilters } from '../core/types.js';

/**
 * Reading Binance order and trade objects. Spot and USD-M name a few fields differently
 * (cummulativeQuoteQty / cumQuote, transactTime / updateTime); everything else is shared.
 */

/** What an order looks like on either venue (spot and USD-M name a few fields differently). */
export interface OrderView {
  readonly orderId: number;
  readonly status: string;
  readonly side: OrderSide;
  readonly executedQty: number;
  readonly quoteQty: number;
  readonly time: number;
}

export type Fees = Map<string, number>;

const num = (v: unknown): number => (typeof v === 'string' || typeof v === 'number' ? Number(v) : Number.NaN);

export function readOrder(body: unknown): OrderView | null {
  if (typeof body !== 'object' || body === null) return null;
  const o = body as Record<string, unknown>;
  const side = o.side === 'BUY' || o.side === 'SELL' ? o.side : null;
  const executedQty = num(o.executedQty);
  const quoteQty = num(o.cummulativeQuoteQty ?? o.cumQuote);
  if (
    side === null ||
    typeof o.status !== 'string' ||
    !Number.isFinite(executedQty) ||
    !Number.isFinite(quoteQty)
  ) {
    return null;
  }
  const time = num(o.transactTime ?? o.updateTime ?? o.time);
  return {
    orderId: num(o.orderId),
    status: o.status,
    side,
    executedQty,
    quoteQty,
    time: Number.isFinite(time) ? time : 0,
  };
}

/** Sums commission per asset over Binance trade/fill objects ({commission, commissionAsset}). */
export function sumFees(items: unknown): Fees | null {
  if (!Array.isArray(items)) return null;
  const fees: Fees = new Map();
  for (const it of items) {
    const t = it as { commission?: unknown; commissionAsset?: unknown };
    const c = num(t.commission);
    if (!Number.isFinite(c) || typeof t.commissionAsset !== 'string') return null;
    fees.set(t.commissionAsset, (fees.get(t.commissionAsset) ?? 0) + c);
  }
  return fees;
}

/** Statuses after which an order will not fill any further. */
export const FINAL = new Set(['FILLED', 'EXPIRED', 'CANCELED', 'REJECTED', 'EXPIRED_IN_MATCH']);

/**
 * The Fill for an executed order: average price = quote / quantity. One fee asset per order in
 * practice; if several, the base asset wins since it changes the position size (an exit sized
 * without it would oversell), then the quote asset.
 */
export function toFill(
  id: string,
  symbol: string,
  v: OrderView,
  fees: Fees,
  filters: SymbolFilters | null,
  fallbackTime: number,
): Fill {
  const base = filters?.baseAsset;
  const quote = filters?.quoteAsset;
  const feeAsset =
    (base !== undefined && fees.has(base) ? base : undefined) ??
    (quote !== undefined && fees.has(quote) ? quote : undefined) ??
    [...fees.keys()][0] ??
    quote ??
    '';
  return {
    clientOrderId: id,
    symbol,
    side: v.side,
    quantity: v.executedQty,
    price: v.quoteQty / v.executedQty,
    fee: fees.get(feeAsset) ?? 0,
    feeAsset,
    time: v.time || fallbackTime,
  };
}
