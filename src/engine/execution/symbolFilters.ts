import type { Market, SymbolFilters } from '../core/types.js';

/**
 * Offline defaults for the exchange filters, so backtests and paper trading round exactly as the
 * exchange would. Exchange executors replace them with exchangeInfo at start-up (sync()).
 *
 * Values are Binance's (spot exchangeInfo and USD-M futures exchangeInfo, 2024):
 *   spot ETHUSDT  LOT_SIZE step 0.0001  minQty 0.0001   PRICE_FILTER tick 0.01  NOTIONAL 5
 *   spot BTCUSDT  LOT_SIZE step 0.00001 minQty 0.00001  PRICE_FILTER tick 0.01  NOTIONAL 5
 *   usdm ETHUSDT  LOT_SIZE step 0.001   minQty 0.001    PRICE_FILTER tick 0.01  MIN_NOTIONAL 20
 *   usdm BTCUSDT  LOT_SIZE step 0.001   minQty 0.001    PRICE_FILTER tick 0.10  MIN_NOTIONAL 100
 *
 * Any other symbol gets a generic, deliberately coarse-but-safe guess (documented here, shown in
 * the report as "default filters"): step 0.001, minQty 0.001, tick 0.0001, and a minimum
 * notional of 5 for stable-coin quotes (USDT, USDC, FDUSD, BUSD, TUSD, DAI), 0.0001 for BTC,
 * 0.001 for ETH, 0.01 for BNB, else 5. The quote asset is the longest known suffix of the symbol.
 */

const KNOWN: Readonly<Record<string, Omit<SymbolFilters, 'symbol'>>> = {
  'spot:ETHUSDT': {
    baseAsset: 'ETH',
    quoteAsset: 'USDT',
    stepSize: '0.0001',
    minQty: '0.0001',
    maxQty: '9000',
    tickSize: '0.01',
    minNotional: 5,
  },
  'spot:BTCUSDT': {
    baseAsset: 'BTC',
    quoteAsset: 'USDT',
    stepSize: '0.00001',
    minQty: '0.00001',
    maxQty: '9000',
    tickSize: '0.01',
    minNotional: 5,
  },
  'usdm:ETHUSDT': {
    baseAsset: 'ETH',
    quoteAsset: 'USDT',
    stepSize: '0.001',
    minQty: '0.001',
    maxQty: '10000',
    tickSize: '0.01',
    minNotional: 20,
  },
  'usdm:BTCUSDT': {
    baseAsset: 'BTC',
    quoteAsset: 'USDT',
    stepSize: '0.001',
    minQty: '0.001',
    maxQty: '1000',
    tickSize: '0.10',
    minNotional: 100,
  },
};

const QUOTES: readonly (readonly [string, number])[] = [
  ['FDUSD', 5],
  ['USDT', 5],
  ['USDC', 5],
  ['BUSD', 5],
  ['TUSD', 5],
  ['DAI', 5],
  ['BTC', 0.0001],
  ['ETH', 0.001],
  ['BNB', 0.01],
];

/** Splits "ETHUSDT" into ["ETH", "USDT"] by the known quote suffixes; unknown quotes give [symbol, "USDT"]. */
export function splitSymbol(symbol: string): { base: string; quote: string; minNotional: number } {
  const s = symbol.toUpperCase();
  for (const [quote, minNotional] of QUOTES) {
    if (s.length > quote.length && s.endsWith(quote)) {
      return { base: s.slice(0, -quote.length), quote, minNotional };
    }
  }
  return { base: s, quote: 'USDT', minNotional: 5 };
}

/** Binance filters for the symbol (see the table above); a generic guess for unknown symbols. */
export function defaultFilters(symbol: string, market: Market = 'spot'): SymbolFilters {
  const s = symbol.toUpperCase();
  const known = KNOWN[`${market}:${s}`];
  if (known) return { symbol: s, ...known };
  const { base, quote, minNotional } = splitSymbol(s);
  return {
    symbol: s,
    baseAsset: base,
    quoteAsset: quote,
    stepSize: '0.001',
    minQty: '0.001',
    maxQty: '9000000',
    tickSize: '0.0001',
    minNotional,
  };
}

/** True when the symbol has exact Binance defaults above rather than the generic guess. */
export function hasKnownFilters(symbol: string, market: Market = 'spot'): boolean {
  return KNOWN[`${market}:${symbol.toUpperCase()}`] !== undefined;
}
