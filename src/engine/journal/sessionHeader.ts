import { createHash } from 'node:crypto';
import type { StrategyConfig } from '../agents/strategyFile.js';
import type { AgentName, FeatureParams, Market, Parsed, SymbolFilters } from '../core/types.js';
import type { FeatureEngineState } from '../features/featureState.js';
import { canonicalJson } from '../policy/packageHash.js';
import type { RiskLimits } from '../risk/riskManager.js';

/** Names the layout of every record; bump when a field changes meaning (docs/JOURNAL.md). */
export const JOURNAL_FORMAT = 'drl-tui-journal/1';

/**
 * The first record of every session's part of a journal (a journal file may hold several: a
 * backtest appended twice, a live session restarted). Everything verify needs to rebuild the
 * engine: the resolved strategy (not its file name: files change), the feature parameters, risk
 * limits, filters, costs, the model's identity and, for a warm start, the saved feature state.
 */
export interface SessionHeader {
  readonly type: 'session';
  readonly format: typeof JOURNAL_FORMAT;
  readonly ts: number;
  readonly sessionId: string;
  readonly engineVersion: string;
  readonly symbol: string;
  readonly market: Market;
  readonly mode: string;
  readonly strategy: { readonly name: string; readonly config: StrategyConfig };
  /** The weights the ensemble really uses (drl is 0 when no model loaded). */
  readonly ensemble: {
    readonly mode: string;
    readonly weights: Readonly<Partial<Record<AgentName, number>>>;
    readonly fixedTarget: number | null;
  };
  readonly featureParams: FeatureParams;
  /** The order of the 15-D observation in decision records. */
  readonly observation: { readonly features: readonly string[] };
  readonly risk: RiskLimits;
  readonly filters: SymbolFilters;
  readonly execution: {
    readonly executor: string;
    readonly feeRate: number;
    readonly slippageBps: number;
    readonly startCash: number;
    readonly fillModel: string;
  };
  readonly model: {
    readonly dir: string | null;
    readonly name: string | null;
    readonly sha256: string | null;
    /** Forward-pass kernel ('wasm-simd' | 'js'), null without a model. */
    readonly kernel: string | null;
  };
  readonly sentiment: string;
  readonly dataSource: string;
  /** True when the session continued saved state (a live restart): the journal before it holds its history. */
  readonly restored: boolean;
  /** Feature state the session started from when it was not fresh (a warm live start), else null. */
  readonly initialFeatures: FeatureEngineState | null;
  /** sha256 of canonicalJson(configOf(header)): what decides, not where or when it ran. */
  readonly configHash: string;
}

export type HeaderFields = Omit<SessionHeader, 'type' | 'format' | 'configHash'>;

/**
 * The part of the header that determines decisions. Left out on purpose: the mode (a replay, a
 * backtest and a live paper session of the same bars decide the same), the session id (it only
 * names orders), times, paths, the data source and the starting state.
 */
export function configOf(h: HeaderFields): unknown {
  return {
    engineVersion: h.engineVersion,
    symbol: h.symbol,
    market: h.market,
    strategy: h.strategy.config,
    ensemble: h.ensemble,
    featureParams: h.featureParams,
    observation: h.observation,
    risk: h.risk,
    filters: h.filters,
    execution: {
      executor: h.execution.executor,
      feeRate: h.execution.feeRate,
      slippageBps: h.execution.slippageBps,
      startCash: h.execution.startCash,
    },
    modelSha256: h.model.sha256,
  };
}

export function configHash(h: HeaderFields): string {
  return createHash('sha256')
    .update(canonicalJson(configOf(h)), 'utf8')
    .digest('hex');
}

export function buildSessionHeader(h: HeaderFields): SessionHeader {
  return { type: 'session', format: JOURNAL_FORMAT, ...h, configHash: configHash(h) };
}

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** A `session` record that is a header (live sessions also write `session` notes with an `event`). */
export function isSessionHeader(r: unknown): boolean {
  return isRec(r) && r.type === 'session' && typeof r.format === 'string';
}

/**
 * Check a header read back from a file: the shape verify relies on, the format it understands.
 * One-line reasons; the values themselves are validated again by the parts they rebuild.
 */
export function parseSessionHeader(r: unknown): Parsed<SessionHeader> {
  const fail = (why: string): Parsed<SessionHeader> => ({ ok: false, error: `session header: ${why}` });
  if (!isRec(r) || r.type !== 'session') return fail('not a session record');
  if (r.format !== JOURNAL_FORMAT)
    return fail(`format ${JSON.stringify(r.format) ?? 'missing'} is not ${JOURNAL_FORMAT}`);
  for (const k of ['sessionId', 'engineVersion', 'symbol', 'mode', 'sentiment', 'dataSource', 'configHash'])
    if (typeof r[k] !== 'string') return fail(`${k} is not a string`);
  if (r.market !== 'spot' && r.market !== 'usdm') return fail('market is not spot or usdm');
  for (const k of [
    'strategy',
    'ensemble',
    'featureParams',
    'observation',
    'risk',
    'filters',
    'execution',
    'model',
  ])
    if (!isRec(r[k])) return fail(`${k} is missing`);
  const strategy = r.strategy as Rec;
  if (!isRec(strategy.config) || typeof strategy.name !== 'string') return fail('strategy.config is missing');
  const obs = r.observation as Rec;
  if (!Array.isArray(obs.features) || !obs.features.every((f) => typeof f === 'string'))
    return fail('observation.features is not a list of names');
  const ex = r.execution as Rec;
  for (const k of ['feeRate', 'slippageBps', 'startCash'])
    if (typeof ex[k] !== 'number') return fail(`execution.${k} is not a number`);
  const model = r.model as Rec;
  for (const k of ['dir', 'name', 'sha256', 'kernel'])
    if (model[k] !== null && typeof model[k] !== 'string') return fail(`model.${k} is not a string or null`);
  const ens = r.ensemble as Rec;
  if (typeof ens.mode !== 'string' || !isRec(ens.weights) || !Object.values(ens.weights).every(isNum))
    return fail('ensemble is not a mode with numeric weights');
  if (ens.fixedTarget !== null && !isNum(ens.fixedTarget))
    return fail('ensemble.fixedTarget is not a number or null');
  const risk = r.risk as Rec;
  for (const k of ['maxPosition', 'maxStep', 'dailyLossLimit', 'cooldownBars'])
    if (!isNum(risk[k])) return fail(`risk.${k} is not a number`);
  const f = r.filters as Rec;
  for (const k of ['symbol', 'baseAsset', 'quoteAsset', 'stepSize', 'minQty', 'maxQty', 'tickSize'])
    if (typeof f[k] !== 'string') return fail(`filters.${k} is not a string`);
  if (!isNum(f.minNotional)) return fail('filters.minNotional is not a number');
  if (typeof ex.executor !== 'string') return fail('execution.executor is not a string');
  if (typeof r.restored !== 'boolean') return fail('restored is not true/false');
  if (r.initialFeatures !== null && !isRec(r.initialFeatures))
    return fail('initialFeatures is not an object');
  return { ok: true, value: r as unknown as SessionHeader };
}
