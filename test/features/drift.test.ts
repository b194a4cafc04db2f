import { describe, expect, it } from 'vitest';
import { DEFAULT_FEATURE_PARAMS, F } from '../../src/engine/core/types.js';
import { FeatureEngine } from '../../src/engine/features/featureEngine.js';
import type { RollingWindowState } from '../../src/engine/features/rollingWindow.js';
import { SHARED_DATA, sharedPath } from '../support/sharedData.js';
import { readKlineZips, zipsIn } from './realCandles.js';
import { meanOf, stdOf } from './reference.js';

/**
 * Running sums drift; the engine re-anchors them (RollingWindow). After 500k+ real bars (ETHUSDT
 * Q1 2024 played 4 times in a row: 524,160 bars) the rolling mean/std/z must agree with a
 * from-scratch recompute to < 1e-9 relative. Checked at ~50 checkpoints and at the very end.
 * Spread means sit near 0, so they are measured relative to the window's std (their natural scale).
 */
const P = DEFAULT_FEATURE_PARAMS;
const REL = 1e-9;

function windowStats(w: RollingWindowState): { mean: number; variance: number } {
  const n = w.filled;
  return { mean: w.shift + w.sum / n, variance: (w.sumSq - (w.sum * w.sum) / n) / n };
}

// Needs ../shared/data (skipped in a fresh clone without it).
describe.skipIf(!SHARED_DATA)('rolling statistics after 524,160 real bars', () => {
  it('returns mean, std and z within 1e-9 relative of a from-scratch recompute', () => {
    const q1 = readKlineZips(zipsIn(sharedPath('binance/ETHUSDT'), 'ETHUSDT-1m-2024-'));
    const reps = 4;
    const n = q1.length * reps;
    const close = new Float64Array(n);
    const volume = new Float64Array(n);
    for (let r = 0; r < reps; r++) {
      close.set(q1.close, r * q1.length);
      volume.set(q1.volume, r * q1.length);
    }
    const engine = new FeatureEngine(P);
    const worst = { mean: 0, std: 0, z: 0, spreadMean: 0, spreadStd: 0 };
    const track = (k: keyof typeof worst, got: number, want: number, scale: number): void => {
      const e = Math.abs(got - want) / Math.max(Math.abs(want), scale);
      worst[k] = Math.max(worst[k], Number.isNaN(e) ? Infinity : e);
    };
    let checkpoints = 0;
    for (let t = 0; t < n; t++) {
      const v = engine.update(close[t]!, volume[t]!, 0);
      if (t % 10_007 !== 10_006 && t !== n - 1) continue;
      checkpoints++;
      // Closes: SMA(20) = bb_mid, σ from the band width.
      const from = t - P.bbPeriod + 1;
      const mean = meanOf(close, from, t + 1);
      const std = stdOf(close, from, t + 1, 0);
      track('mean', v[F.bb_mid]!, mean, 0);
      track('std', (v[F.bb_high]! - v[F.bb_mid]!) / P.bbStdDev, std, 0);
      // Spreads, each from scratch from its own 20 closes.
      const spreads = new Float64Array(P.zWindow);
      for (let j = 0; j < P.zWindow; j++) {
        const u = t - P.zWindow + 1 + j;
        spreads[j] = close[u]! - meanOf(close, u - P.maPeriod + 1, u + 1);
      }
      const sMean = meanOf(spreads, 0, P.zWindow);
      const sStd = stdOf(spreads, 0, P.zWindow, 0);
      track('z', v[F.z_score]!, (spreads[P.zWindow - 1]! - sMean) / (sStd + 1e-8), 1);
      const zs = windowStats(engine.toState().windows.z);
      track('spreadMean', zs.mean, sMean, sStd);
      track('spreadStd', Math.sqrt(zs.variance), sStd, 0);
    }
    expect(engine.count).toBe(524_160);
    expect(checkpoints).toBeGreaterThan(50);
    for (const [k, e] of Object.entries(worst))
      expect(e, `${k}: worst relative error ${e}`).toBeLessThan(REL);
  });

  it('returns a drift that naive raw running sums would not meet (why the re-anchoring exists)', () => {
    const q1 = readKlineZips(zipsIn(sharedPath('binance/ETHUSDT'), 'ETHUSDT-1m-2024-'));
    // Σx and Σx² over raw prices, updated add/remove only: the textbook O(1) window.
    const size = P.bbPeriod;
    let sum = 0;
    let sumSq = 0;
    let worst = 0;
    const c = q1.close;
    for (let rep = 0; rep < 4; rep++) {
      for (let i = 0; i < q1.length; i++) {
        const t = rep * q1.length + i;
        const x = c[i]!;
        sum += x;
        sumSq += x * x;
        if (t >= size) {
          const old = c[(t - size) % q1.length]!;
          sum -= old;
          sumSq -= old * old;
        }
        if (t >= size && t % 10_007 === 0) {
          const lo = i - size + 1;
          const std = lo >= 0 ? stdOf(c, lo, i + 1, 0) : Number.NaN;
          if (!Number.isNaN(std) && std > 0) {
            const naive = Math.sqrt(Math.max(0, sumSq / size - (sum / size) ** 2));
            worst = Math.max(worst, Math.abs(naive - std) / std);
          }
        }
      }
    }
    expect(worst, 'naive raw sums miss the 1e-9 budget by orders of magnitude').toBeGreaterThan(1e-8);
  });
});
