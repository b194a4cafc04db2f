import type { AccountSync } from '../core/executor.js';
import type { OrderIntent, Parsed } from '../core/types.js';
import type { LibOutcome } from './binanceLib.js';
import { BinanceExecutorBase } from './binanceExecutorBase.js';
import type { BinanceExecutorConfig } from './binanceExecutorBase.js';
import { parseSymbolFilters } from './binanceFilters.js';
import { checkOrderEndpoint, USDM_TESTNET_URL } from './endpointPolicy.js';

export const USDM_KEY_ENV = 'BINANCE_FUTURES_TESTNET_API_KEY';
export const USDM_SECRET_ENV = 'BINANCE_FUTURES_TESTNET_API_SECRET';

/**
 * USD-M futures testnet executor: one-way position mode (checked at sync, never changed for the
 * user), shorts allowed, reduceOnly on orders that only reduce. MARKET orders ask for
 * newOrderRespType RESULT (the default ACK says nothing about the fill); USD-M responses carry no
 * commission, so fees come from /fapi/v1/userTrades for the order.
 */
export class BinanceUsdmExecutor extends BinanceExecutorBase {
  readonly kind = 'usdm-testnet' as const;
  readonly market = 'usdm' as const;
  protected readonly orderPath = '/fapi/v1/order';
  protected readonly tradesPath = '/fapi/v1/userTrades';
  protected readonly pingPath = '/fapi/v1/ping';

  static create(cfg: BinanceExecutorConfig): Parsed<BinanceUsdmExecutor> {
    if (!cfg.apiKey || !cfg.apiSecret) {
      return { ok: false, error: `USD-M testnet trading needs ${USDM_KEY_ENV} and ${USDM_SECRET_ENV}` };
    }
    const base = checkOrderEndpoint(cfg.baseUrl ?? USDM_TESTNET_URL);
    if (!base.ok) return base;
    return { ok: true, value: new BinanceUsdmExecutor(cfg, base.value) };
  }

  private constructor(cfg: BinanceExecutorConfig, baseUrl: string) {
    super(cfg, baseUrl, 'httpFutures');
  }

  protected serverTime(): Promise<LibOutcome<unknown>> {
    return this.call(() => this.lib.futuresTime());
  }

  protected async syncAccount(): Promise<Omit<AccountSync, 'serverTimeOffsetMs'>> {
    const recvWindow = this.cfg.recvWindow ?? 5000;
    const info = await this.must('exchangeInfo', () => this.lib.futuresExchangeInfo());
    const filters = parseSymbolFilters(info, this.symbol, 'usdm');
    if (!filters.ok) throw new Error(`usdm-testnet: ${filters.error}`);
    const mode = await this.must('position mode', () => this.lib.futuresPositionMode({ recvWindow }));
    if ((mode as { dualSidePosition?: unknown }).dualSidePosition === true) {
      throw new Error(
        'usdm-testnet: the account is in hedge mode; switch it to one-way mode (drl-tui trades one net position)',
      );
    }
    const balances = await this.must('balance', () => this.lib.futuresAccountBalance({ recvWindow }));
    const quote = Array.isArray(balances)
      ? (balances.find((b) => (b as { asset?: unknown }).asset === filters.value.quoteAsset) as
          { availableBalance?: unknown } | undefined)
      : undefined;
    const quoteBalance = Number(quote?.availableBalance ?? Number.NaN);
    if (!Number.isFinite(quoteBalance))
      throw new Error(`usdm-testnet: no ${filters.value.quoteAsset} balance in the account`);
    const risk = await this.must('position', () =>
      this.lib.futuresPositionRisk({ symbol: this.symbol, recvWindow }),
    );
    const pos = Array.isArray(risk)
      ? (risk.find((p) => (p as { symbol?: unknown }).symbol === this.symbol) as
          { positionAmt?: unknown } | undefined)
      : undefined;
    const baseQty = Number(pos?.positionAmt ?? 0);
    if (!Number.isFinite(baseQty)) throw new Error('usdm-testnet: position amount is not a number');
    return { filters: filters.value, quoteBalance, baseQty };
  }

  protected orderParams(intent: OrderIntent): Record<string, string> {
    const p: Record<string, string> = {
      symbol: this.symbol,
      side: intent.side,
      type: 'MARKET',
      quantity: intent.quantity,
      newClientOrderId: intent.clientOrderId,
      newOrderRespType: 'RESULT',
    };
    if (intent.reduceOnly) p.reduceOnly = 'true';
    return p;
  }

  protected placedFees(): null {
    return null;
  }
}
