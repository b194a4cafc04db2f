import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MinMaxBuckets } from '../../src/engine/report/minMaxBuckets.js';
import { sig } from '../../src/engine/report/series.js';
import { SeriesRecorder } from '../../src/engine/report/seriesRecorder.js';
import { ThinnedList } from '../../src/engine/report/thinnedList.js';

const MIN = 60_000;
const T0 = Date.UTC(2024, 0, 1);

describe('MinMaxBuckets', () => {
  it('returns every sample inside the min/max envelope of its bucket, and only real samples', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 600 }),
        fc.integer({ min: 1, max: 20 }).map((k) => k * 2),
        (values, capacity) => {
          const b = new MinMaxBuckets(1, capacity);
          values.forEach((v, i) => b.add(i, [v]));
          const { t, v } = b.lines()[0]!;
          expect(t.length).toBeLessThanOrEqual(2 * capacity + 2);
          for (let k = 1; k < t.length; k++)
            expect(t[k]!, 'times strictly increase').toBeGreaterThan(t[k - 1]!);
          t.forEach((time, k) => expect(v[k], 'a drawn point is a real sample').toBe(values[time]));
          expect(t[0]).toBe(0);
          expect(t[t.length - 1], 'the line ends on the last sample').toBe(values.length - 1);
          // Min/max preservation: within each bucket the drawn points span every sample in it.
          const w = b.width;
          values.forEach((x, i) => {
            const lo = Math.floor(i / w) * w;
            const inBucket = v.filter((_, k) => t[k]! >= lo && t[k]! < lo + w);
            expect(Math.min(...inBucket)).toBeLessThanOrEqual(x);
            expect(Math.max(...inBucket)).toBeGreaterThanOrEqual(x);
          });
        },
      ),
      { numRuns: 150 },
    );
  });

  it('returns a bounded number of points with fixed storage for a million samples', () => {
    const b = new MinMaxBuckets(1, 998);
    const row = new Float64Array(1);
    let maxBuckets = 0;
    for (let i = 0; i < 1_000_000; i++) {
      row[0] = Math.sin(i / 5000) + (i === 777_777 ? 50 : 0);
      b.add(i, row);
      if (b.buckets > maxBuckets) maxBuckets = b.buckets;
    }
    expect(maxBuckets, 'buckets never exceed the capacity').toBeLessThanOrEqual(998);
    const { t, v } = b.lines()[0]!;
    expect(t.length).toBeLessThanOrEqual(2000);
    expect(Math.max(...v), 'a one-sample spike survives 1,000x downsampling').toBeCloseTo(
      Math.sin(777_777 / 5000) + 50,
      12,
    );
    expect(t[v.indexOf(Math.max(...v))]).toBe(777_777);
  });
});

describe('ThinnedList', () => {
  it('returns at most cap items, evenly spaced by arrival, and says the stride', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 1, max: 300 }), (n, cap) => {
        const l = new ThinnedList<number>(cap);
        for (let i = 0; i < n; i++) l.add(i);
        const items = l.items();
        expect(items.length).toBeLessThanOrEqual(cap);
        expect(l.total).toBe(n);
        expect(items, 'the kept items are exactly every `every`-th arrival').toEqual(
          Array.from({ length: Math.ceil(n / l.every) }, (_, k) => k * l.every),
        );
      }),
    );
  });
});

