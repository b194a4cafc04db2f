import { existsSync, readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { createRequire } from 'node:module';
import { printable } from '../core/printable.js';
import { AGENT_NAMES } from '../core/types.js';
import type { AgentName, Parsed } from '../core/types.js';
import { checkRiskLimits, DEFAULT_RISK_LIMITS } from '../risk/riskManager.js';
import type { RiskLimits } from '../risk/riskManager.js';
import type { BollingerOptions } from './bollingerAgent.js';
import { didYouMean } from './didYouMean.js';
import type { EnsembleMode } from './ensemble.js';
import type { MacdOptions } from './macdAgent.js';
import type { RsiOptions } from './rsiAgent.js';

/** yaml is loaded only when a YAML strategy file is read: it costs ~100 ms of start-up otherwise. */
function parseYaml(text: string): unknown {
  const yaml = createRequire(import.meta.url)('yaml') as { parse(t: string): unknown };
  return yaml.parse(text);
}

/**
 * Which agents trade and how their votes combine: a built-in name or a YAML/JSON file.
 *
 *   mode: weighted            # or majority (default weighted)
 *   weights: { drl: 1, rsi: 0.5, macd: 0.5, bollinger: 0 }   # numbers >= 0, not all 0
 *   agents:                   # optional per-agent rule options
 *     rsi: { oversold: 30, overbought: 70 }
 *     macd: { fullConfidence: 0.001 }
 *     bollinger: { exitAtMid: true }
 *   risk: { maxPosition: 1, maxStep: 0.1, dailyLossLimit: 0.05, cooldownBars: 0 }
 *   description: any text     # optional, shown in reports
 *
 * Built-ins: rsi | macd | bollinger (that agent alone, weight 1), ensemble (rsi + macd + bollinger
 * + drl at equal weights — drl counts only when a model is loaded, since absent agents are
 * ignored), drl (the policy alone), hold (no agents: fixedTarget 1, i.e. buy-and-hold through the
 * same risk, planner and fees). Shorting is not a strategy option: it follows the market (usdm).
 * Every problem is reported as one line naming the file, with a "did you mean" for typos.
 */

export type BuiltinStrategy = 'rsi' | 'macd' | 'bollinger' | 'ensemble' | 'hold' | 'drl';
export const BUILTIN_STRATEGIES: readonly BuiltinStrategy[] = [
  'rsi',
  'macd',
  'bollinger',
  'ensemble',
  'hold',
  'drl',
];

export interface AgentOptionsConfig {
  readonly rsi: Partial<Pick<RsiOptions, 'oversold' | 'overbought'>>;
  readonly macd: Partial<Pick<MacdOptions, 'fullConfidence'>>;
  readonly bollinger: Partial<Pick<BollingerOptions, 'exitAtMid'>>;
}

export interface StrategyConfig {
  /** Built-in name, or the file path as given. */
  readonly name: string;
  readonly source: 'builtin' | 'file';
  readonly description: string;
  readonly mode: EnsembleMode;
  readonly weights: Readonly<Partial<Record<AgentName, number>>>;
  readonly agents: AgentOptionsConfig;
  /** Only the limits the strategy sets; RiskManager fills in the rest. */
  readonly risk: Partial<RiskLimits>;
  /** Non-null: skip agents and ensemble and use this target every bar (the 'hold' baseline). */
  readonly fixedTarget: number | null;
}

const TOP_KEYS = ['mode', 'weights', 'agents', 'risk', 'description'] as const;
const RISK_KEYS = ['maxPosition', 'maxStep', 'dailyLossLimit', 'cooldownBars'] as const;
const AGENT_OPTION_KEYS: Readonly<Record<'rsi' | 'macd' | 'bollinger', readonly string[]>> = {
  rsi: ['oversold', 'overbought'],
  macd: ['fullConfidence'],
  bollinger: ['exitAtMid'],
};

function builtin(
  name: BuiltinStrategy,
  weights: Partial<Record<AgentName, number>>,
  fixed: number | null,
): StrategyConfig {
  return Object.freeze({
    name,
    source: 'builtin',
    description: '',
    mode: 'weighted',
    weights: Object.freeze(weights),
    agents: { rsi: {}, macd: {}, bollinger: {} },
    risk: {},
    fixedTarget: fixed,
  });
}

export function builtinStrategy(name: BuiltinStrategy): StrategyConfig {
  switch (name) {
    case 'rsi':
      return builtin(name, { rsi: 1 }, null);
    case 'macd':
      return builtin(name, { macd: 1 }, null);
    case 'bollinger':
      return builtin(name, { bollinger: 1 }, null);
    case 'ensemble':
      return builtin(name, { drl: 1, rsi: 1, macd: 1, bollinger: 1 }, null);
    case 'drl':
      return builtin(name, { drl: 1 }, null);
    case 'hold':
      return builtin(name, {}, 1);
  }
}

class StrategyError extends Error {}

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Control characters (a CR, a NUL from a damaged file) in a quoted value would break the one-line message. */

function show(v: unknown): string {
  return typeof v === 'string' ? `'${printable(v)}'` : (JSON.stringify(v) ?? String(v));
}

/** Throws a StrategyError for the first key of `o` not in `allowed`. */
function checkKeys(
  o: Record<string, unknown>,
  allowed: readonly string[],
  where: string,
  what = 'key',
): void {
  for (const k of Object.keys(o)) {
    if (allowed.includes(k)) continue;
    const guess = didYouMean(k, allowed);
    const hint = guess ? ` — did you mean '${guess}'?` : ` (expected: ${allowed.join(', ')})`;
    throw new StrategyError(`unknown ${what} '${printable(k)}' in ${where}${hint}`);
  }
}

function num(v: unknown, label: string, file: string, ok: (x: number) => boolean, range: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || !ok(v)) {
    throw new StrategyError(`${label} must be ${range} in ${file}, got ${show(v)}`);
  }
  return v;
}

