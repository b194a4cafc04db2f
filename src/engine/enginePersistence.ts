import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { Market, OrderIntent, Parsed, TradingState } from './core/types.js';
import type { EngineRuntimeState, TradingEngine } from './engine.js';
import type { RestoreContext, RestoredParts } from './session.js';
import { FeatureEngine } from './features/featureEngine.js';
import type { FeatureEngineState } from './features/featureState.js';
import type { OrderPlanner } from './execution/orderPlanner.js';
import { JournalWriter } from './journal/journalWriter.js';
import { Portfolio } from './execution/portfolio.js';
import type { PortfolioJSON } from './execution/portfolio.js';
import { RiskManager } from './risk/riskManager.js';
import { printable } from './core/printable.js';
import type { RiskStateJSON } from './risk/riskManager.js';

/** Where a live session's orders go: decides the state file, so paper and testnet never share one. */
export type Venue = 'paper' | 'spot-testnet' | 'usdm-testnet';

export const ENGINE_STATE_VERSION = 1;

/**
 * `state/engine_<SYMBOL>_<venue>.json` (paper, paper-usdm, spot-testnet, usdm-testnet): everything a
 * restarted live session needs to continue as if it had never stopped. The feature state is embedded (not only in indicators_<SYMBOL>.json) so the
 * features and the portfolio always belong to the same bar: two files cannot be replaced together.
 */
export interface EngineStateFile {
  readonly v: typeof ENGINE_STATE_VERSION;
  /** Increases with every commit, across restarts: the newest of checkpoint and commit log wins. */
  readonly seq: number;
  readonly symbol: string;
  readonly venue: Venue;
  readonly market: Market;
  /** Stable across restarts: client order ids (session tag + bar + seq) and the journal derive from it. */
  readonly sessionId: string;
  readonly journalPath: string;
  /** The journal's length at this commit: anything after it belongs to a bar that was not committed. */
  readonly journalBytes: number;
  readonly savedAt: number;
  readonly lastOpenTime: number | null;
  /** An order that was about to be sent (or was being sent) when this was written. */
  readonly inflight: OrderIntent | null;
  readonly engine: EngineRuntimeState;
  readonly portfolio: PortfolioJSON;
  readonly risk: RiskStateJSON;
  readonly agents: Readonly<Record<string, unknown>>;
  readonly features: FeatureEngineState;
  readonly strategy: string;
  readonly modelSha256: string | null;
}

export interface StateMeta {
  readonly symbol: string;
  readonly venue: Venue;
  readonly market: Market;
  readonly sessionId: string;
  readonly journalPath: string;
  readonly strategy: string;
  readonly modelSha256: string | null;
}

/** Names the state files and the session: paper on spot and paper on USD-M never share a portfolio. */
export function venueTag(venue: Venue, market: Market): string {
  return venue === 'paper' && market === 'usdm' ? 'paper-usdm' : venue;
}

export function engineStatePath(stateDir: string, symbol: string, venue: Venue, market: Market): string {
  return join(stateDir, `engine_${symbol.toUpperCase()}_${venueTag(venue, market)}.json`);
}

/** The engine's state right now (call between bars or from the commit hook). */
export function captureEngineState(
  engine: TradingEngine,
  meta: StateMeta,
  inflight: OrderIntent | null,
  now: number,
  seq: number,
): EngineStateFile {
  const p = engine.parts;
  const agents: Record<string, unknown> = {};
  for (const a of p.agents) agents[a.name] = a.toJSON();
  let journalBytes = 0;
  const journal = p.journal;
  if (journal instanceof JournalWriter && journal.path === meta.journalPath) journalBytes = journal.bytes;
  else {
    try {
      journalBytes = statSync(meta.journalPath).size;
    } catch {
      // no journal (yet): nothing to roll back to
    }
  }
  const risk = p.risk as unknown as { toJSON?: () => RiskStateJSON };
  if (typeof risk.toJSON !== 'function') throw new Error('engine state: the risk gate cannot be saved');
  return {
    v: ENGINE_STATE_VERSION,
    seq,
    ...meta,
    journalBytes,
    savedAt: now,
    lastOpenTime: engine.lastBarOpenTime,
    inflight,
    engine: engine.runtimeState(),
    portfolio: p.portfolio.toJSON(),
    risk: risk.toJSON(),
    agents,
    features: p.features.toState(),
  };
}

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

