import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';
import type { Bar } from '../../src/engine/core/types.js';

/**
 * One real day of Binance ETHUSDT 1-minute klines (2022-08-14, 1,440 bars), copied unchanged from
 * ../shared/data/binance so the UI tests run in a fresh clone. Prices on screen come from here.
 */
export const FIXTURE_ZIP = resolve(import.meta.dirname, '../fixtures/ui/ETHUSDT-1m-2022-08-14.zip');

let cached: readonly Bar[] | null = null;

export function realBars(): readonly Bar[] {
  if (cached) return cached;
  const files = unzipSync(new Uint8Array(readFileSync(FIXTURE_ZIP)));
  const csv = Object.values(files)[0];
  if (!csv) throw new Error(`${FIXTURE_ZIP}: empty zip`);
  const bars: Bar[] = [];
  for (const line of strFromU8(csv).split('\n')) {
    const c = line.split(',');
    if (c.length < 7) continue;
    bars.push({
      openTime: Number(c[0]),
      open: Number(c[1]),
      high: Number(c[2]),
      low: Number(c[3]),
      close: Number(c[4]),
      volume: Number(c[5]),
      closeTime: Number(c[6]),
    });
  }
  cached = Object.freeze(bars);
  return cached;
}
