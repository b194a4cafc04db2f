import { ManualClock } from '../../src/engine/core/clock.js';
import type { OrderIntent, OrderSide } from '../../src/engine/core/types.js';
import type { BinanceExecutorConfig, LogLevel } from '../../src/engine/execution/binanceExecutorBase.js';
import { BinanceSpotExecutor } from '../../src/engine/execution/binanceSpotExecutor.js';
import { BinanceUsdmExecutor } from '../../src/engine/execution/binanceUsdmExecutor.js';
import type { BinanceServerOptions, BinanceTestServer } from '../support/binanceServer.js';
import { useBinanceServer } from '../support/useBinanceServer.js';

/**
 * One manual clock drives both the exchange's time (recvWindow, /time) and the executor's, so a
 * Retry-After can be "waited out" by moving the clock, with no wall-clock sleep. Every exchange
 * started is closed after its test (useBinanceServer).
 */
export function useExchange() {
  const startServer = useBinanceServer();
  return async (opts: BinanceServerOptions = {}) => {
    const clock = new ManualClock(1_711_900_000_000);
    const server = await startServer({ initialClosed: 300, ...opts, now: () => clock.now() });
    return { clock, server };
  };
}

export interface Built<E> {
  readonly ex: E;
  readonly logs: { level: LogLevel; message: string }[];
}

const fast = {
  orderTimeoutMs: 200,
  requestTimeoutMs: 2000,
  lookupAttempts: 3,
  lookupDelayMs: 10,
} as const;

export function spotExecutor(
  server: BinanceTestServer,
  clock: ManualClock,
  over: Partial<BinanceExecutorConfig> = {},
): Built<BinanceSpotExecutor> {
  const logs: { level: LogLevel; message: string }[] = [];
  const r = BinanceSpotExecutor.create({
    symbol: server.symbol,
    baseUrl: server.restBase,
    ...server.spotCredentials,
    clock,
    ...fast,
    log: (level, message) => logs.push({ level, message }),
    ...over,
  });
  if (!r.ok) throw new Error(r.error);
  return { ex: r.value, logs };
}

export function usdmExecutor(
  server: BinanceTestServer,
  clock: ManualClock,
  over: Partial<BinanceExecutorConfig> = {},
): Built<BinanceUsdmExecutor> {
  const logs: { level: LogLevel; message: string }[] = [];
  const r = BinanceUsdmExecutor.create({
    symbol: server.symbol,
    baseUrl: server.restBase,
    ...server.futuresCredentials,
    clock,
    ...fast,
    log: (level, message) => logs.push({ level, message }),
    ...over,
  });
  if (!r.ok) throw new Error(r.error);
  return { ex: r.value, logs };
}

let seq = 0;

export function intent(side: OrderSide, quantity: string, extra: Partial<OrderIntent> = {}): OrderIntent {
  seq++;
  return {
    clientOrderId: `drl-test-${Date.now().toString(36)}-${seq.toString(36)}`,
    symbol: 'ETHUSDT',
    side,
    quantity,
    barOpenTime: 1_711_670_400_000 + seq * 60_000,
    targetPosition: side === 'BUY' ? 0.5 : 0,
    reduceOnly: false,
    ...extra,
  };
}