function parseAgents(raw: unknown, file: string): AgentOptionsConfig {
  if (raw === undefined || raw === null) return { rsi: {}, macd: {}, bollinger: {} };
  if (!isMap(raw)) throw new StrategyError(`'agents' must be a mapping of agent options in ${file}`);
  for (const k of Object.keys(raw)) {
    if (k === 'drl')
      throw new StrategyError(
        `agent 'drl' has no rule options (its settings live in the model package) in ${file}`,
      );
  }
  checkKeys(raw, ['rsi', 'macd', 'bollinger'], `agents in ${file}`, 'agent');
  const section = (name: 'rsi' | 'macd' | 'bollinger'): Record<string, unknown> => {
    const s = raw[name];
    if (s === undefined || s === null) return {};
    if (!isMap(s)) throw new StrategyError(`'agents.${name}' must be a mapping in ${file}`);
    checkKeys(s, AGENT_OPTION_KEYS[name], `agents.${name} in ${file}`);
    return s;
  };
  const r = section('rsi');
  const rsi: { oversold?: number; overbought?: number } = {};
  const pct = (x: number): boolean => x > 0 && x < 100;
  if (r.oversold !== undefined)
    rsi.oversold = num(r.oversold, 'agents.rsi.oversold', file, pct, 'a number in (0, 100)');
  if (r.overbought !== undefined) {
    rsi.overbought = num(r.overbought, 'agents.rsi.overbought', file, pct, 'a number in (0, 100)');
  }
  const lo = rsi.oversold ?? 30;
  const hi = rsi.overbought ?? 70;
  if (!(lo < hi))
    throw new StrategyError(`agents.rsi.oversold (${lo}) must be below overbought (${hi}) in ${file}`);
  const m = section('macd');
  const macd: { fullConfidence?: number } = {};
  if (m.fullConfidence !== undefined) {
    macd.fullConfidence = num(
      m.fullConfidence,
      'agents.macd.fullConfidence',
      file,
      (x) => x > 0,
      'a number > 0',
    );
  }
  const b = section('bollinger');
  const bollinger: { exitAtMid?: boolean } = {};
  if (b.exitAtMid !== undefined) {
    if (typeof b.exitAtMid !== 'boolean') {
      throw new StrategyError(
        `agents.bollinger.exitAtMid must be true or false in ${file}, got ${show(b.exitAtMid)}`,
      );
    }
    bollinger.exitAtMid = b.exitAtMid;
  }
  return { rsi, macd, bollinger };
}