export function parseIntent(v: unknown): OrderIntent | null {
  if (typeof v !== 'object' || v === null) return null;
  const o = v as Record<string, unknown>;
  if (
    typeof o.clientOrderId !== 'string' ||
    typeof o.symbol !== 'string' ||
    (o.side !== 'BUY' && o.side !== 'SELL') ||
    typeof o.quantity !== 'string' ||
    !isNum(o.barOpenTime) ||
    !isNum(o.targetPosition) ||
    typeof o.reduceOnly !== 'boolean'
  ) {
    return null;
  }
  return {
    clientOrderId: o.clientOrderId,
    symbol: o.symbol,
    side: o.side,
    quantity: o.quantity,
    barOpenTime: o.barOpenTime,
    targetPosition: o.targetPosition,
    reduceOnly: o.reduceOnly,
  };
}

function parseRuntime(v: unknown): Parsed<EngineRuntimeState> {
  const bad = (why: string): Parsed<EngineRuntimeState> => ({ ok: false, error: `engine: ${why}` });
  if (typeof v !== 'object' || v === null) return bad('not an object');
  const o = v as Record<string, unknown>;
  if (o.lastOpenTime !== null && !isNum(o.lastOpenTime)) return bad('lastOpenTime is not a time');
  for (const k of ['lastClose', 'prevPosition', 'prevEquity'] as const)
    if (!isNum(o[k])) return bad(`${k} is not a finite number`);
  const pending = o.pending === null ? null : parseIntent(o.pending);
  if (o.pending !== null && pending === null) return bad('pending is not an order');
  const unresolved = Array.isArray(o.unresolved) ? o.unresolved.map(parseIntent) : [null];
  if (unresolved.some((i) => i === null)) return bad('unresolved must be a list of orders');
  if (o.lastPlannedId !== null && typeof o.lastPlannedId !== 'string') return bad('lastPlannedId');
  const trading: TradingState = o.trading === 'PAUSED' || o.trading === 'HALTED' ? o.trading : 'TRADING';
  return {
    ok: true,
    value: {
      lastOpenTime: o.lastOpenTime as number | null,
      lastClose: o.lastClose as number,
      prevPosition: o.prevPosition as number,
      prevEquity: o.prevEquity as number,
      pending,
      unresolved: unresolved as OrderIntent[],
      lastPlannedId: o.lastPlannedId as string | null,
      trading,
    },
  };
}

/**
 * Checks one saved state (a checkpoint file or a commit-log line) for this symbol and venue. A state
 * that cannot be used gives a one-line warning; the caller starts fresh rather than trade on it.
 * Parts are validated again when they are rebuilt (restoreParts).
 */
