import { describe, expect, it } from 'vitest';
import { BarValidator, MAX_EXAMPLES, invalidReason } from '../../src/engine/data/barValidator.js';
import { emptyQuality } from '../../src/engine/data/types.js';

const MIN = 60_000;
const T0 = Date.UTC(2024, 0, 3, 9, 58); // 2024-01-03 09:58 UTC

/** Real ETHUSDT 1m values (2024-01-01 00:00) reused for every minute: only the times matter here. */
function ok(v: BarValidator, t: number, line = 0): string {
  return v.accept(t, 2281.87, 2282.94, 2281.27, 2282.2, 170.0969, line);
}

describe('BarValidator', () => {
  it('returns ok for consecutive minutes and tracks first/last open time', () => {
    const v = new BarValidator();
    expect([ok(v, T0), ok(v, T0 + MIN), ok(v, T0 + 2 * MIN)]).toEqual(['ok', 'ok', 'ok']);
    expect(v.quality).toMatchObject({ rows: 3, bars: 3, gaps: 0, firstOpenTime: T0, lastOpenTime: T0 + 2 * MIN });
    expect(v.lastOpenTime).toBe(T0 + 2 * MIN);
  });

  it('returns ok for a bar after a hole and counts the gap with its missing minutes', () => {
    const v = new BarValidator();
    v.setSource('x.csv');
    ok(v, T0);
    ok(v, T0 + MIN); // 09:59
    expect(ok(v, Date.UTC(2024, 0, 3, 13, 0), 42), 'a gap is reported, the bar still used').toBe('ok');
    expect(v.quality.gaps).toBe(1);
    expect(v.quality.missingMinutes, '10:00..12:59').toBe(180);
    expect(v.quality.examples.gap).toEqual([
      'gap 2024-01-03 10:00 → 13:00 UTC (180 min missing), before line 42 of x.csv',
    ]);
  });

  it('returns gap examples with both dates across midnight, without a file position for the live stream', () => {
    const v = new BarValidator();
    const lastOfDay = Date.UTC(2024, 0, 3, 22, 59);
    ok(v, lastOfDay);
    ok(v, lastOfDay + 241 * MIN);
    expect(v.quality.examples.gap).toEqual(['gap 2024-01-03 23:00 → 2024-01-04 03:00 UTC (240 min missing)']);
  });

  it('returns duplicate and outOfOrder, drops them, and keeps the last accepted time', () => {
    const v = new BarValidator();
    v.setSource('y.zip');
    ok(v, T0);
    ok(v, T0 + MIN);
    expect(ok(v, T0 + MIN, 3)).toBe('duplicate');
    expect(ok(v, T0, 4)).toBe('outOfOrder');
    expect(ok(v, T0 + 2 * MIN)).toBe('ok');
    expect(v.quality).toMatchObject({ rows: 5, bars: 3, duplicates: 1, outOfOrder: 1, gaps: 0 });
    expect(v.quality.examples.duplicate).toEqual([
      'duplicate 2024-01-03 09:59 UTC, line 3 of y.zip (dropped: O 2281.87 H 2282.94 L 2281.27 C 2282.2 V 170.0969)',
    ]);
    expect(v.quality.examples.outOfOrder).toEqual([
      'out of order 2024-01-03 09:58 UTC after 09:59, line 4 of y.zip (dropped: O 2281.87 H 2282.94 L 2281.27 C 2282.2 V 170.0969)',
    ]);
  });

  it('returns invalid for every broken rule, with the reason', () => {
    const t = T0;
    const cases: Array<[number[], string]> = [
      [[Number.NaN, 1, 1, 1, 1, 1], 'open time is NaN'],
      [[t, 1, 1, 1, Number.NaN, 1], 'close is NaN'],
      [[t, 1, Number.POSITIVE_INFINITY, 1, 1, 1], 'high is Infinity'],
      [[t, 1, 1, 1, 1, Number.NaN], 'volume is NaN'],
      [[t + 1, 1, 1, 1, 1, 1], 'open time is not on a minute boundary'],
      [[t, 0, 1, 0, 1, 1], 'open 0 is not positive'],
      [[t, 1, 1, -1, 1, 1], 'low -1 is not positive'],
      [[t, 2, 1, 2, 2, 1], 'high 1 < low 2'],
      [[t, 3, 2, 1, 2, 1], 'open 3 outside [low 1, high 2]'],
      [[t, 2, 2, 1, 0.5, 1], 'close 0.5 outside [low 1, high 2]'],
      [[t, 2, 2, 1, 2, -0.1], 'volume -0.1 is negative'],
    ];
    for (const [[a, b, c, d, e, f], reason] of cases) {
      expect(invalidReason(a ?? 0, b ?? 0, c ?? 0, d ?? 0, e ?? 0, f ?? 0), reason).toBe(reason);
      const v = new BarValidator();
      expect(v.accept(a ?? 0, b ?? 0, c ?? 0, d ?? 0, e ?? 0, f ?? 0)).toBe('invalid');
      expect(v.quality).toMatchObject({ rows: 1, invalid: 1, bars: 0, lastOpenTime: null });
    }
    expect(invalidReason(t, 2, 2, 1, 1, 0), 'zero volume is a quiet minute, not an error').toBeNull();
  });

  it('returns invalid examples with the line, UTC time and values', () => {
    const v = new BarValidator();
    v.setSource('x.csv');
    v.accept(T0, 2281.87, 2282.94, 2281.27, Number.NaN, 170.0969, 57);
    v.reject('expected 12 columns, got 3 ("a,b,c")', 58);
    v.reject('close is not a number ("abc")', 59, T0 + 60_000);
    expect(v.quality.examples.invalid).toEqual([
      'invalid line 57 of x.csv, 2024-01-03 09:58 UTC: close is NaN (O 2281.87 H 2282.94 L 2281.27 C NaN V 170.0969)',
      'invalid line 58 of x.csv: expected 12 columns, got 3 ("a,b,c")',
      'invalid line 59 of x.csv, 2024-01-03 09:59 UTC: close is not a number ("abc")',
    ]);
    expect(v.quality).toMatchObject({ rows: 3, invalid: 3, bars: 0 });
  });

  it('returns an invalid verdict without touching the last accepted time', () => {
    const v = new BarValidator();
    ok(v, T0);
    v.accept(T0 + MIN, 1, 1, 2, 1, 1);
    expect(ok(v, T0 + MIN), 'the invalid bar did not take the minute').toBe('ok');
  });

  it(`returns at most ${MAX_EXAMPLES} examples per kind while counting all`, () => {
    const v = new BarValidator();
    ok(v, T0);
    for (let i = 0; i < 8; i++) ok(v, T0);
    for (let i = 0; i < 7; i++) v.reject('text');
    expect(v.quality.duplicates).toBe(8);
    expect(v.quality.examples.duplicate).toHaveLength(MAX_EXAMPLES);
    expect(v.quality.invalid).toBe(7);
    expect(v.quality.examples.invalid).toHaveLength(MAX_EXAMPLES);
  });

  it('returns counts into the DataQuality it was given', () => {
    const q = emptyQuality();
    const v = new BarValidator(q);
    ok(v, T0);
    expect(q.bars).toBe(1);
    expect(v.quality).toBe(q);
  });
});
