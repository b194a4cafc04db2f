import { describe, expect, it } from 'vitest';
import { DEFAULT_FEATURE_PARAMS, F, MARKET_FEATURES } from '../../src/engine/core/types.js';
import type { BarChunk } from '../../src/engine/data/types.js';
import { FeatureEngine } from '../../src/engine/features/featureEngine.js';
import {
  FEATURES_CSV_HEADER,
  formatFeatureRow,
  writeFeaturesCsv,
} from '../../src/engine/features/featuresCsv.js';
import { FIXTURE_ZIP, readKlineZips } from './realCandles.js';

const bars = readKlineZips([FIXTURE_ZIP]);

/** The fixture split into uneven chunks, as a CandleSource would stream it. */
function* chunked(b: BarChunk, sizes: number[]): Iterable<BarChunk> {
  let at = 0;
  for (const n of sizes) {
    const end = Math.min(b.length, at + n);
    const s = (a: Float64Array): Float64Array => a.subarray(at, end);
    yield {
      length: end - at,
      openTime: s(b.openTime),
      open: s(b.open),
      high: s(b.high),
      low: s(b.low),
      close: s(b.close),
      volume: s(b.volume),
    };
    at = end;
  }
}

describe('features CSV', () => {
  it('returns the header columns open_time, close, then the 13 market features in F order', () => {
    const cols = FEATURES_CSV_HEADER.split(',');
    expect(cols.slice(0, 2)).toEqual(['open_time', 'close']);
    expect(cols.slice(2), 'CSV columns follow MARKET_FEATURES / F').toEqual([...MARKET_FEATURES]);
    MARKET_FEATURES.forEach((name, i) => expect(F[name]).toBe(i));
  });

  it('returns rows whose numbers parse back to the exact doubles', () => {
    const e = new FeatureEngine();
    for (let t = 0; t < 300; t++) e.update(bars.close[t]!, bars.volume[t]!, -0.123456789012345);
    const row = formatFeatureRow(bars.openTime[299]!, bars.close[299]!, e.values);
    const cells = row.split(',');
    expect(cells).toHaveLength(15);
    expect(Number(cells[0])).toBe(bars.openTime[299]);
    expect(cells[1]).toBe(String(bars.close[299]));
    e.values.forEach((v, i) =>
      expect(Object.is(Number(cells[i + 2]), v), `column ${cells[i + 2]}`).toBe(true),
    );
    expect(Number(cells[2 + F.rsi])).toBeGreaterThan(0);
    expect(Number(cells[2 + F.rsi]), 'rsi column is rsi/100').toBeLessThan(1);
  });

  it('returns one row per bar, batched into whole lines, identical to a bar-by-bar engine', () => {
    const blocks: string[] = [];
    const rows = writeFeaturesCsv(
      chunked(bars, [7, 500, 1, 932]),
      DEFAULT_FEATURE_PARAMS,
      (b) => blocks.push(b),
      (t) => (t % 2 === 0 ? 0.5 : -0.5),
    );
    expect(rows).toBe(1440);
    for (const b of blocks) expect(b.endsWith('\n'), 'each block ends on a line boundary').toBe(true);
    expect(blocks.length, 'batched, not one call per line').toBeLessThan(100);
    const lines = blocks.join('').split('\n');
    expect(lines.pop()).toBe('');
    expect(lines[0]).toBe(FEATURES_CSV_HEADER);
    const e = new FeatureEngine();
    for (let t = 0; t < bars.length; t++) {
      const v = e.update(bars.close[t]!, bars.volume[t]!, bars.openTime[t]! % 2 === 0 ? 0.5 : -0.5);
      const want = formatFeatureRow(bars.openTime[t]!, bars.close[t]!, v);
      if (lines[t + 1] !== want) expect(lines[t + 1], `row ${t}`).toBe(want);
    }
    expect(lines).toHaveLength(1441);
  });
});
