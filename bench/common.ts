import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { openCandles } from '../src/engine/data/openCandles.js';

export const ROOT = resolve(import.meta.dirname, '..');
/** The shared Binance klines (ETHUSDT/, BTCUSDT/) beside the repo, or null in a fresh clone. */
export const SHARED_BINANCE = resolve(ROOT, '../shared/data/binance');
const SHARED = SHARED_BINANCE;
/** The 131,040 real ETHUSDT Q1-2024 bars when ../shared is beside the repo, else the bundled demo days. */
export const BENCH_DATA = existsSync(SHARED)
  ? `${SHARED}/ETHUSDT/ETHUSDT-1m-2024-*.zip`
  : resolve(ROOT, 'data');
export const BENCH_NOTE = existsSync(SHARED)
  ? 'ETHUSDT Q1-2024, 131,040 real 1-minute bars (../shared/data)'
  : 'the bundled demo days only: ../shared/data is not beside this clone, so figures are not comparable';

export interface Bars {
  readonly n: number;
  readonly openTime: Float64Array;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
}

export function loadBars(path = BENCH_DATA): Bars {
  const src = openCandles(path);
  const chunks = [...src.chunks()];
  const n = chunks.reduce((s, c) => s + c.length, 0);
  const cols = ['openTime', 'open', 'high', 'low', 'close', 'volume'] as const;
  const out = Object.fromEntries(cols.map((k) => [k, new Float64Array(n)])) as Record<
    (typeof cols)[number],
    Float64Array
  >;
  let off = 0;
  for (const c of chunks) {
    for (const k of cols) out[k].set(c[k], off);
    off += c.length;
  }
  return { n, ...out };
}

/** CPU seconds (user + system) of this process since `from`: robust to other jobs on a shared machine. */
export function cpuSeconds(from: NodeJS.CpuUsage): number {
  const u = process.cpuUsage(from);
  return (u.user + u.system) / 1e6;
}

export const mb = (bytes: number): number => Math.round((bytes / 2 ** 20) * 10) / 10;
/** Millions, for a unit written after it ("1.33 M bars/CPU-s"). */
export const fmtRate = (x: number): string => `${(x / 1e6).toFixed(2)} M`;