describe('SeriesRecorder', () => {
  it('returns the fill markers ThinnedList would keep (kept in typed arrays, not objects)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 1, max: 200 }), (n, cap) => {
        const r = new SeriesRecorder({ startEquity: 10_000, maxMarkers: cap });
        const l = new ThinnedList<{ t: number; side: 'BUY' | 'SELL'; qty: number; price: number }>(cap);
        for (let i = 0; i < n; i++) {
          const f = {
            t: T0 + i * MIN,
            side: i % 3 ? ('BUY' as const) : ('SELL' as const),
            qty: i / 7,
            price: 2000 + i / 3,
          };
          r.onFill(f.t, f.side, f.qty, f.price);
          l.add(f);
        }
        const fills = r.toJSON().fills;
        const kept = l.items();
        expect([fills.total, fills.shown, fills.every]).toEqual([l.total, kept.length, l.every]);
        expect(fills.t).toEqual(kept.map((f) => f.t));
        expect(fills.side).toEqual(kept.map((f) => f.side));
        expect(fills.qty).toEqual(kept.map((f) => sig(f.qty, 8)));
        expect(fills.price).toEqual(kept.map((f) => sig(f.price, 8)));
      }),
      { numRuns: 200 },
    );
  });

  it('returns flat output for a 131k-bar and a 1M-bar run alike', () => {
    for (const bars of [131_040, 1_000_000]) {
      const r = new SeriesRecorder({ startEquity: 10_000 });
      for (let i = 0; i < bars; i++) {
        const close = 2000 + 500 * Math.sin(i / 20_000);
        r.onBar(T0 + i * MIN, close, 10_000 * (close / 2000), 1);
        if (i % 3 === 0) r.onFill(T0 + i * MIN, i % 2 ? 'BUY' : 'SELL', 0.1, close);
      }
      const s = r.toJSON();
      for (const line of [s.equity, s.price, s.drawdownPct, s.position]) {
        expect(line.t.length, `${bars} bars: at most 2,000 points per line`).toBeLessThanOrEqual(2000);
        expect(line.t.length).toBe(line.v.length);
      }
      expect(s.fills.shown, 'markers are capped').toBeLessThanOrEqual(3000);
      expect(s.fills.total).toBe(Math.ceil(bars / 3));
      expect(s.fills.note).toContain(`of ${s.fills.total} fills drawn`);
      expect(s.daily.day.length, 'one value per UTC day').toBe(Math.ceil(bars / 1440));
      expect(s.bars).toBe(bars);
    }
  });

  it('returns the drawdown against a running peak that starts at the start equity', () => {
    const r = new SeriesRecorder({ startEquity: 100 });
    [90, 120, 60, 130].forEach((e, i) => r.onBar(T0 + i * MIN, 1, e, 0));
    const s = r.toJSON();
    expect(s.drawdownPct.v).toEqual([-10, 0, -50, 0]);
    expect(s.drawdownPct.t, 'marked at each bar close').toEqual([1, 2, 3, 4].map((k) => T0 + k * MIN));
  });

  it('returns monthly rows that compound to the total return, with buy-and-hold from the first close', () => {
    const r = new SeriesRecorder({ startEquity: 1000 });
    const jan31 = Date.UTC(2024, 0, 31, 23, 59);
    r.onBar(jan31, 10, 1100, 1);
    r.onBar(jan31 + MIN, 12, 990, 1);
    const s = r.toJSON();
    expect(s.monthly.map((m) => m.month)).toEqual(['2024-01', '2024-02']);
    expect(s.monthly[0]!.returnPct).toBeCloseTo(10, 12);
    expect(s.monthly[1]!.returnPct).toBeCloseTo(-10, 12);
    expect(s.monthly[0]!.buyHoldPct, 'the first month starts at the first close').toBe(0);
    expect(s.monthly[1]!.buyHoldPct).toBeCloseTo(20, 12);
    expect(s.daily.returnPct).toEqual(s.monthly.map((m) => m.returnPct));
  });

  it('returns the timeline events it was given, thinned with a count when there are too many', () => {
    const r = new SeriesRecorder({ startEquity: 1, maxEvents: 4 });
    for (let i = 0; i < 10; i++) r.onEvent(T0 + i, i % 2 ? 'reject' : 'reconnect', `e${i}`);
    const e = r.toJSON().events;
    expect(e.total).toBe(10);
    expect(e.shown).toBeLessThanOrEqual(4);
    expect(e.detail[0]).toBe('e0');
  });

  it('throws a one-line error for a start equity that is not positive', () => {
    expect(() => new SeriesRecorder({ startEquity: 0 })).toThrow(/startEquity must be a positive number/);
  });
});
