import { describe, expect, it } from 'vitest';
import { epochToMs, formatUtc, formatUtcAfter, parseIsoUtc } from '../../src/engine/data/timeParse.js';

const T = Date.UTC(2024, 0, 1); // 1704067200000

describe('epochToMs', () => {
  it('returns ms for epoch seconds, ms, µs and ns by magnitude', () => {
    expect(epochToMs(1704067200)).toBe(T);
    expect(epochToMs(1704067200000)).toBe(T);
    expect(epochToMs(1704067200000000)).toBe(T);
    expect(epochToMs(1704067200000000000)).toBe(T);
  });
});

describe('parseIsoUtc', () => {
  it('returns UTC ms for ISO-8601 with Z, with an offset, and without a zone (read as UTC)', () => {
    expect(parseIsoUtc('2024-01-01T00:00:00Z')).toBe(T);
    expect(parseIsoUtc('2024-01-01T00:00:00z')).toBe(T);
    expect(parseIsoUtc('2024-01-01T00:00:00')).toBe(T);
    expect(parseIsoUtc('2024-01-01T02:00:00+02:00')).toBe(T);
    expect(parseIsoUtc('2023-12-31T19:00:00-0500')).toBe(T);
    expect(parseIsoUtc('2024-01-01T05:30:00+05:30')).toBe(T);
    expect(parseIsoUtc('2024-01-01T00:00:00.000Z')).toBe(T);
    expect(parseIsoUtc('2024-01-01T00:00')).toBe(T);
    expect(parseIsoUtc('2024-01-01')).toBe(T);
  });

  it('returns UTC ms for "YYYY-MM-DD HH:MM:SS"', () => {
    expect(parseIsoUtc('2024-01-01 00:00:00')).toBe(T);
    expect(parseIsoUtc('2024-03-31 23:59:00')).toBe(Date.UTC(2024, 2, 31, 23, 59));
  });

  it('returns NaN for impossible dates and other text', () => {
    for (const s of ['2023-02-29 00:00:00', '2024-13-01', '2024-01-01T24:00:00', '2024-01-01T00:60', '01/02/2024', 'x']) {
      expect(parseIsoUtc(s), s).toBeNaN();
    }
    expect(parseIsoUtc('2024-02-29 00:00:00'), 'leap day').toBe(Date.UTC(2024, 1, 29));
  });
});

describe('formatUtc', () => {
  it('returns minutes for minute-aligned times and more digits only when needed', () => {
    expect(formatUtc(T)).toBe('2024-01-01 00:00');
    expect(formatUtc(T + 1500)).toBe('2024-01-01 00:00:01.500');
    expect(formatUtc(T + 1000)).toBe('2024-01-01 00:00:01');
    expect(formatUtc(Number.NaN)).toBe('time NaN');
    expect(formatUtc(1e20), 'beyond Date range must not throw').toBe('time 100000000000000000000');
  });

  it('returns only the clock when the second time is on the same day', () => {
    expect(formatUtcAfter(T + 3_600_000, T)).toBe('01:00');
    expect(formatUtcAfter(T + 86_400_000, T)).toBe('2024-01-02 00:00');
  });
});
