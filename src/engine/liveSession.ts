import { join } from 'node:path';
import type { AccountSync, Executor } from './core/executor.js';
import type { SentimentView } from './core/snapshot.js';
import type { Clock, Market, OrderIntent } from './core/types.js';
import type { TradingEngine } from './engine.js';
import {
  captureEngineState,
  engineStatePath,
  reservePlannerSeq,
  restoreAgents,
  restoreParts,
  venueTag,
} from './enginePersistence.js';
import { EngineStateStore } from './engineStateStore.js';
import type { EngineStateFile, StateMeta, Venue } from './enginePersistence.js';
import { featureStatePath, loadFeatureState, saveFeatureState } from './features/featureStateStore.js';
import type { SecretRegistry } from './journal/secretRegistry.js';
import {
  coverUnknownByAccount,
  recoverOrders,
  reconcileWithAccount,
  reconcileWithJournal,
  rollbackJournal,
} from './liveRecovery.js';
import type { PositionFix, RecoveryNote } from './liveRecovery.js';
import { buildSession } from './session.js';
import type { RestoreContext, RestoredParts, Session } from './session.js';
import type { SentimentSeries } from './sentiment/sentimentSeries.js';

export interface LiveSessionOptions {
  readonly symbol: string;
  readonly market: Market;
  readonly venue: Venue;
  /** The testnet executor; null = paper fills (at the next bar's open). */
  readonly executor: Executor | null;
  /** The wall clock live (tests may pass their own). */
  readonly clock: Clock;
  readonly stateDir: string;
  readonly reportsDir: string;
  readonly startCash: number;
  /**
   * The part of the exchange's quote balance this symbol trades with when several symbols share one
   * account (`--symbols`: 1/N each). Default 1. Its cash then cannot be reconciled alone: the
   * position's base quantity is.
   */
  readonly quoteShare?: number;
  readonly feeRate: number;
  readonly slippageBps: number;
  readonly strategy: string;
  readonly modelDir: string | null;
  readonly sentimentDir: string | null;
  readonly secrets?: SecretRegistry;
  readonly screen: boolean;
  readonly sentimentSeries?: SentimentSeries;
  readonly sentimentView?: () => SentimentView;
  /** A reference price for a fresh testnet session's starting equity (e.g. the last REST kline). */
  readonly priceNow?: () => Promise<number | null>;
  /** Saved feature state older than this is not used for a warm start (default 6 h). */
  readonly maxFeatureAgeMs?: number;
}

export interface LiveSession {
  readonly session: Session;
  readonly engine: TradingEngine;
  /** Stable across restarts of this symbol and venue: names the journal and tags client order ids. */
  readonly sessionId: string;
  readonly journalPath: string;
  readonly statePath: string;
  /** The feed resumes after this bar (null: a fresh warm-up). */
  readonly resumeAfter: number | null;
  /** Backfilled bars after resumeAfter are decided (true) or only warm the features (false). */
  readonly resumed: boolean;
  readonly account: AccountSync | null;
  readonly recovered: readonly RecoveryNote[];
  readonly reconciled: PositionFix | null;
  /** One-line notes for the user and the system log. */
  readonly warnings: readonly string[];
  /** Save the engine state now (also called by the engine before every order leaves). */
  commit(inflight?: OrderIntent | null): void;
  /** Save the whole state as the checkpoint file and close the commit log (shutdown). */
  close(): void;
  /** Write state/indicators_<SYMBOL>.json (fsync'd: call off the order path). */
  saveIndicators(): void;
}

/** Below the store's 256 commits between checkpoints (see `commit` below). */
const EARLY_CHECKPOINT = 192;

function stamp(t: number): string {
  return new Date(t).toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
}

/**
 * Assemble a live session and bring it to the point where the feed can start: load the saved
 * state, roll the journal back to its last commit, sync the exchange account, build the engine
 * from the saved parts, settle in-flight orders (journal first, else look-up by client order id),
 * reconcile the position, journal a `session` record and commit. Nothing is sent to the exchange
 * here; the only exchange calls are reads (time, filters, account, order look-ups).
 */
export async function openLiveSession(o: LiveSessionOptions): Promise<LiveSession> {
  const symbol = o.symbol.toUpperCase();
  const now = o.clock.now();
  const warnings: string[] = [];
  const statePath = engineStatePath(o.stateDir, symbol, o.venue, o.market);
  const store = new EngineStateStore(statePath);
  store.lock(`${symbol} (${venueTag(o.venue, o.market)})`);
  try {
    return await open(o, store, statePath, symbol, now, warnings);
  } catch (e) {
    store.close();
    throw e;
  }
}

