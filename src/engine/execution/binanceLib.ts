import B from 'binance-api-node';
import type { Timers } from '../feed/binanceKlineStream.js';

/**
 * The part of binance-api-node 0.13 the executors use (the start-up sync: time, exchangeInfo,
 * balances, position), typed by what it returns at runtime. Its own d.ts is looser and in places
 * wrong (time() resolves to a number, not {serverTime}).
 *
 * Configuration notes (verified in node_modules/binance-api-node/dist/http-client.js):
 * - ESM import gives the CommonJS exports object; the factory is its `.default`.
 * - `testnet: true` routes to Binance Demo Trading and ignores httpBase: never set it; pass the
 *   testnet or loopback base as `httpBase` (spot) / `httpFutures` (USD-M).
 * - `getTime` supplies the signed `timestamp`, so the measured server offset is applied there.
 * - Private calls without keys throw synchronously; errors carry `code` and `url` (the signed
 *   URL): only `code` and `message` are ever read.
 */
export interface LibClient {
  time(): Promise<unknown>;
  exchangeInfo(payload?: { symbol: string }): Promise<unknown>;
  accountInfo(payload?: { recvWindow?: number; omitZeroBalances?: boolean }): Promise<unknown>;
  futuresTime(): Promise<unknown>;
  futuresExchangeInfo(): Promise<unknown>;
  futuresAccountBalance(payload?: { recvWindow?: number }): Promise<unknown>;
  futuresPositionRisk(payload?: { symbol?: string; recvWindow?: number }): Promise<unknown>;
  futuresPositionMode(payload?: { recvWindow?: number }): Promise<unknown>;
}

export interface LibOptions {
  readonly apiKey: string;
  readonly apiSecret: string;
  readonly httpBase?: string;
  readonly httpFutures?: string;
  readonly getTime: () => number;
}

type Factory = (opts: LibOptions) => LibClient;

export function createLibClient(opts: LibOptions): LibClient {
  const mod = B as unknown as Factory | { default: Factory };
  const factory = typeof mod === 'function' ? mod : mod.default;
  return factory(opts);
}

export type LibOutcome<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly code: number | null; readonly message: string };

/**
 * Runs one library call with a timeout (the library has none), turning a synchronous throw, a
 * rejection or the timeout into a value. Only `code` and `message` of the error are kept; the
 * message passes through `clean` (redaction) before anything else sees it.
 */
export async function libCall<T>(
  call: () => Promise<T>,
  timeoutMs: number,
  timers: Timers,
  clean: (text: string) => string,
): Promise<LibOutcome<T>> {
  let timer: unknown = null;
  const timeout = new Promise<LibOutcome<T>>((resolve) => {
    timer = timers.setTimeout(
      () => resolve({ ok: false, code: null, message: `no response within ${timeoutMs} ms` }),
      timeoutMs,
    );
  });
  const run = (async (): Promise<LibOutcome<T>> => {
    try {
      return { ok: true, value: await call() };
    } catch (e) {
      const err = e as { code?: unknown; message?: unknown };
      const code = typeof err.code === 'number' ? err.code : null;
      const message = typeof err.message === 'string' ? err.message : 'request failed';
      return { ok: false, code, message: clean(message.replace(/<[^>]*>/g, ' ')) };
    }
  })();
  try {
    return await Promise.race([run, timeout]);
  } finally {
    timers.clearTimeout(timer);
  }
}
