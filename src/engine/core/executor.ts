import type { Fill, Market, OrderIntent, SkipReason, SymbolFilters } from './types.js';

/** What came back for one order. Failures are values, not exceptions, so the journal can record them. */
export type OrderResult =
  | { readonly status: 'filled'; readonly fill: Fill }
  | { readonly status: 'rejected'; readonly code: number; readonly message: string }
  /** Timed out / 5xx and the look-up by clientOrderId did not settle it yet. Never resend blindly. */
  | { readonly status: 'unknown'; readonly detail: string }
  | { readonly status: 'skipped'; readonly reason: SkipReason; readonly detail: string };

export interface AccountSync {
  readonly filters: SymbolFilters;
  /** Free quote balance (USDT) and signed base position in base units. */
  readonly quoteBalance: number;
  readonly baseQty: number;
  readonly serverTimeOffsetMs: number;
}

/**
 * The narrow port every executor implements (paper, spot testnet, USD-M testnet). The OrderPlanner
 * decides what to send; the executor only sends it and reports what happened.
 */
export interface Executor {
  readonly kind: 'paper' | 'spot-testnet' | 'usdm-testnet';
  readonly market: Market;
  /** Server time offset, filters, balances and position. Paper returns its configured values. */
  sync(): Promise<AccountSync>;
  /**
   * Send a market order. `referencePrice` is the price the paper executor fills at (the next bar's
   * open in backtest/replay; ignored by exchange executors).
   */
  place(intent: OrderIntent, referencePrice: number, time: number): Promise<OrderResult>;
  /** Look an order up by its client order id (after a timeout or restart). */
  lookup(clientOrderId: string): Promise<OrderResult | null>;
  close(): Promise<void>;
}
