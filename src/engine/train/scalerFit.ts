import { F } from '../core/types.js';
import type { PolicyScaler } from '../policy/policyJson.js';
import { MARKET_WIDTH, splitRange } from './marketSplit.js';
import type { MarketSplit } from './marketSplit.js';

export type ScalerKind = 'standard' | 'minmax';

/**
 * The observation scaler, fitted on the training split only: per market feature, the mean and
 * population std (standard) or the min and max (minmax, to [−1, 1]) of the values the feature
 * engine produced on every training bar.
 *
 * The two position terms are the agent's own state, not market data, and their distribution
 * depends on the policy being trained, so they are scaled by their known bounds instead of
 * fitted: position (a fraction of equity, |p| ≤ 1) by mean 0 / std 1 (minmax [−1, 1]), and
 * position_change (|Δ| ≤ maxStep per bar) by mean 0 / std maxStep (minmax [−maxStep, maxStep]).
 */
export function fitScaler(
  kind: ScalerKind,
  split: MarketSplit,
  order: readonly string[],
  maxStep: number,
): PolicyScaler {
  const n = split.length;
  if (n < 2) throw new Error(`cannot fit the scaler: the training split has ${n} bars`);
  const f = split.features;
  const fittedOn = (({ from, to }) => ({ from, to }))(splitRange(split));
  const a: number[] = [];
  const b: number[] = [];
  for (const name of order) {
    if (name === 'position') {
      a.push(kind === 'standard' ? 0 : -1);
      b.push(1);
      continue;
    }
    if (name === 'position_change') {
      a.push(kind === 'standard' ? 0 : -maxStep);
      b.push(maxStep);
      continue;
    }
    if (!Object.hasOwn(F, name))
      throw new Error(`cannot fit the scaler: unknown observation feature "${name}"`);
    const k = F[name as keyof typeof F];
    if (kind === 'standard') {
      let sum = 0;
      for (let i = 0; i < n; i++) sum += f[i * MARKET_WIDTH + k]!;
      const mean = sum / n;
      let sq = 0;
      for (let i = 0; i < n; i++) {
        const d = f[i * MARKET_WIDTH + k]! - mean;
        sq += d * d;
      }
      a.push(mean);
      b.push(Math.sqrt(sq / n));
    } else {
      let lo = Infinity;
      let hi = -Infinity;
      for (let i = 0; i < n; i++) {
        const v = f[i * MARKET_WIDTH + k]!;
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      a.push(lo);
      b.push(hi);
    }
  }
  return kind === 'standard'
    ? { kind: 'standard', mean: a, std: b, fittedOn }
    : { kind: 'minmax', min: a, max: b, range: [-1, 1], fittedOn };
}