async function open(
  o: LiveSessionOptions,
  store: EngineStateStore,
  statePath: string,
  symbol: string,
  now: number,
  warnings: string[],
): Promise<LiveSession> {
  const loaded = store.load({ symbol, venue: o.venue, market: o.market });
  if (loaded !== null && 'warning' in loaded) warnings.push(loaded.warning);
  const state: EngineStateFile | null = loaded !== null && 'state' in loaded ? loaded.state : null;
  const sessionId = state?.sessionId ?? `${symbol}-${venueTag(o.venue, o.market)}-${stamp(now)}`;
  const journalPath = state?.journalPath ?? join(o.reportsDir, `${sessionId}.jsonl`);
  const rollback = state ? rollbackJournal(journalPath, state.journalBytes, now) : null;
  if (rollback?.warning) warnings.push(rollback.warning);

  // Several symbols on one exchange account: each trades its share of the quote balance.
  const share = o.quoteShare ?? 1;
  const synced = o.executor ? await o.executor.sync() : null;
  const account = synced && share !== 1 ? { ...synced, quoteBalance: synced.quoteBalance * share } : synced;
  const price = state?.engine.lastClose ?? (account ? ((await o.priceNow?.()) ?? 0) : 0);
  // The session's starting equity, kept across restarts: the report's baseline and the journal
  // header's (so a restarted session has the same config hash as the one it continues).
  let startCash = o.startCash;
  if (state) startCash = state.portfolio.startCash;
  else if (account) startCash = account.quoteBalance + (o.market === 'spot' ? account.baseQty * price : 0);

  const featuresFile = featureStatePath(o.stateDir, symbol);
  let warmFrom: number | null = null;
  const restore = state
    ? restoreParts(state)
    : (ctx: RestoreContext): RestoredParts => {
        const f = loadFeatureState(featuresFile, ctx.featureParams, symbol);
        if ('warning' in f) return {};
        if (now - f.lastOpenTime > (o.maxFeatureAgeMs ?? 6 * 3_600_000)) {
          warnings.push(`feature state ${featuresFile} is older than the warm-up window; warming up afresh`);
          return {};
        }
        warmFrom = f.lastOpenTime;
        return { features: f.engine };
      };
  const session = await buildSession({
    symbol,
    market: o.market,
    mode: o.venue === 'paper' ? 'PAPER' : 'TESTNET',
    sessionId,
    clock: o.clock,
    startCash: startCash > 0 ? startCash : o.startCash,
    feeRate: o.feeRate,
    slippageBps: o.slippageBps,
    strategy: o.strategy,
    modelDir: o.modelDir,
    sentimentDir: o.sentimentDir,
    journalPath,
    screen: o.screen,
    restore: state
      ? (ctx) => {
          try {
            return restore(ctx);
          } catch (e) {
            throw new Error(`${(e as Error).message} (move ${statePath} away to start a fresh session)`);
          }
        }
      : restore,
    ...(o.secrets ? { secrets: o.secrets } : {}),
    ...(o.executor ? { executor: o.executor } : {}),
    ...(account ? { filters: account.filters } : {}),
    ...(o.sentimentSeries ? { sentimentSeries: o.sentimentSeries } : {}),
    ...(o.sentimentView ? { sentimentView: o.sentimentView } : {}),
  });
  const engine = session.engine;
  warnings.push(...session.warnings);

  if (state) {
    engine.restoreRuntime(state.engine);
    warnings.push(...restoreAgents(engine, state.agents));
    const seq = reservePlannerSeq(engine.parts.planner, state.engine.lastPlannedId, state.lastOpenTime);
    if (seq !== null) warnings.push(seq);
  }
  const pendingOrders = [state?.inflight ?? null, ...engine.takeUnresolved()].filter(
    (i): i is OrderIntent => i !== null,
  );
  const recovered = await recoverOrders(engine, engine.parts.executor, pendingOrders, rollback?.tail ?? []);
  const reconciled = account
    ? reconcileWithAccount(engine, account, state === null, price, share === 1)
    : state
      ? reconcileWithJournal(engine, journalPath)
      : null;
  if (reconciled && state) warnings.push(`position reconciled: ${reconciled.reason}`);
  if (reconciled && account) {
    const covered = coverUnknownByAccount(engine);
    if (covered.length > 0)
      warnings.push(
        `order(s) ${covered.join(', ')} of unknown outcome are covered by the position taken from the exchange; not looked up again`,
      );
  }

  const resumeAfter = state?.lastOpenTime ?? warmFrom;
  const portfolio = engine.parts.portfolio;
  engine.parts.journal?.append({
    type: 'session',
    ts: o.clock.now(),
    event: state ? 'resume' : 'start',
    venue: o.venue,
    sessionId,
    resumeAfter,
    rolledBackBytes: rollback?.discardedBytes ?? 0,
    recovered,
    position: { qty: portfolio.qty, cash: portfolio.cash },
  });

  const meta: StateMeta = {
    symbol,
    venue: o.venue,
    market: o.market,
    sessionId,
    journalPath,
    strategy: session.strategy.name,
    modelSha256: session.model?.sha256 ?? null,
  };
  const capture = (inflight: OrderIntent | null): ReturnType<typeof captureEngineState> =>
    captureEngineState(engine, meta, inflight, o.clock.now(), store.nextSeq());
  // The store checkpoints (temp file + rename, 1–10 ms) every 256 commits. Taking it earlier, on a
  // commit no order follows, keeps that cost off the order path: the store's own count is reset
  // long before it would land on a commit made just before an order leaves.
  let sinceCheckpoint = 0;
  const commit = (inflight: OrderIntent | null = null): void => {
    if (++sinceCheckpoint >= EARLY_CHECKPOINT && inflight === null) {
      sinceCheckpoint = 0;
      store.checkpoint(capture(null));
    } else {
      store.commit(capture(inflight));
    }
  };
  engine.setCommitHook(commit);
  // The rolled-back journal and the recovered orders are durable before anything else happens.
  store.checkpoint(capture(null));

  return {
    session,
    engine,
    sessionId,
    journalPath,
    statePath,
    resumeAfter,
    resumed: (state?.lastOpenTime ?? null) !== null,
    account,
    recovered,
    reconciled,
    warnings,
    commit,
    close() {
      engine.setCommitHook(null);
      store.checkpoint(capture(null));
      store.close();
    },
    saveIndicators() {
      const t = engine.lastBarOpenTime;
      if (t === null || engine.parts.features.count === 0) return;
      saveFeatureState(featuresFile, engine.parts.features, { symbol, lastOpenTime: t });
    },
  };
}