function parseRisk(raw: unknown, file: string): Partial<RiskLimits> {
  if (raw === undefined || raw === null) return {};
  if (!isMap(raw)) throw new StrategyError(`'risk' must be a mapping in ${file}`);
  checkKeys(raw, RISK_KEYS, `risk in ${file}`);
  const out: Partial<Record<(typeof RISK_KEYS)[number], number>> = {};
  for (const k of RISK_KEYS) {
    const v = raw[k];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !Number.isFinite(v))
      throw new StrategyError(`risk.${k} must be a number in ${file}, got ${show(v)}`);
    out[k] = v;
  }
  const bad = checkRiskLimits({ ...DEFAULT_RISK_LIMITS, ...out });
  if (bad !== null) throw new StrategyError(`risk.${bad} in ${file}`);
  return out;
}

function build(data: unknown, file: string): StrategyConfig {
  if (!isMap(data)) throw new StrategyError(`${file} must be a mapping with mode, weights, agents, risk`);
  checkKeys(data, TOP_KEYS, file);
  const mode = data.mode ?? 'weighted';
  if (mode !== 'weighted' && mode !== 'majority') {
    throw new StrategyError(`mode must be 'weighted' or 'majority' in ${file}, got ${show(mode)}`);
  }
  const w = data.weights;
  if (w === undefined || w === null)
    throw new StrategyError(`missing 'weights' in ${file} (e.g. weights: { rsi: 1 })`);
  if (!isMap(w)) throw new StrategyError(`'weights' must be a mapping of agent: weight in ${file}`);
  checkKeys(w, AGENT_NAMES, `weights in ${file}`, 'agent');
  const weights: Partial<Record<AgentName, number>> = {};
  for (const name of AGENT_NAMES) {
    const v = w[name];
    if (v === undefined) continue;
    weights[name] = num(v, `weight for '${name}'`, file, (x) => x >= 0, 'a number >= 0');
  }
  if (!Object.values(weights).some((x) => x > 0)) {
    throw new StrategyError(`all weights are zero in ${file} — give at least one agent a weight > 0`);
  }
  const description = data.description ?? '';
  if (typeof description !== 'string') throw new StrategyError(`description must be text in ${file}`);
  return Object.freeze({
    name: file,
    source: 'file',
    description,
    mode,
    weights: Object.freeze(weights),
    agents: parseAgents(data.agents, file),
    risk: parseRisk(data.risk, file),
    fixedTarget: null,
  });
}

/** Validates already-parsed YAML/JSON data; `file` names it in errors. */
export function parseStrategy(data: unknown, file: string): Parsed<StrategyConfig> {
  try {
    return { ok: true, value: build(data, file) };
  } catch (e) {
    if (e instanceof StrategyError) return { ok: false, error: e.message };
    throw e;
  }
}

/** Parses YAML (or JSON, by extension) text. */
export function parseStrategyText(text: string, file: string): Parsed<StrategyConfig> {
  let data: unknown;
  try {
    data = extname(file).toLowerCase() === '.json' ? JSON.parse(text) : parseYaml(text);
  } catch (e) {
    const first = ((e as Error).message.split('\n')[0] ?? '').replace(/:$/, '');
    return { ok: false, error: `cannot parse ${file}: ${printable(first)}` };
  }
  return parseStrategy(data, file);
}

export function loadStrategyFile(path: string): Parsed<StrategyConfig> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { ok: false, error: `cannot read strategy file ${path}: ${code ?? (e as Error).message}` };
  }
  return parseStrategyText(text, path);
}

function isBuiltin(name: string): name is BuiltinStrategy {
  return (BUILTIN_STRATEGIES as readonly string[]).includes(name);
}

/** A built-in name or a strategy file path. Throws an Error with a one-line message (start-up). */
export function resolveStrategy(nameOrPath: string): StrategyConfig {
  if (isBuiltin(nameOrPath)) return builtinStrategy(nameOrPath);
  if (existsSync(nameOrPath)) {
    const r = loadStrategyFile(nameOrPath);
    if (!r.ok) throw new Error(r.error);
    return r.value;
  }
  const looksLikePath = /[/\\]/.test(nameOrPath) || /\.(ya?ml|json)$/i.test(nameOrPath);
  if (looksLikePath) throw new Error(`strategy file not found: ${nameOrPath}`);
  const guess = didYouMean(nameOrPath, BUILTIN_STRATEGIES);
  const hint = guess ? ` — did you mean '${guess}'?` : '';
  throw new Error(
    `unknown strategy '${nameOrPath}'${hint} (built-ins: ${BUILTIN_STRATEGIES.join(', ')}, or a .yaml/.json file)`,
  );
}
