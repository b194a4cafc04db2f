import type { FeatureParams } from '../../src/engine/core/types.js';

/**
 * Plain-array, from-scratch versions of DESIGN.md step 3, written for clarity, not speed: every
 * rolling value is recomputed from its window with a two-pass mean/std. The engine's O(1) code is
 * checked against these.
 */

export function meanOf(xs: ArrayLike<number>, from: number, to: number): number {
  let s = 0;
  for (let i = from; i < to; i++) s += xs[i]!;
  return s / (to - from);
}

export function stdOf(xs: ArrayLike<number>, from: number, to: number, ddof: number): number {
  const n = to - from;
  if (n <= ddof) return 0;
  const m = meanOf(xs, from, to);
  let s = 0;
  for (let i = from; i < to; i++) s += (xs[i]! - m) ** 2;
  return Math.sqrt(s / (n - ddof));
}

/** spread[t] = close[t] − mean of the last maPeriod closes (fewer during warm-up). */
export function referenceSpreads(close: ArrayLike<number>, p: FeatureParams): Float64Array {
  const out = new Float64Array(close.length);
  for (let t = 0; t < close.length; t++)
    out[t] = close[t]! - meanOf(close, Math.max(0, t - p.maPeriod + 1), t + 1);
  return out;
}

export function zAt(spreads: ArrayLike<number>, t: number, p: FeatureParams): number {
  const from = Math.max(0, t - p.zWindow + 1);
  if (t + 1 - from < 2) return 0;
  return (spreads[t]! - meanOf(spreads, from, t + 1)) / (stdOf(spreads, from, t + 1, p.stdDdof) + 1e-8);
}

export function zoneOf(z: number, p: FeatureParams): number {
  if (z > p.openThreshold) return 1;
  if (z < -p.openThreshold) return -1;
  if (z > p.closeThreshold) return 0.5;
  if (z < -p.closeThreshold) return -0.5;
  return 0;
}

export const clip = (x: number, c: number): number => Math.min(c, Math.max(-c, x));

export interface ReferenceRow {
  z: number;
  zone: number;
  priceMomentum: number;
  zMomentum: number;
  macd: number;
  signal: number;
  diff: number;
  rsi: number; // 0..100
  bbMid: number;
  bbHigh: number;
  bbLow: number;
  obv: number;
}

/** Every feature, bar by bar, from the literal DESIGN definitions. */
export function referenceFeatures(
  close: ArrayLike<number>,
  volume: ArrayLike<number>,
  p: FeatureParams,
): ReferenceRow[] {
  const spreads = referenceSpreads(close, p);
  const rows: ReferenceRow[] = [];
  const aF = 2 / (p.macdFast + 1);
  const aS = 2 / (p.macdSlow + 1);
  const aG = 2 / (p.macdSignal + 1);
  let emaF = 0;
  let emaS = 0;
  let sig = 0;
  let avgGain = 0;
  let avgLoss = 0;
  let obv = 0;
  let prevZ = 0;
  for (let t = 0; t < close.length; t++) {
    const c = close[t]!;
    const z = zAt(spreads, t, p);
    const from = Math.max(0, t - p.bbPeriod + 1);
    const mid = meanOf(close, from, t + 1);
    const sd = stdOf(close, from, t + 1, p.stdDdof);
    let rsi = 50;
    if (t === 0) {
      emaF = c;
      emaS = c;
      sig = 0;
    } else {
      emaF += aF * (c - emaF);
      emaS += aS * (c - emaS);
      sig += aG * (emaF - emaS - sig);
      const ch = c - close[t - 1]!;
      const gain = Math.max(ch, 0);
      const loss = Math.max(-ch, 0);
      const n = p.rsiPeriod;
      if (t === 1) {
        avgGain = gain;
        avgLoss = loss;
      } else {
        avgGain = (avgGain * (n - 1) + gain) / n;
        avgLoss = (avgLoss * (n - 1) + loss) / n;
      }
      if (avgLoss === 0) rsi = avgGain === 0 ? 50 : 100;
      else rsi = 100 - 100 / (1 + avgGain / avgLoss);
      obv += ch > 0 ? volume[t]! : ch < 0 ? -volume[t]! : 0;
    }
    rows.push({
      z,
      zone: zoneOf(z, p),
      priceMomentum: t === 0 ? 0 : clip(c / close[t - 1]! - 1, p.momentumClip),
      zMomentum: t === 0 ? 0 : clip(z - prevZ, p.zMomentumClip),
      macd: emaF - emaS,
      signal: sig,
      diff: emaF - emaS - sig,
      rsi,
      bbMid: mid,
      bbHigh: mid + p.bbStdDev * sd,
      bbLow: mid - p.bbStdDev * sd,
      obv,
    });
    prevZ = z;
  }
  return rows;
}
