import type { AccountSync } from '../core/executor.js';
import type { OrderIntent, Parsed } from '../core/types.js';
import type { LibOutcome } from './binanceLib.js';
import { BinanceExecutorBase } from './binanceExecutorBase.js';
import { sumFees } from './binanceOrders.js';
import type { BinanceExecutorConfig } from './binanceExecutorBase.js';
import { parseSymbolFilters } from './binanceFilters.js';
import { checkOrderEndpoint, SPOT_TESTNET_URL } from './endpointPolicy.js';

export const SPOT_KEY_ENV = 'BINANCE_TESTNET_API_KEY';
export const SPOT_SECRET_ENV = 'BINANCE_TESTNET_API_SECRET';

/**
 * Spot testnet executor (long only). MARKET orders with newOrderRespType FULL, so the fills and
 * their commissions come back with the order; a look-up reads the order and then its trades.
 */
export class BinanceSpotExecutor extends BinanceExecutorBase {
  readonly kind = 'spot-testnet' as const;
  readonly market = 'spot' as const;
  protected readonly orderPath = '/api/v3/order';
  protected readonly tradesPath = '/api/v3/myTrades';
  protected readonly pingPath = '/api/v3/ping';

  /** Checks keys and the endpoint policy; the error is one line and never contains a key. */
  static create(cfg: BinanceExecutorConfig): Parsed<BinanceSpotExecutor> {
    if (!cfg.apiKey || !cfg.apiSecret) {
      return { ok: false, error: `spot testnet trading needs ${SPOT_KEY_ENV} and ${SPOT_SECRET_ENV}` };
    }
    const base = checkOrderEndpoint(cfg.baseUrl ?? SPOT_TESTNET_URL);
    if (!base.ok) return base;
    return { ok: true, value: new BinanceSpotExecutor(cfg, base.value) };
  }

  private constructor(cfg: BinanceExecutorConfig, baseUrl: string) {
    super(cfg, baseUrl, 'httpBase');
  }

  protected serverTime(): Promise<LibOutcome<unknown>> {
    return this.call(() => this.lib.time());
  }

  protected async syncAccount(): Promise<Omit<AccountSync, 'serverTimeOffsetMs'>> {
    const info = await this.must('exchangeInfo', () => this.lib.exchangeInfo({ symbol: this.symbol }));
    const filters = parseSymbolFilters(info, this.symbol, 'spot');
    if (!filters.ok) throw new Error(`spot-testnet: ${filters.error}`);
    const account = await this.must('account', () =>
      this.lib.accountInfo({ recvWindow: this.cfg.recvWindow ?? 5000 }),
    );
    const balances = (account as { balances?: unknown }).balances;
    if (!Array.isArray(balances)) throw new Error('spot-testnet: account response has no balances');
    const amount = (asset: string, withLocked: boolean): number => {
      const b = balances.find((x) => (x as { asset?: unknown }).asset === asset) as
        { free?: unknown; locked?: unknown } | undefined;
      const free = Number(b?.free ?? 0);
      const locked = Number(b?.locked ?? 0);
      return (Number.isFinite(free) ? free : 0) + (withLocked && Number.isFinite(locked) ? locked : 0);
    };
    return {
      filters: filters.value,
      quoteBalance: amount(filters.value.quoteAsset, false),
      baseQty: amount(filters.value.baseAsset, true),
    };
  }

  protected orderParams(intent: OrderIntent): Record<string, string> {
    return {
      symbol: this.symbol,
      side: intent.side,
      type: 'MARKET',
      quantity: intent.quantity,
      newClientOrderId: intent.clientOrderId,
      newOrderRespType: 'FULL',
    };
  }

  protected placedFees(body: unknown): Map<string, number> | null {
    return sumFees((body as { fills?: unknown }).fills);
  }
}
