/**
 * Types that cross module boundaries inside the engine. Every engine module depends on this file;
 * this file depends on nothing. Import direction: ui -> engine/* -> engine/core.
 */

/** One 1-minute candle. Times are epoch milliseconds (UTC). */
export interface Bar {
  readonly openTime: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
  readonly closeTime: number;
}

export const MINUTE_MS = 60_000;

/** spot is long-only; usdm (USD-M perpetual futures) allows shorts. */
export type Market = 'spot' | 'usdm';

/** The 13 market features in the order `drl-tui features` prints them (DESIGN.md, step 3). */
export const MARKET_FEATURES = [
  'z_score',
  'zone',
  'price_momentum',
  'z_score_momentum',
  'macd',
  'macd_signal',
  'macd_diff',
  'rsi',
  'bb_mid',
  'bb_high',
  'bb_low',
  'obv',
  'sentiment',
] as const;
export type MarketFeature = (typeof MARKET_FEATURES)[number];

/**
 * Index of each market feature inside the Float64Array the FeatureEngine fills. `rsi` is stored
 * as rsi/100 (0..1), as the observation uses it.
 */
export const F = {
  z_score: 0,
  zone: 1,
  price_momentum: 2,
  z_score_momentum: 3,
  macd: 4,
  macd_signal: 5,
  macd_diff: 6,
  rsi: 7,
  bb_mid: 8,
  bb_high: 9,
  bb_low: 10,
  obv: 11,
  sentiment: 12,
} as const satisfies Record<MarketFeature, number>;

/** The 15-D observation, default order (the original research agent's). policy.json may declare another. */
export const OBSERVATION_FEATURES = [
  'position',
  'z_score',
  'zone',
  'price_momentum',
  'z_score_momentum',
  'position_change',
  'macd',
  'macd_signal',
  'macd_diff',
  'rsi',
  'bb_mid',
  'bb_high',
  'bb_low',
  'obv',
  'sentiment',
] as const;
export type ObservationFeature = (typeof OBSERVATION_FEATURES)[number];

/** Feature-engine parameters. They live in the policy package so training and trading cannot disagree. */
export interface FeatureParams {
  readonly maPeriod: number; // SMA window for the spread (default 20)
  readonly zWindow: number; // window of spreads for the z-score (default 60)
  readonly openThreshold: number; // |z| beyond this -> zone ±1 (default 1.5)
  readonly closeThreshold: number; // |z| beyond this -> zone ±0.5 (default 0.5)
  readonly stdDdof: 0 | 1; // 0 = population std (default), 1 = sample std; used by z-score and Bollinger
  readonly macdFast: number; // 12
  readonly macdSlow: number; // 26
  readonly macdSignal: number; // 9
  readonly rsiPeriod: number; // 14
  readonly bbPeriod: number; // 20
  readonly bbStdDev: number; // 2
  readonly momentumClip: number; // price_momentum clipped to ±this (0.1)
  readonly zMomentumClip: number; // z_score_momentum clipped to ±this (2)
}

/** Every FeatureParams key, for parsers of saved state and policy packages. */
export const FEATURE_PARAM_KEYS = [
  'maPeriod',
  'zWindow',
  'openThreshold',
  'closeThreshold',
  'stdDdof',
  'macdFast',
  'macdSlow',
  'macdSignal',
  'rsiPeriod',
  'bbPeriod',
  'bbStdDev',
  'momentumClip',
  'zMomentumClip',
] as const satisfies readonly (keyof FeatureParams)[];

export const DEFAULT_FEATURE_PARAMS: FeatureParams = Object.freeze({
  maPeriod: 20,
  zWindow: 60,
  openThreshold: 1.5,
  closeThreshold: 0.5,
  stdDdof: 0,
  macdFast: 12,
  macdSlow: 26,
  macdSignal: 9,
  rsiPeriod: 14,
  bbPeriod: 20,
  bbStdDev: 2,
  momentumClip: 0.1,
  zMomentumClip: 2,
});

export type AgentName = 'drl' | 'rsi' | 'macd' | 'bollinger';
export const AGENT_NAMES: readonly AgentName[] = ['drl', 'rsi', 'macd', 'bollinger'];

/** What every agent sees for one closed bar. `features` is the FeatureEngine's live array: read, never keep. */
export interface AgentInput {
  readonly bar: Bar;
  readonly features: Float64Array; // indexed by F
  readonly position: number; // signed fraction of equity currently held
  readonly positionChange: number; // change of position over the last step
}

