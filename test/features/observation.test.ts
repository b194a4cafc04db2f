import { describe, expect, it } from 'vitest';
import { F, OBSERVATION_FEATURES } from '../../src/engine/core/types.js';
import { ObservationBuilder } from '../../src/engine/features/observation.js';

// Distinct values so a swapped index shows.
const values = Float64Array.from({ length: 13 }, (_, i) => 100 + i);

describe('ObservationBuilder', () => {
  it('returns the 15-D default order: position, 4 z features, position_change, then MACD..sentiment', () => {
    const b = new ObservationBuilder();
    const out = new Float64Array(15);
    b.fill(values, 0.3, -0.1, out);
    expect(Array.from(out)).toEqual([
      0.3,
      values[F.z_score],
      values[F.zone],
      values[F.price_momentum],
      values[F.z_score_momentum],
      -0.1,
      values[F.macd],
      values[F.macd_signal],
      values[F.macd_diff],
      values[F.rsi],
      values[F.bb_mid],
      values[F.bb_high],
      values[F.bb_low],
      values[F.obv],
      values[F.sentiment],
    ]);
    expect(b.order).toEqual([...OBSERVATION_FEATURES]);
    expect(b.size).toBe(15);
  });

  it('returns a policy-declared order, reading each name from its own source', () => {
    const order = ['sentiment', 'position_change', 'rsi', 'position', 'z_score'];
    const out = new Float64Array(5).fill(Number.NaN);
    new ObservationBuilder(order).fill(values, 1, 0.5, out);
    expect(Array.from(out)).toEqual([values[F.sentiment], 0.5, values[F.rsi], 1, values[F.z_score]]);
  });

  it('returns into the same buffer each bar (no new arrays)', () => {
    const b = new ObservationBuilder();
    const out = new Float64Array(15);
    b.fill(values, 0, 0, out);
    const v2 = values.map((x) => -x);
    b.fill(v2, 0.2, 0.2, out);
    expect(out[1]).toBe(v2[F.z_score]);
  });

  it('returns a one-line error for unknown, duplicate or empty names and a short buffer', () => {
    expect(() => new ObservationBuilder(['position', 'rsi_100'])).toThrow(
      /^unknown observation feature "rsi_100"/,
    );
    expect(() => new ObservationBuilder(['toString'])).toThrow(/unknown observation feature "toString"/);
    expect(() => new ObservationBuilder(['rsi', 'rsi'])).toThrow(/"rsi" twice/);
    expect(() => new ObservationBuilder([])).toThrow(/empty/);
    expect(() => new ObservationBuilder().fill(values, 0, 0, new Float64Array(14))).toThrow(
      /holds 14 values, needs 15/,
    );
  });
});