export function parseEngineState(
  text: string,
  path: string,
  expect: { symbol: string; venue: Venue; market: Market },
): { state: EngineStateFile } | { warning: string } {
  const warn = (why: string): { warning: string } => ({
    warning: `engine state ${path}: ${why}; starting a fresh session`,
  });
  let o: Record<string, unknown>;
  try {
    const v: unknown = JSON.parse(text);
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return warn('not a JSON object');
    o = v as Record<string, unknown>;
  } catch (e) {
    return warn(`corrupt JSON (${printable((e as Error).message.split('\n')[0] ?? '', 160)})`);
  }
  if (o.v !== ENGINE_STATE_VERSION) return warn(`version ${JSON.stringify(o.v)}`);
  if (!isNum(o.seq) || o.seq < 0) return warn('seq missing');
  if (o.symbol !== expect.symbol) return warn(`saved for ${JSON.stringify(o.symbol)}`);
  if (o.venue !== expect.venue || o.market !== expect.market)
    return warn(`saved for ${String(o.venue)} ${String(o.market)}`);
  if (typeof o.sessionId !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/.test(o.sessionId))
    return warn('sessionId missing or unsafe');
  if (typeof o.journalPath !== 'string' || !isNum(o.journalBytes) || o.journalBytes < 0)
    return warn('journal position missing');
  if (o.lastOpenTime !== null && !isNum(o.lastOpenTime)) return warn('lastOpenTime is not a time');
  const inflight = o.inflight === null ? null : parseIntent(o.inflight);
  if (o.inflight !== null && inflight === null) return warn('inflight is not an order');
  const runtime = parseRuntime(o.engine);
  if (!runtime.ok) return warn(runtime.error);
  for (const k of ['portfolio', 'risk', 'agents', 'features'] as const)
    if (typeof o[k] !== 'object' || o[k] === null) return warn(`${k} missing`);
  return {
    state: {
      ...(o as unknown as EngineStateFile),
      inflight,
      engine: runtime.value,
      modelSha256: typeof o.modelSha256 === 'string' ? o.modelSha256 : null,
      strategy: typeof o.strategy === 'string' ? o.strategy : '',
    },
  };
}

/**
 * The session's restore hook: rebuilds features, risk and portfolio from the saved state. Any part
 * that fails validation throws a one-line error — half a restore would trade on a mix of states.
 */
export function restoreParts(state: EngineStateFile): (ctx: RestoreContext) => RestoredParts {
  return (ctx) => {
    const features = FeatureEngine.fromState(state.features, ctx.featureParams);
    if (!features.ok) throw new Error(`cannot restore the saved session: ${features.error}`);
    const risk = RiskManager.fromJSON(state.risk, ctx.riskLimits);
    if (!risk.ok) throw new Error(`cannot restore the saved session: ${risk.error}`);
    const portfolio = Portfolio.fromJSON(state.portfolio);
    if (!portfolio.ok) throw new Error(`cannot restore the saved session: ${portfolio.error}`);
    return { features: features.value, risk: risk.value, portfolio: portfolio.value };
  };
}

/** Put the agents' memory back (agents without a restore() are stateless). One line per problem. */
export function restoreAgents(engine: TradingEngine, saved: Readonly<Record<string, unknown>>): string[] {
  const warnings: string[] = [];
  for (const agent of engine.parts.agents) {
    const r = agent as unknown as { restore?: (json: unknown) => Parsed<unknown> };
    if (typeof r.restore !== 'function' || saved[agent.name] === undefined) continue;
    const out = r.restore(saved[agent.name]);
    if (!out.ok) warnings.push(`${out.error}; the agent starts fresh`);
  }
  return warnings;
}

/**
 * The planner numbers orders per bar (seq 0, 1, …) and forgets that on restart. If the saved
 * session already used seq n on its last bar, plan n+1 throw-away orders for that bar so the next
 * real one (a flatten on quit, say) gets seq n+1, not a client order id the exchange has seen.
 * Returns a one-line problem, or null.
 */
export function reservePlannerSeq(
  planner: OrderPlanner,
  lastPlannedId: string | null,
  bar: number | null,
): string | null {
  if (lastPlannedId === null || bar === null) return null;
  const m = /-([0-9a-z]+)-([0-9a-z]+)$/.exec(lastPlannedId);
  if (!m || parseInt(m[1]!, 36) !== bar) return null; // the last order was on an earlier bar
  const seq = parseInt(m[2]!, 36);
  let last = '';
  // Any order-producing input works: a huge buy clipped to maxQty at a price far above minNotional.
  for (let i = 0; i <= seq; i++) {
    const plan = planner.planValues(1, 1e15, 1e6, 0, bar);
    if (plan.kind !== 'order') return `cannot reserve order seq ${seq} for bar ${bar}`;
    last = plan.intent.clientOrderId;
  }
  return last === lastPlannedId
    ? null
    : `order ids differ after restart (${last} vs ${lastPlannedId}): was the session id changed?`;
}
