import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDecimal } from '../../src/engine/data/decimal.js';
import { openCandles } from '../../src/engine/data/openCandles.js';
import { unzipCsv } from '../../src/engine/data/zipCsv.js';
import { SHARED_DATA, SKIP_NOTE, sharedPath } from '../support/sharedData.js';
import { iso } from './collect.js';

// Needs ../shared/data (the full Binance files); skipped in a fresh clone.
describe.skipIf(!SHARED_DATA)(`candle sources on the shared Binance files (${SHARED_DATA ? 'present' : SKIP_NOTE})`, () => {
  const eth = (): string => sharedPath('binance/ETHUSDT');

  it('returns exactly 131,040 bars without gaps for the 91 ETHUSDT Q1-2024 zips', () => {
    const source = openCandles(join(eth(), 'ETHUSDT-1m-2024-*.zip'));
    expect(source.files).toHaveLength(91);
    expect(source.symbol).toBe('ETHUSDT');
    let bars = 0;
    let low = Number.POSITIVE_INFINITY;
    let high = 0;
    for (const chunk of source.chunks()) {
      bars += chunk.length;
      for (let i = 0; i < chunk.length; i++) {
        low = Math.min(low, chunk.low[i] ?? low);
        high = Math.max(high, chunk.high[i] ?? high);
      }
    }
    expect(bars).toBe(131_040);
    expect(source.quality).toMatchObject({ rows: 131_040, bars: 131_040, gaps: 0, duplicates: 0, outOfOrder: 0, invalid: 0 });
    expect(iso(source.quality.firstOpenTime ?? 0)).toBe('2024-01-01T00:00:00.000Z');
    expect(iso(source.quality.lastOpenTime ?? 0)).toBe('2024-03-31T23:59:00.000Z');
    expect([low, high], 'price range stated in ../shared/data/README.md').toEqual([2100, 4093.92]);
  });

  it('returns 131,040 gap-free bars for the BTCUSDT Q1-2024 folder', () => {
    const source = openCandles(sharedPath('binance/BTCUSDT'));
    for (const _ of source.chunks());
    expect(source.symbol).toBe('BTCUSDT');
    expect(source.quality).toMatchObject({ bars: 131_040, gaps: 0, invalid: 0 });
  });

  it('returns both 2022 ETHUSDT days as 2,880 gap-free bars', () => {
    const source = openCandles(join(eth(), 'ETHUSDT-1m-2022-*.zip'));
    for (const _ of source.chunks());
    expect(source.quality).toMatchObject({ rows: 2880, bars: 2880, gaps: 0, invalid: 0 });
    expect(iso(source.quality.firstOpenTime ?? 0)).toBe('2022-08-14T00:00:00.000Z');
    expect(iso(source.quality.lastOpenTime ?? 0)).toBe('2022-08-15T23:59:00.000Z');
  });

  it('returns the whole ETHUSDT folder in time order with the 2022→2024 hole as one gap', () => {
    const source = openCandles(eth());
    for (const _ of source.chunks());
    expect(source.files[0]).toMatch(/2022-08-14\.zip$/);
    expect(source.files.at(-1)).toMatch(/2024-03-31\.zip$/);
    const hole = (Date.UTC(2024, 0, 1) - Date.UTC(2022, 7, 16)) / 60_000;
    expect(source.quality).toMatchObject({ bars: 131_040 + 2880, gaps: 1, missingMinutes: hole, outOfOrder: 0 });
  });

  it('returns the same doubles as Number() for every field of every shared kline file', () => {
    let fields = 0;
    const mismatches: string[] = [];
    for (const symbol of ['ETHUSDT', 'BTCUSDT']) {
      const dir = sharedPath('binance', symbol);
      for (const name of readdirSync(dir)) {
        const csv = new TextDecoder().decode(unzipCsv(readFileSync(join(dir, name)), name));
        let start = 0;
        while (start < csv.length) {
          const comma = csv.indexOf(',', start);
          const newline = csv.indexOf('\n', start);
          const end = comma >= 0 && (newline < 0 || comma < newline) ? comma : newline < 0 ? csv.length : newline;
          if (end > start) {
            fields++;
            const ours = parseDecimal(csv, start, end);
            if (!Object.is(ours, Number(csv.slice(start, end)))) mismatches.push(`${name}: ${csv.slice(start, end)}`);
          }
          start = end + 1;
        }
      }
    }
    expect(fields, '(2 × 131,040 + 2,880) rows × 12 fields').toBe((2 * 131_040 + 2880) * 12);
    expect(mismatches.slice(0, 5)).toEqual([]);
  });
});
