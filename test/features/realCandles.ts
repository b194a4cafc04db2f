import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';
import type { BarChunk } from '../../src/engine/data/types.js';

/**
 * A deliberately tiny reader of Binance daily kline zips (12 columns, no header) so these tests do
 * not depend on the data layer. Returns the candles as one column chunk.
 */
export function readKlineZips(paths: readonly string[]): BarChunk {
  const rows: string[] = [];
  for (const p of paths) {
    const files = unzipSync(readFileSync(p));
    for (const name of Object.keys(files)) {
      for (const line of strFromU8(files[name]!).split('\n')) if (line.trim() !== '') rows.push(line);
    }
  }
  const n = rows.length;
  const chunk = {
    length: n,
    openTime: new Float64Array(n),
    open: new Float64Array(n),
    high: new Float64Array(n),
    low: new Float64Array(n),
    close: new Float64Array(n),
    volume: new Float64Array(n),
  };
  rows.forEach((line, i) => {
    const c = line.split(',');
    const t = Number(c[0]);
    chunk.openTime[i] = t > 1e14 ? Math.floor(t / 1000) : t; // 2025+ files are in µs
    chunk.open[i] = Number(c[1]);
    chunk.high[i] = Number(c[2]);
    chunk.low[i] = Number(c[3]);
    chunk.close[i] = Number(c[4]);
    chunk.volume[i] = Number(c[5]);
  });
  return chunk;
}

/** Every zip in `dir` whose name starts with `prefix`, sorted by name (= by date). */
export function zipsIn(dir: string, prefix: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.startsWith(prefix) && f.endsWith('.zip'))
    .sort()
    .map((f) => join(dir, f));
}

/** One real day (ETHUSDT 2024-03-31, 1,440 bars) committed so a fresh clone still tests something. */
export const FIXTURE_ZIP = resolve(import.meta.dirname, '../fixtures/features/ETHUSDT-1m-2024-03-31.zip');
