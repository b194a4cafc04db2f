import type { AppConfig } from '../config.js';
import { DEFAULT_CONFIG } from '../config.js';
import type { Executor } from '../engine/core/executor.js';
import type { Clock, Market } from '../engine/core/types.js';
import type { Env } from '../engine/core/env.js';
import type { Venue } from '../engine/enginePersistence.js';
import type { LogLevel } from '../engine/execution/binanceExecutorBase.js';
import {
  BinanceSpotExecutor,
  SPOT_KEY_ENV,
  SPOT_SECRET_ENV,
} from '../engine/execution/binanceSpotExecutor.js';
import {
  BinanceUsdmExecutor,
  USDM_KEY_ENV,
  USDM_SECRET_ENV,
} from '../engine/execution/binanceUsdmExecutor.js';
import {
  checkOrderEndpoint,
  SPOT_TESTNET_URL,
  USDM_TESTNET_URL,
} from '../engine/execution/endpointPolicy.js';
import { parseKlineRow } from '../engine/feed/restBackfill.js';
import type { SecretRegistry } from '../engine/journal/secretRegistry.js';

/** `--live` / `--testnet spot|usdm` → where orders go and which market the session trades. */
export function parseVenue(
  live: boolean,
  testnet: string | undefined,
  market: Market,
): { venue: Venue; market: Market } {
  if (testnet !== undefined) {
    if (testnet === 'spot') return { venue: 'spot-testnet', market: 'spot' };
    if (testnet === 'usdm') return { venue: 'usdm-testnet', market: 'usdm' };
    throw new Error(`--testnet must be spot or usdm, got '${testnet}'`);
  }
  if (!live) throw new Error('live trading needs --live (paper) or --testnet spot|usdm');
  return { venue: 'paper', market };
}

const MARKET_DEFAULTS = {
  spot: { ws: 'wss://stream.binance.com:9443/ws', rest: 'https://api.binance.com', klines: '/api/v3/klines' },
  usdm: { ws: 'wss://fstream.binance.com/ws', rest: 'https://fapi.binance.com', klines: '/fapi/v1/klines' },
} as const;

/**
 * Market-data endpoints: the configured ones, except that the config's (spot) defaults give way to
 * the USD-M stream when the session trades futures — a futures position is priced by futures candles.
 */
export function marketEndpoints(
  cfg: AppConfig,
  market: Market,
): { ws: string; rest: string; klinesPath: string } {
  const d = MARKET_DEFAULTS[market];
  return {
    ws: cfg.marketWs === DEFAULT_CONFIG.marketWs ? d.ws : cfg.marketWs,
    rest: cfg.marketRest === DEFAULT_CONFIG.marketRest ? d.rest : cfg.marketRest,
    klinesPath: d.klines,
  };
}

/**
 * The testnet executor from the environment/.env keys, or null for paper. Every refusal is one
 * line that says what to do: a non-testnet order endpoint, missing keys. Nothing falls back to
 * paper silently: the user asked for testnet orders.
 */
export function createExecutor(o: {
  venue: Venue;
  symbol: string;
  exchangeUrl: string | null;
  env: Env;
  secrets: SecretRegistry;
  clock: Clock;
  log: (level: LogLevel, message: string) => void;
}): Executor | null {
  if (o.exchangeUrl !== null) {
    const ok = checkOrderEndpoint(o.exchangeUrl);
    if (!ok.ok) throw new Error(`--exchange-url: ${ok.error}`);
  }
  if (o.venue === 'paper') return null;
  const spot = o.venue === 'spot-testnet';
  const [keyName, secretName] = spot ? [SPOT_KEY_ENV, SPOT_SECRET_ENV] : [USDM_KEY_ENV, USDM_SECRET_ENV];
  const apiKey = o.env[keyName] ?? '';
  const apiSecret = o.env[secretName] ?? '';
  o.secrets.register(apiKey);
  o.secrets.register(apiSecret);
  if (apiKey === '' || apiSecret === '') {
    const missing = [apiKey === '' ? keyName : null, apiSecret === '' ? secretName : null].filter(Boolean);
    throw new Error(
      `--testnet ${spot ? 'spot' : 'usdm'} needs ${missing.join(' and ')}: export ${missing.length > 1 ? 'them' : 'it'} or add ${keyName}=… and ${secretName}=… lines to ./.env (keys from ${spot ? 'testnet.binance.vision' : 'testnet.binancefuture.com'}); nothing was started`,
    );
  }
  const cfg = {
    symbol: o.symbol,
    apiKey,
    apiSecret,
    baseUrl: o.exchangeUrl ?? (spot ? SPOT_TESTNET_URL : USDM_TESTNET_URL),
    clock: o.clock,
    log: o.log,
  };
  const made = spot ? BinanceSpotExecutor.create(cfg) : BinanceUsdmExecutor.create(cfg);
  if (!made.ok) throw new Error(made.error);
  return made.value;
}

/** The forming candle's price from REST: a fresh testnet session values the coins it adopts with it. */
export async function fetchLastPrice(
  rest: string,
  klinesPath: string,
  symbol: string,
  timeoutMs = 5000,
): Promise<number | null> {
  try {
    const url = `${rest.replace(/\/+$/, '')}${klinesPath}?symbol=${encodeURIComponent(symbol)}&interval=1m&limit=1`;
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok) return null;
    const rows: unknown = await res.json();
    if (!Array.isArray(rows) || rows.length === 0) return null;
    const bar = parseKlineRow(rows[rows.length - 1]);
    return bar.ok ? bar.value.close : null;
  } catch {
    return null;
  }
}
