import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { BarChunk, CandleSource } from '../../src/engine/data/types.js';

/** Repo-relative paths that exist in a fresh clone. */
export const REPO = resolve(import.meta.dirname, '../..');
export const DEMO_DIR = join(REPO, 'data');
export const FIXTURES = join(REPO, 'test/fixtures/data');
export const demoZip = (day: 29 | 30 | 31): string => join(DEMO_DIR, `ETHUSDT-1m-2024-03-${day}.zip`);

export interface Bars {
  openTime: number[];
  open: number[];
  high: number[];
  low: number[];
  close: number[];
  volume: number[];
}

/** Every bar of a source as plain arrays (fine for test-sized data). */
export function collect(source: CandleSource): Bars {
  const bars: Bars = { openTime: [], open: [], high: [], low: [], close: [], volume: [] };
  for (const chunk of source.chunks()) appendChunk(bars, chunk);
  return bars;
}

export function appendChunk(bars: Bars, chunk: BarChunk): void {
  for (let i = 0; i < chunk.length; i++) {
    bars.openTime.push(chunk.openTime[i] ?? Number.NaN);
    bars.open.push(chunk.open[i] ?? Number.NaN);
    bars.high.push(chunk.high[i] ?? Number.NaN);
    bars.low.push(chunk.low[i] ?? Number.NaN);
    bars.close.push(chunk.close[i] ?? Number.NaN);
    bars.volume.push(chunk.volume[i] ?? Number.NaN);
  }
}

/** A fresh temporary folder and a cleanup for afterEach/afterAll. */
export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'drl-candles-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export const iso = (ms: number): string => new Date(ms).toISOString();
