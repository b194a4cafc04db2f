import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync, zipSync } from 'fflate';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openCandles } from '../../src/engine/data/openCandles.js';
import { RUNS, damaged, expectOneLineError, tempFolder } from './support.js';

const dir = tempFolder('candles');
const REAL_ZIP = new Uint8Array(
  readFileSync(join(import.meta.dirname, '../../data/ETHUSDT-1m-2024-03-29.zip')),
);
const REAL_CSV = new TextDecoder().decode(Object.values(unzipSync(REAL_ZIP))[0]!);
const REAL_LINES = REAL_CSV.split('\n').filter((l) => l.length > 0);

/**
 * Open and read everything: either the bars come out clean (finite, positive, consistent, strictly
 * increasing minutes) or a one-line Error says why the file cannot be used.
 */
function readAll(path: string): number {
  let bars = 0;
  try {
    const src = openCandles(path);
    let last = -Infinity;
    for (const c of src.chunks()) {
      for (let i = 0; i < c.length; i++) {
        const [t, o, h, l, cl, v] = [
          c.openTime[i]!,
          c.open[i]!,
          c.high[i]!,
          c.low[i]!,
          c.close[i]!,
          c.volume[i]!,
        ];
        expect(t > last, `bar ${t} after ${last}`).toBe(true);
        expect(t % 60_000).toBe(0);
        expect(l > 0 && h >= l && o >= l && o <= h && cl >= l && cl <= h, `O${o} H${h} L${l} C${cl}`).toBe(
          true,
        );
        expect(Number.isFinite(h) && v >= 0 && Number.isFinite(v)).toBe(true);
        last = t;
        bars++;
      }
    }
    expect(src.quality.bars).toBe(bars);
  } catch (e) {
    if (e instanceof Error && e.message.startsWith('expect')) throw e;
    expectOneLineError(e, `openCandles(${path})`);
  }
  return bars;
}

let k = 0;
const fileFor = (name: string, bytes: Uint8Array | string): string => {
  const sub = join(dir, String(k++));
  const path = join(sub.replace(/\d+$/, ''), `${k}-${name}`);
  writeFileSync(path, bytes);
  return path;
};

describe('candle files under fuzzing', () => {
  it('returns clean bars or a one-line error for random bytes named as a Binance zip or csv', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4096 }), fc.boolean(), (bytes, zip) => {
        readAll(fileFor(`ETHUSDT-1m-2024-03-29.${zip ? 'zip' : 'csv'}`, bytes));
      }),
      RUNS,
    );
  });

  it('returns clean bars or a one-line error for a truncated, flipped or spliced real zip', () => {
    fc.assert(
      fc.property(damaged(REAL_ZIP), (bytes) => {
        readAll(fileFor('ETHUSDT-1m-2024-03-29.zip', bytes));
      }),
      { ...RUNS, numRuns: 100 },
    );
  });

  it('returns only the valid rows of a CSV mixing real, damaged and random lines', () => {
    const line = fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...REAL_LINES) },
      fc
        .constantFrom(...REAL_LINES)
        .chain((l) =>
          fc
            .tuple(fc.nat({ max: l.length }), fc.string({ maxLength: 6 }))
            .map(([at, s]) => l.slice(0, at) + s + l.slice(at + 1)),
        ),
      fc.constantFrom(...REAL_LINES).map((l) => l.split(',').slice(0, 5).join(',')),
      fc.string({ maxLength: 80 }),
      fc.constant('open_time,open,high,low,close,volume'),
      fc.constant(''),
    );
    fc.assert(
      fc.property(
        fc.array(line, { maxLength: 60 }),
        fc.constantFrom('\n', '\r\n'),
        fc.boolean(),
        (lines, eol, zip) => {
          const text = lines.join(eol);
          const bytes = zip ? zipSync({ 'ETHUSDT-1m-2024-03-29.csv': new TextEncoder().encode(text) }) : text;
          readAll(fileFor(`ETHUSDT-1m-2024-03-29.${zip ? 'zip' : 'csv'}`, bytes));
        },
      ),
      RUNS,
    );
  });

  it('returns every bar of the untouched real file (the fuzz harness itself reads real data)', () => {
    expect(readAll(fileFor('ETHUSDT-1m-2024-03-29.zip', REAL_ZIP))).toBe(1440);
  });
});
