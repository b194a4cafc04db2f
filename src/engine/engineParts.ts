import type { Executor } from './core/executor.js';
import type { Snapshot } from './core/snapshot.js';
import type { Agent, Clock, OrderIntent, SkipReason, TradingState } from './core/types.js';
import type { FeatureEngine } from './features/featureEngine.js';
import type { OrderPlanner } from './execution/orderPlanner.js';
import type { PaperExecutor } from './execution/paperExecutor.js';
import type { Portfolio } from './execution/portfolio.js';
import type { JournalSink } from './journal/journalSink.js';
import type { AgentStats } from './report/agentStats.js';
import type { FillFingerprint } from './report/fingerprint.js';
import type { OutcomeCounts } from './report/outcomeCounts.js';
import type { PerformanceTracker } from './report/performanceTracker.js';
import type { SeriesRecorder } from './report/seriesRecorder.js';
import type { SnapshotSources } from './snapshotPublisher.js';

/** The parts of the ensemble and risk manager the engine relies on (structural, so tests can fake them). */
export interface TargetCombiner {
  /** Weights index for index with `agents`; the engine asks once, for its own list. */
  weightsFor(agents: readonly Agent[]): Float64Array;
  /** The target from this bar's agent targets and those weights. */
  combineTargets(targets: Float64Array, weights: Float64Array): number;
}
export interface RiskGate {
  apply(target: number, position: number, equity: number, barOpenTime: number): number;
  readonly codes: readonly SkipReason[];
  /** Start the cooldown clock: called after every fill with the bar it happened on. */
  noteTrade(barOpenTime: number): void;
}

export interface EngineParts {
  readonly symbol: string;
  readonly mode: Snapshot['mode'];
  readonly clock: Clock;
  readonly features: FeatureEngine;
  readonly sentimentAt: (openTime: number) => number;
  readonly agents: readonly Agent[];
  readonly ensemble: TargetCombiner;
  readonly risk: RiskGate;
  readonly planner: OrderPlanner;
  readonly portfolio: Portfolio;
  /** Paper fills happen at the next bar's open, synchronously; exchange executors are awaited. */
  readonly paper: PaperExecutor | null;
  readonly executor: Executor;
  readonly tracker: PerformanceTracker;
  readonly agentStats: AgentStats;
  readonly outcomes: OutcomeCounts;
  readonly fingerprint: FillFingerprint;
  readonly journal: JournalSink | null;
  readonly journalContext: Readonly<Record<string, unknown>>;
  /** More fields for each decision record (the observation), read right after the agents stepped. */
  readonly journalExtra?: () => Readonly<Record<string, unknown>>;
  /** Screen support (null in a headless backtest: nothing is buffered for a screen). */
  readonly screen: Omit<SnapshotSources, 'engine'> | null;
  /** What the HTML report draws; default: a recorder starting at the portfolio's cash. */
  readonly series?: SeriesRecorder;
}

/**
 * What a restart needs from the engine itself, beyond the parts that save their own state
 * (features, agents, risk, portfolio). Plain JSON. See src/engine/enginePersistence.ts.
 */
export interface EngineRuntimeState {
  readonly lastOpenTime: number | null;
  readonly lastClose: number;
  readonly prevPosition: number;
  readonly prevEquity: number;
  /** Paper: the order decided on the last bar, filled at the next bar's open. */
  readonly pending: OrderIntent | null;
  /** Orders whose outcome stayed unknown (timeout, look-up failed): looked up again on restart. */
  readonly unresolved: readonly OrderIntent[];
  /** Client order id of the last order the planner produced (its per-bar seq must not be reused). */
  readonly lastPlannedId: string | null;
  readonly trading: TradingState;
}
