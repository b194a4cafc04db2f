import type { PolicyJson, PolicyScaler } from './policyJson.js';

/**
 * The package's observation scaler and clip, compiled to x' = clamp(x·mul + add, lo, hi) per
 * feature and applied in place with no allocation. Standard: mul = 1/std, add = −mean/std;
 * minmax: mul = (r1−r0)/(max−min), add = r0 − min·mul. A zero std or span counts as 1 (as in
 * scikit-learn), so a feature that was constant in training is centred, not blown up.
 */
export class ObservationScaler {
  readonly width: number;
  private readonly mul: Float64Array;
  private readonly add: Float64Array;
  private readonly lo: number;
  private readonly hi: number;

  constructor(scaler: PolicyScaler, width: number, clip: readonly [number, number] | null) {
    this.width = width;
    this.mul = new Float64Array(width).fill(1);
    this.add = new Float64Array(width);
    if (scaler.kind === 'standard') {
      for (let i = 0; i < width; i++) {
        const s = scaler.std[i]! > 0 ? scaler.std[i]! : 1;
        this.mul[i] = 1 / s;
        this.add[i] = -scaler.mean[i]! / s;
      }
    } else if (scaler.kind === 'minmax') {
      const [r0, r1] = scaler.range;
      for (let i = 0; i < width; i++) {
        const span = scaler.max[i]! - scaler.min[i]!;
        this.mul[i] = (r1 - r0) / (span > 0 ? span : 1);
        this.add[i] = r0 - scaler.min[i]! * this.mul[i]!;
      }
    }
    this.lo = clip ? clip[0] : -Infinity;
    this.hi = clip ? clip[1] : Infinity;
  }

  static fromPolicy(policy: Pick<PolicyJson, 'scaler' | 'observation' | 'clip'>): ObservationScaler {
    return new ObservationScaler(policy.scaler, policy.observation.width, policy.clip.observation);
  }

  /** Scales and clips x[0..width) in place. NaN stays NaN (the caller decides what a NaN means). */
  apply(x: Float64Array): void {
    const { mul, add, lo, hi } = this;
    for (let i = 0; i < this.width; i++) {
      const v = x[i]! * mul[i]! + add[i]!;
      x[i] = v < lo ? lo : v > hi ? hi : v;
    }
  }
}
