import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Snapshot, SentimentView, FeatureRow } from './core/snapshot.js';
import type { Agent, Clock, FeatureParams, Market, SymbolFilters } from './core/types.js';
import { DEFAULT_FEATURE_PARAMS, OBSERVATION_FEATURES } from './core/types.js';
import type { Executor } from './core/executor.js';
import { RsiAgent } from './agents/rsiAgent.js';
import { MacdAgent } from './agents/macdAgent.js';
import { BollingerAgent } from './agents/bollingerAgent.js';
import { Ensemble, FixedTarget } from './agents/ensemble.js';
import { resolveStrategy } from './agents/strategyFile.js';
import type { StrategyConfig } from './agents/strategyFile.js';
import { createDrlAgent } from './agents/drlAgent.js';
import type { DrlAgent } from './agents/drlAgent.js';
import { loadPolicyPackage } from './policy/loadPolicy.js';
import type { PolicyJson } from './policy/policyJson.js';
import { FeatureEngine } from './features/featureEngine.js';
import { ObservationBuilder } from './features/observation.js';
import { RiskManager } from './risk/riskManager.js';
import type { RiskLimits } from './risk/riskManager.js';
import { OrderPlanner } from './execution/orderPlanner.js';
import { PaperExecutor } from './execution/paperExecutor.js';
import { Portfolio } from './execution/portfolio.js';
import { defaultFilters } from './execution/symbolFilters.js';
import { JournalWriter } from './journal/journalWriter.js';
import type { JournalSink } from './journal/journalSink.js';
import { buildSessionHeader } from './journal/sessionHeader.js';
import type { SecretRegistry } from './journal/secretRegistry.js';
import { PerformanceTracker } from './report/performanceTracker.js';
import { AgentStats } from './report/agentStats.js';
import { OutcomeCounts } from './report/outcomeCounts.js';
import { FillFingerprint } from './report/fingerprint.js';
import { SentimentSeries } from './sentiment/sentimentSeries.js';
import { TradingEngine } from './engine.js';
import { ENGINE_VERSION } from './version.js';

export interface SessionOptions {
  readonly symbol: string;
  readonly market: Market;
  readonly mode: Snapshot['mode'];
  readonly sessionId: string;
  readonly clock: Clock;
  readonly startCash: number;
  readonly feeRate: number;
  readonly slippageBps: number;
  readonly strategy: string;
  /** Policy package directory; null or missing → observation-only (the DRL agent says "no model"). */
  readonly modelDir: string | null;
  readonly sentimentDir: string | null;
  readonly journalPath: string | null;
  readonly secrets?: SecretRegistry;
  /** Build snapshot support for a screen. */
  readonly screen: boolean;
  readonly filters?: SymbolFilters;
  /** An exchange executor; default: paper fills at the next bar's open. */
  readonly executor?: Executor;
  readonly sentimentView?: () => SentimentView;
  readonly replaySpeed?: string;
  /** A series the caller keeps (to reload it when the sentiment runner writes a day); else loaded from sentimentDir. */
  readonly sentimentSeries?: SentimentSeries;
  /** A restarted live session: saved parts to continue from, built once the feature params are known. */
  readonly restore?: (ctx: RestoreContext) => RestoredParts;
  /** Verify: the strategy as a journal recorded it, used instead of resolving `strategy` again. */
  readonly strategyConfig?: StrategyConfig;
  /** Verify: the sentiment inputs a journal recorded, instead of the sentiment files. */
  readonly sentimentAt?: (openTime: number) => number;
  /** Verify: an in-memory journal instead of the file at journalPath. */
  readonly journal?: JournalSink;
  /** Where the bars come from, for the journal's session header (files, a feed URL). */
  readonly dataSource?: string;
}

export interface RestoreContext {
  readonly featureParams: FeatureParams;
  /** The strategy's limits: they override the saved ones (the user may have edited the strategy). */
  readonly riskLimits: Partial<RiskLimits>;
}

/** Saved parts used instead of fresh ones; anything missing starts fresh. */
export interface RestoredParts {
  readonly features?: FeatureEngine;
  readonly risk?: RiskManager;
  readonly portfolio?: Portfolio;
}

export interface Session {
  readonly engine: TradingEngine;
  readonly strategy: StrategyConfig;
  readonly model: { readonly name: string; readonly sha256: string } | null;
  /** One-line notes for the user (model refused, sentiment missing, …). */
  readonly warnings: readonly string[];
  readonly featureParams: FeatureParams;
  readonly params: Readonly<Record<string, unknown>>;
  /** The T+1 sentiment series the features read (null when no sentiment folder is configured). */
  readonly sentiment: SentimentSeries | null;
}

