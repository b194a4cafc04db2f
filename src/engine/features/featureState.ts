import { FEATURE_PARAM_KEYS } from '../core/types.js';
import type { FeatureParams } from '../core/types.js';
import type { RollingWindowState } from './rollingWindow.js';
import { isFiniteNumber } from './rollingWindow.js';

/** Bump when the meaning or layout of the saved state changes: an old file then starts a fresh warm-up. */
export const FEATURE_STATE_VERSION = 1;

/**
 * Everything a FeatureEngine needs to continue bit for bit. Plain JSON: every number is finite,
 * so JSON.stringify/parse round-trips each double exactly.
 */
export interface FeatureEngineState {
  readonly version: number;
  readonly params: FeatureParams;
  readonly count: number;
  readonly rejected: number;
  readonly prevClose: number;
  readonly emaFast: number;
  readonly emaSlow: number;
  readonly signal: number;
  readonly avgGain: number;
  readonly avgLoss: number;
  readonly obv: number;
  /** The 13 feature values after the last bar (indexed by F), so a restored engine reads the same. */
  readonly values: readonly number[];
  readonly windows: {
    readonly ma: RollingWindowState;
    readonly z: RollingWindowState;
    /** null when bbPeriod === maPeriod: Bollinger then reads the SMA window. */
    readonly bb: RollingWindowState | null;
  };
}

const PARAM_KEYS = FEATURE_PARAM_KEYS;

const INT_KEYS = [
  'maPeriod',
  'zWindow',
  'macdFast',
  'macdSlow',
  'macdSignal',
  'rsiPeriod',
  'bbPeriod',
] as const;

/** One-line reason the params cannot drive an engine, or null. */
export function checkParams(p: FeatureParams): string | null {
  for (const k of INT_KEYS) {
    const v = p[k];
    if (!Number.isInteger(v) || v < 1 || v > 1_000_000)
      return `${k} must be an integer in 1..1000000, got ${v}`;
  }
  if (p.stdDdof !== 0 && p.stdDdof !== 1) return `stdDdof must be 0 or 1, got ${String(p.stdDdof)}`;
  for (const k of ['openThreshold', 'closeThreshold', 'bbStdDev', 'momentumClip', 'zMomentumClip'] as const) {
    const v = p[k];
    if (!isFiniteNumber(v) || v < 0) return `${k} must be a finite number ≥ 0, got ${v}`;
  }
  return null;
}

/** First differing parameter as "key saved vs expected", or null when the saved params are the same. */
export function sameParams(saved: unknown, p: FeatureParams): string | null {
  if (typeof saved !== 'object' || saved === null) return 'params missing';
  const s = saved as Record<string, unknown>;
  for (const k of PARAM_KEYS) {
    if (!Object.is(s[k], p[k])) return `${k} ${JSON.stringify(s[k]) ?? 'missing'} vs ${p[k]}`;
  }
  return null;
}

export interface StateScalars {
  count: number;
  rejected: number;
  prevClose: number;
  emaFast: number;
  emaSlow: number;
  signal: number;
  avgGain: number;
  avgLoss: number;
  obv: number;
  values: number[];
}

/** The scalar part of a saved state, checked; a one-line reason otherwise. */
export function parseScalars(o: Record<string, unknown>): StateScalars | string {
  for (const k of ['count', 'rejected'] as const) {
    const v = o[k];
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) return `${k} is not a count`;
  }
  for (const k of ['prevClose', 'emaFast', 'emaSlow', 'signal', 'avgGain', 'avgLoss', 'obv'] as const) {
    if (!isFiniteNumber(o[k])) return `${k} is not a finite number`;
  }
  const values = o.values;
  if (!Array.isArray(values) || values.length !== 13) return 'values must hold 13 numbers';
  const out: number[] = [];
  for (let i = 0; i < 13; i++) {
    const v: unknown = values[i];
    if (!isFiniteNumber(v)) return `values[${i}] is not a finite number`;
    out.push(v);
  }
  const count = o.count as number;
  const prevClose = o.prevClose as number;
  if (count > 0 && !(prevClose > 0)) return 'prevClose must be > 0 once bars were seen';
  if ((o.avgGain as number) < 0 || (o.avgLoss as number) < 0) return 'RSI averages must be ≥ 0';
  return {
    count,
    rejected: o.rejected as number,
    prevClose,
    emaFast: o.emaFast as number,
    emaSlow: o.emaSlow as number,
    signal: o.signal as number,
    avgGain: o.avgGain as number,
    avgLoss: o.avgLoss as number,
    obv: o.obv as number,
    values: out,
  };
}