/** One agent's opinion. target ∈ [-1, 1] (fraction of equity), confidence ∈ [0, 1]. */
export interface Vote {
  readonly agent: AgentName;
  readonly target: number;
  readonly confidence: number;
  /** Short text quoting the numbers that caused the vote, e.g. "RSI 27.4 < 30 oversold -> long". */
  readonly reason: string;
}

/**
 * The streaming agent contract. `step` is the hot path (no allocation, no string formatting);
 * `vote()` materialises the last step with its reason, only when a journal or screen needs it.
 */
export interface Agent {
  readonly name: AgentName;
  step(input: AgentInput): void;
  readonly target: number;
  readonly confidence: number;
  vote(): Vote;
  /** Serialisable internal state (e.g. previous MACD diff) so a restart continues identically. */
  toJSON(): unknown;
}

/** Closed set of reasons an intended trade did not become an order. Counted in every report. */
export type SkipReason =
  | 'NO_CHANGE' // target equals the current position (after rounding)
  | 'BELOW_MIN_QTY' // quantity floored to the LOT_SIZE step is under minQty
  | 'BELOW_MIN_NOTIONAL' // quantity × price is under the NOTIONAL minimum
  | 'SPOT_NO_SHORT' // a negative target on spot was clipped to 0
  | 'MAX_POSITION' // |target| clipped to max_position
  | 'MAX_STEP' // |Δ| clipped to max_step per bar
  | 'DAILY_LOSS_HALT' // daily-loss limit reached: no new exposure
  | 'COOLDOWN' // too soon after the last trade
  | 'PAUSED' // the user paused trading: decision computed, nothing sent
  | 'HALTED' // an invariant broke (NaN reached the core): no new exposure
  | 'INSUFFICIENT_BALANCE' // not enough cash / base asset for the order
  | 'RATE_LIMITED' // the exchange asked us to wait (429/418)
  | 'STALE_BAR'; // a bar decided while catching up, closed too long ago to send its order

/** Exchange symbol filters (Binance exchangeInfo), as exact decimal strings where the exchange gives them. */
export interface SymbolFilters {
  readonly symbol: string;
  readonly baseAsset: string;
  readonly quoteAsset: string;
  readonly stepSize: string; // LOT_SIZE.stepSize, e.g. "0.00010000"
  readonly minQty: string; // LOT_SIZE.minQty
  readonly maxQty: string; // LOT_SIZE.maxQty
  readonly tickSize: string; // PRICE_FILTER.tickSize
  readonly minNotional: number; // NOTIONAL.minNotional (spot) or MIN_NOTIONAL.notional (usdm)
}

export type OrderSide = 'BUY' | 'SELL';

/** A planned market order. Quantities that leave the engine are exact decimal strings. */
export interface OrderIntent {
  readonly clientOrderId: string; // deterministic: same session + bar + seq -> same id
  readonly symbol: string;
  readonly side: OrderSide;
  readonly quantity: string;
  readonly barOpenTime: number; // the bar whose close produced the decision
  readonly targetPosition: number; // the risk-adjusted target fraction it moves towards
  readonly reduceOnly: boolean;
}

export interface Fill {
  readonly clientOrderId: string;
  readonly symbol: string;
  readonly side: OrderSide;
  readonly quantity: number; // executed base quantity (before any base-asset fee)
  readonly price: number; // average fill price
  readonly fee: number; // fee amount in feeAsset
  readonly feeAsset: string;
  readonly time: number; // epoch ms
}

export type OrderStatus = 'planned' | 'submitted' | 'filled' | 'rejected' | 'unknown' | 'skipped';

/** Lifecycle of long-lived parts (feed, executor, sentiment runner), rendered directly by the UI. */
export type ComponentState = 'ready' | 'running' | 'degraded' | 'faulted' | 'stopped';

export type FeedStatus = 'connecting' | 'live' | 'reconnecting' | 'stale' | 'replay' | 'ended';

export type TradingState = 'TRADING' | 'PAUSED' | 'HALTED';

/** The engine's time source. Backtests use the bar clock; live uses the wall clock. Never call Date.now() in the engine. */
export interface Clock {
  now(): number;
}

/** Result type for parsers at the edges: a value or a one-line reason. */
export type Parsed<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

export function assertNever(x: never): never {
  throw new Error(`unhandled case: ${JSON.stringify(x)}`);
}
