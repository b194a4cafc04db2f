import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isNumericField, parseDecimal } from '../../src/engine/data/decimal.js';
import { unzipCsv } from '../../src/engine/data/zipCsv.js';
import { demoZip } from './collect.js';

const parse = (text: string): number => parseDecimal(text, 0, text.length);

/** Every field of every row of a Binance CSV parsed both ways; returns the number of fields compared. */
function compareAllFields(csv: string): { compared: number; mismatches: string[] } {
  let compared = 0;
  const mismatches: string[] = [];
  for (const line of csv.split('\n')) {
    if (line === '') continue;
    let start = 0;
    for (;;) {
      const comma = line.indexOf(',', start);
      const end = comma < 0 ? line.length : comma;
      const ours = parseDecimal(line, start, end);
      const reference = Number(line.slice(start, end));
      if (!Object.is(ours, reference)) mismatches.push(line.slice(start, end));
      compared++;
      if (comma < 0) break;
      start = comma + 1;
    }
  }
  return { compared, mismatches };
}

describe('parseDecimal', () => {
  it('returns exactly the double Number() returns for random decimal strings', () => {
    const decimal = fc
      .tuple(
        fc.constantFrom('', '-', '+'),
        fc.stringMatching(/^[0-9]{0,18}$/),
        fc.option(fc.stringMatching(/^[0-9]{0,24}$/)),
      )
      .map(([sign, int, frac]) => `${sign}${int}${frac === null ? '' : `.${frac}`}`)
      .filter((s) => /[0-9]/.test(s));
    fc.assert(
      fc.property(decimal, (s) => {
        expect(Object.is(parse(s), Number(s)), `parse(${s}) vs Number(${s})`).toBe(true);
      }),
      { numRuns: 20_000 },
    );
  });

  it('returns exactly what Number() returns for price-like values with 8 decimals', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99_999_999 }), fc.integer({ min: 0, max: 99_999_999 }), (i, f) => {
        const s = `${i}.${String(f).padStart(8, '0')}`;
        expect(parse(s)).toBe(Number(s));
      }),
      { numRuns: 20_000 },
    );
  });

  it('returns the same doubles as Number() for every field of the demo files', () => {
    for (const day of [29, 30, 31] as const) {
      const csv = new TextDecoder().decode(unzipCsv(readFileSync(demoZip(day)), `day ${day}`));
      const { compared, mismatches } = compareAllFields(csv);
      expect(compared, 'all 12 fields of 1,440 rows').toBe(1440 * 12);
      expect(mismatches, 'fields where the fast parser differs from Number()').toEqual([]);
    }
  });

  it('returns Number() results for exponents, long mantissas and signs', () => {
    for (const s of ['1e3', '2.5E-4', '12345678901234567890', '0.1234567890123456789', '-0', '-0.0', '+7', '.5', '5.']) {
      expect(Object.is(parse(s), Number(s)), s).toBe(true);
    }
  });

  it('returns NaN for empty fields, words and hex, where Number() would give a number', () => {
    for (const s of ['', ' ', '-', '.', 'abc', '0x1f', '1.2.3', '12a', 'NaN']) {
      expect(parse(s), JSON.stringify(s)).toBeNaN();
    }
  });

  it('returns a parsed slice without looking outside its bounds', () => {
    const line = '1704067200000,2281.87000000,x';
    expect(parseDecimal(line, 14, 27)).toBe(2281.87);
    expect(parseDecimal(line, 0, 13)).toBe(1704067200000);
    expect(isNumericField(line, 28, 29)).toBe(false);
    expect(isNumericField(line, 14, 27)).toBe(true);
  });
});
