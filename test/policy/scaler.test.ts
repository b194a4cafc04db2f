import { describe, expect, it } from 'vitest';
import { ObservationScaler } from '../../src/engine/policy/scaler.js';

describe('ObservationScaler', () => {
  it('returns (x − mean)/std in place, treating a zero std as 1', () => {
    const s = new ObservationScaler(
      { kind: 'standard', mean: [1, 10, 5], std: [2, 5, 0], fittedOn: null },
      3,
      null,
    );
    const x = new Float64Array([3, 0, 7]);
    s.apply(x);
    expect([...x]).toEqual([1, -2, 2]);
  });

  it('returns the minmax mapping onto its range, then the observation clip', () => {
    const s = new ObservationScaler(
      { kind: 'minmax', min: [0, -2], max: [10, 2], range: [-1, 1], fittedOn: null },
      2,
      [-1, 1],
    );
    const x = new Float64Array([5, 6]);
    s.apply(x);
    expect([...x], '5 is mid-range → 0; 6 maps to 3 and is clipped to 1').toEqual([0, 1]);
  });

  it('returns x unchanged for "none" except for the clip, and leaves values past width alone', () => {
    const s = new ObservationScaler({ kind: 'none' }, 2, [-3, 3]);
    const x = new Float64Array([-7, 2, 99]);
    s.apply(x);
    expect([...x]).toEqual([-3, 2, 99]);
  });

  it('returns NaN for a NaN input instead of a clipped plausible value', () => {
    const s = new ObservationScaler({ kind: 'none' }, 1, [-1, 1]);
    const x = new Float64Array([NaN]);
    s.apply(x);
    expect(Number.isNaN(x[0])).toBe(true);
  });
});