const NO_SENTIMENT: SentimentView = Object.freeze({
  state: 'not configured',
  day: null,
  vader: null,
  s: [null, null, null, null, null],
  combined: 0,
  progress: 'no sentiment files: the sentiment feature is 0',
});

/** Assemble one engine from the options: the only place that knows how the parts fit together. */
export async function buildSession(o: SessionOptions): Promise<Session> {
  const warnings: string[] = [];
  const strategy = o.strategyConfig ?? resolveStrategy(o.strategy);
  const wantsDrl = (strategy.weights.drl ?? 0) > 0;

  let drl: DrlAgent = createDrlAgent(null);
  let policy: PolicyJson | null = null;
  if (o.modelDir !== null && existsSync(o.modelDir)) {
    const loaded = await loadPolicyPackage(o.modelDir);
    drl = createDrlAgent(loaded);
    if (loaded.ok && drl.available) policy = loaded.value.policy;
    if (!loaded.ok) warnings.push(`model: ${loaded.error} — observation-only mode`);
    else if (!drl.available) warnings.push(`model: ${drl.vote().reason} — observation-only mode`);
  } else if (wantsDrl) {
    warnings.push(
      o.modelDir === null
        ? 'model: none configured — observation-only mode (the DRL agent votes 0)'
        : `model: ${o.modelDir} not found — observation-only mode (the DRL agent votes 0)`,
    );
  }
  if (wantsDrl && !drl.available && Object.entries(strategy.weights).every(([a, w]) => a === 'drl' || !w)) {
    throw new Error(
      `strategy '${strategy.name}' needs a policy package: ${warnings.at(-1)?.replace(/ — observation-only mode.*$/, '') ?? 'none could be loaded'}`,
    );
  }
  const featureParams = policy?.featureParams ?? DEFAULT_FEATURE_PARAMS;

  const allowShort = o.market === 'usdm';
  const agents: Agent[] = [
    drl,
    new RsiAgent({ ...strategy.agents?.rsi, allowShort }),
    new MacdAgent({ ...strategy.agents?.macd, allowShort }),
    new BollingerAgent({ ...strategy.agents?.bollinger, allowShort }),
  ];
  const weights = { ...strategy.weights, drl: drl.available ? (strategy.weights.drl ?? 0) : 0 };
  // `hold` has no agents: a fixed target (1 = buy-and-hold) still goes through risk, planner and fees.
  const fixed = strategy.fixedTarget;
  const ensemble = fixed !== null ? new FixedTarget(fixed) : new Ensemble({ mode: strategy.mode, weights });
  const restored = o.restore?.({ featureParams, riskLimits: strategy.risk ?? {} }) ?? {};
  const risk = restored.risk ?? new RiskManager(strategy.risk ?? {}, o.market);
  const filters = o.filters ?? defaultFilters(o.symbol, o.market);
  const portfolio =
    restored.portfolio ??
    new Portfolio(o.startCash, o.market, {
      base: filters.baseAsset,
      quote: filters.quoteAsset,
    });
  const paper =
    o.executor === undefined
      ? new PaperExecutor({
          symbol: o.symbol,
          market: o.market,
          filters,
          feeRate: o.feeRate,
          slippageBps: o.slippageBps,
          startCash: o.startCash,
          portfolio,
        })
      : null;
  const planner = new OrderPlanner({ sessionId: o.sessionId, symbol: o.symbol, filters, market: o.market });

  // The series is kept even when empty: a console that starts before the first day lands picks
  // it up through reloadIfChanged() once the sentiment runner writes it.
  const sentiment =
    o.sentimentSeries ?? (o.sentimentDir !== null ? SentimentSeries.load(o.sentimentDir) : null);
  const sentimentAt = o.sentimentAt ?? (sentiment ? (t: number) => sentiment.valueAt(t) : () => 0);
  const model = policy ? { name: policy.name, sha256: drl.sha256 ?? policy.sha256 } : null;
  const params = {
    feeRate: o.feeRate,
    slippageBps: o.slippageBps,
    startCash: o.startCash,
    fillModel: 'market order at the next bar open ± slippage',
    features: featureParams,
    ensemble: { mode: strategy.mode, weights },
    risk: risk.limits,
    filters,
    sentiment:
      sentiment && sentiment.days > 0
        ? `${o.sentimentDir} (previous UTC day, T+1)`
        : 'none (0 for every bar)',
  };
  const features = restored.features ?? new FeatureEngine(featureParams);
  const obsBuilder = new ObservationBuilder(policy?.observation.features ?? OBSERVATION_FEATURES);
  const raw = new Float64Array(obsBuilder.size);
  const engineRef: { engine: TradingEngine | null } = { engine: null };
  const featureRows = (): FeatureRow[] => {
    const e = engineRef.engine!;
    obsBuilder.fill(features.values, e.position, 0, raw);
    const scaled = drl.available ? drl.observation.scaled : raw;
    return obsBuilder.order.map(
      (name, i) => ({ name, raw: raw[i]!, scaled: scaled[i] ?? raw[i]! }) as FeatureRow,
    );
  };
  const executor = o.executor ?? paper!;
  const journal =
    o.journal ??
    (o.journalPath ? new JournalWriter(o.journalPath, o.secrets ? { secrets: o.secrets } : {}) : null);
  // The header is the journal's first record for this session: all verify needs to rebuild it.
  const header = buildSessionHeader({
    ts: o.clock.now(),
    sessionId: o.sessionId,
    engineVersion: ENGINE_VERSION,
    symbol: o.symbol,
    market: o.market,
    mode: o.mode,
    strategy: { name: strategy.name, config: strategy },
    ensemble: { mode: strategy.mode, weights, fixedTarget: fixed },
    featureParams,
    observation: { features: drl.observation.features },
    risk: risk.limits,
    filters,
    execution: {
      executor: executor.kind,
      feeRate: o.feeRate,
      slippageBps: o.slippageBps,
      startCash: o.startCash,
      fillModel: paper ? params.fillModel : `${executor.kind} exchange fills`,
    },
    model: {
      dir: o.modelDir === null ? null : resolve(o.modelDir),
      name: model?.name ?? null,
      sha256: model?.sha256 ?? null,
      kernel: drl.kernel,
    },
    sentiment: params.sentiment,
    dataSource: o.dataSource ?? (o.mode === 'PAPER' || o.mode === 'TESTNET' ? 'live kline feed' : 'unknown'),
    restored: restored.risk !== undefined || restored.portfolio !== undefined,
    initialFeatures: restored.features ? restored.features.toState() : null,
  });
  journal?.append(header);
  const engine = new TradingEngine({
    symbol: o.symbol,
    mode: o.mode,
    clock: o.clock,
    features,
    sentimentAt,
    agents,
    ensemble,
    risk,
    planner,
    portfolio,
    paper,
    executor,
    tracker: new PerformanceTracker({ startEquity: o.startCash, feeRate: o.feeRate }),
    agentStats: new AgentStats(agents.map((a) => a.name)),
    outcomes: new OutcomeCounts(),
    fingerprint: new FillFingerprint(),
    journal,
    journalContext: {
      modelSha256: model?.sha256 ?? null,
      engineVersion: ENGINE_VERSION,
      configHash: header.configHash,
    },
    // The DRL agent builds the observation every bar (raw = scaled without a model).
    journalExtra: () => ({
      observation: { raw: Array.from(drl.observation.raw), scaled: Array.from(drl.observation.scaled) },
    }),
    screen: o.screen
      ? {
          market: o.market,
          model: model
            ? { ...model, status: 'loaded' as const }
            : {
                name: 'no model',
                sha256: null,
                status: o.modelDir && existsSync(o.modelDir) ? ('refused' as const) : ('no model' as const),
              },
          weights,
          featureRows,
          sentiment:
            o.sentimentView ??
            (() => {
              if (!sentiment || sentiment.days === 0) return NO_SENTIMENT;
              const d = sentiment.dayFor(engineRef.engine?.lastBarOpenTime ?? 0);
              if (!d) return { ...NO_SENTIMENT, state: 'ready', progress: 'no scores for the previous day' };
              return {
                state: 'ready',
                day: d.day,
                vader: d.vader,
                s: d.s,
                combined: d.combined,
                progress: '',
              };
            }),
          executorState: () => ({ state: 'running', detail: executor.kind }),
          ...(o.replaySpeed !== undefined ? { replaySpeed: o.replaySpeed } : {}),
        }
      : null,
  });
  engineRef.engine = engine;
  return { engine, strategy, model, warnings, featureParams, params, sentiment };
}
