import type {
  AgentName,
  ComponentState,
  FeedStatus,
  Market,
  ObservationFeature,
  OrderSide,
  TradingState,
  Vote,
} from './types.js';

/** One line of the trades/events panel. */
export interface EventLine {
  readonly ts: number;
  readonly kind: 'fill' | 'skip' | 'reject' | 'reconnect' | 'backfill' | 'info' | 'error' | 'would';
  readonly text: string;
}

export interface FeatureRow {
  readonly name: ObservationFeature;
  readonly raw: number;
  /** Value after the policy's scaler; equals raw when no policy is loaded. */
  readonly scaled: number;
}

export interface SentimentView {
  readonly state: ComponentState | 'pending' | 'not configured';
  /** UTC day (YYYY-MM-DD) whose scores are in use: the previous day (T+1). */
  readonly day: string | null;
  readonly vader: number | null;
  readonly s: readonly (number | null)[]; // s1..s5, null = unscored / model unavailable
  readonly combined: number;
  readonly progress: string; // e.g. "scoring 120/400 with s2" or why a column is empty
}

export interface PositionView {
  readonly side: 'LONG' | 'SHORT' | 'FLAT';
  readonly quantity: number;
  readonly fraction: number; // signed fraction of equity
  readonly avgPrice: number;
  readonly unrealizedPnl: number;
}

export interface TradeView {
  readonly ts: number;
  readonly side: OrderSide;
  readonly quantity: number;
  readonly price: number;
  readonly fee: number;
}

/** A journal playing on the console: where it is and how the re-run compares with the recording. */
export interface PlayerView {
  readonly file: string;
  readonly state: 'playing' | 'paused' | 'ended' | 'diverged' | 'error';
  /** Decisions shown so far (1 = the first bar); `total` in the journal. */
  readonly bar: number;
  readonly total: number;
  readonly speed: string;
  /** "identical to the recording so far", the end-of-journal verdict, or the divergence. */
  readonly note: string;
}

/**
 * An immutable picture of the engine that the UI draws from. Built by the engine at most at the
 * UI's frame rate; never mutated after publication (arrays are fresh copies).
 */
export interface Snapshot {
  readonly seq: number;
  readonly symbol: string;
  readonly interval: '1m';
  readonly mode: 'REPLAY' | 'PAPER' | 'TESTNET' | 'BACKTEST';
  readonly market: Market;
  readonly feed: {
    readonly status: FeedStatus;
    /** Close time (epoch ms) of the last closed candle; its age is now − this. */
    readonly lastCandleTs: number | null;
    readonly reconnects: number;
    readonly detail: string;
  };
  readonly executor: { readonly state: ComponentState; readonly detail: string };
  readonly model: {
    readonly name: string;
    readonly sha256: string | null;
    readonly status: 'loaded' | 'no model' | 'refused';
  };
  readonly trading: TradingState;
  readonly now: number; // engine clock at snapshot time (bar time in replay)
  readonly lastPrice: number | null;
  readonly prices: readonly number[]; // recent closes, oldest first (bounded ring)
  readonly equityCurve: readonly number[]; // recent equity, oldest first (bounded ring)
  readonly startEquity: number;
  readonly equity: number;
  readonly realizedPnl: number;
  readonly fees: number;
  readonly trades: number;
  readonly features: readonly FeatureRow[]; // the 15-D state in policy order
  readonly votes: readonly Vote[];
  readonly ensembleTarget: number;
  readonly riskTarget: number;
  readonly riskNote: string; // which limits bit, e.g. "MAX_STEP 0.10"
  readonly position: PositionView;
  readonly sentiment: SentimentView;
  readonly events: readonly EventLine[]; // newest first, bounded
  readonly barsProcessed: number;
  readonly weights: Readonly<Partial<Record<AgentName, number>>>;
  /** Set when the console plays a recorded journal (`--journal`) instead of trading. */
  readonly player?: PlayerView;
  /** Replay speed as the user gave it ("1x", "10x", "60x", "max"); shown next to REPLAY. Optional: added by the UI. */
  readonly replaySpeed?: string;
}
