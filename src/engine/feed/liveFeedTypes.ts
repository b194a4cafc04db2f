import type { EngineEvent } from '../core/events.js';
import type { Rng } from '../core/rng.js';
import type { Bar, Clock, FeedStatus, Market } from '../core/types.js';
import type { BackoffConfig, Timers } from './binanceKlineStream.js';

/** warmup: history loaded at start; backfill: a gap filled from REST; stream: the WebSocket's own closed kline. */
export type BarSource = 'warmup' | 'backfill' | 'stream';

export type FeedEvent =
  /** A closed candle, strictly one minute after the previous one emitted (or after a reported gap). */
  | {
      readonly type: 'bar';
      readonly ts: number;
      readonly bar: Bar;
      readonly source: BarSource;
      readonly receivedAt: number;
      /**
       * The newest exchange time the stream had shown when this bar was emitted: the end of the
       * newest minute seen closed, or the open of the newest forming one (ms). A bar's age is
       * measured against it, not the local clock (see runLive's stale-bar guard).
       */
      readonly marketTime: number;
    }
  /** The forming candle's latest state: for the price line only, never for a decision. */
  | { readonly type: 'tick'; readonly ts: number; readonly bar: Bar; readonly receivedAt: number }
  | Extract<EngineEvent, { type: 'feed' | 'reconnect' | 'backfill' | 'dataQuality' }>;

export interface LiveFeedConfig {
  readonly symbol: string;
  /** Picks the default endpoints and REST path: spot /api/v3/klines, usdm /fapi/v1/klines. */
  readonly market?: Market;
  readonly wsBase?: string;
  readonly restBase?: string;
  /** Closed bars to load before the first live one (enough for every feature window). Default 0. */
  readonly warmupBars?: number;
  /** openTime of the last bar the consumer already has (restart): backfill from the next minute. */
  readonly resumeAfter?: number | null;
  /** Longest gap filled from REST; older minutes are reported as a gap. Default 7 days. */
  readonly maxBackfillBars?: number;
  /** No kline for this long → the socket is torn down and reconnected. Default 90 s. */
  readonly stallMs?: number;
  readonly pingIntervalMs?: number;
  readonly connectTimeoutMs?: number;
  readonly restTimeoutMs?: number;
  readonly backoff?: Partial<BackoffConfig>;
  /** Seeded jitter source. */
  readonly rng?: Rng;
  /** Event timestamps and last-message time. Never used to decide whether a candle closed. */
  readonly clock?: Clock;
  readonly timers?: Timers;
  readonly fetch?: typeof fetch;
  /** Monotonic ms for `receivedAt` (latency measurement). Default performance.now. */
  readonly hrNow?: () => number;
}

export interface FeedStats {
  readonly status: FeedStatus;
  readonly reconnects: number;
  readonly lastBarOpenTime: number | null;
  /** Clock time of the last valid kline frame, for the header's "last candle" age. */
  readonly lastMessageAt: number | null;
  readonly bars: number;
  readonly streamBars: number;
  readonly backfilledBars: number;
  readonly warmupBars: number;
  readonly backfills: number;
  readonly duplicates: number;
  readonly outOfOrder: number;
  readonly malformed: number;
  readonly staleTicks: number;
  readonly stalls: number;
  readonly missingMinutes: number;
}
