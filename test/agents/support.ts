import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { F, MARKET_FEATURES } from '../../src/engine/core/types.js';
import type { AgentInput, Bar } from '../../src/engine/core/types.js';

/**
 * Test support for the rule agents: real ETHUSDT 1-minute candles (the first 900 bars of
 * 2024-01-02, sliced unchanged from Binance's daily file in ../shared/data) and the textbook
 * indicators computed inline the way DESIGN.md defines them, so the agents see realistic
 * feature sequences without depending on the feature engine.
 */

export const FIXTURE = resolve(import.meta.dirname, '../fixtures/agents/ETHUSDT-1m-2024-01-02-first900.csv');

export function loadBars(path = FIXTURE): Bar[] {
  return readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .map((line) => {
      const c = line.split(',').map(Number);
      return {
        openTime: c[0] as number,
        open: c[1] as number,
        high: c[2] as number,
        low: c[3] as number,
        close: c[4] as number,
        volume: c[5] as number,
        closeTime: c[6] as number,
      };
    });
}

export interface FeatureRow {
  readonly bar: Bar;
  readonly rsi: number; // 0..100, NaN on the first bar
  readonly macd: number;
  readonly signal: number;
  readonly diff: number;
  readonly bbLow: number; // NaN until 20 closes
  readonly bbMid: number;
  readonly bbHigh: number;
  readonly features: Float64Array;
}

/** RSI(14) Wilder seeded with the first change; MACD(12,26,9) with EMAs seeded by the first value; BB(20, 2σ population). */
export function computeFeatures(bars: readonly Bar[]): FeatureRow[] {
  const rows: FeatureRow[] = [];
  let prev = Number.NaN;
  let avgGain = Number.NaN;
  let avgLoss = Number.NaN;
  let ema12 = Number.NaN;
  let ema26 = Number.NaN;
  let signal = Number.NaN;
  const window: number[] = [];
  for (const bar of bars) {
    const c = bar.close;
    let rsi = Number.NaN;
    if (!Number.isNaN(prev)) {
      const ch = c - prev;
      const g = Math.max(ch, 0);
      const l = Math.max(-ch, 0);
      if (Number.isNaN(avgGain)) {
        avgGain = g;
        avgLoss = l;
      } else {
        avgGain = (avgGain * 13 + g) / 14;
        avgLoss = (avgLoss * 13 + l) / 14;
      }
      rsi = avgLoss === 0 ? (avgGain === 0 ? 50 : 100) : 100 - 100 / (1 + avgGain / avgLoss);
    }
    prev = c;
    ema12 = Number.isNaN(ema12) ? c : ema12 + (2 / 13) * (c - ema12);
    ema26 = Number.isNaN(ema26) ? c : ema26 + (2 / 27) * (c - ema26);
    const macd = ema12 - ema26;
    signal = Number.isNaN(signal) ? macd : signal + (2 / 10) * (macd - signal);
    window.push(c);
    if (window.length > 20) window.shift();
    let bbLow = Number.NaN;
    let bbMid = Number.NaN;
    let bbHigh = Number.NaN;
    if (window.length === 20) {
      bbMid = window.reduce((a, b) => a + b, 0) / 20;
      const sd = Math.sqrt(window.reduce((a, b) => a + (b - bbMid) ** 2, 0) / 20);
      bbLow = bbMid - 2 * sd;
      bbHigh = bbMid + 2 * sd;
    }
    const features = new Float64Array(MARKET_FEATURES.length).fill(Number.NaN);
    features[F.rsi] = rsi / 100;
    features[F.macd] = macd;
    features[F.macd_signal] = signal;
    features[F.macd_diff] = macd - signal;
    features[F.bb_low] = bbLow;
    features[F.bb_mid] = bbMid;
    features[F.bb_high] = bbHigh;
    rows.push({ bar, rsi, macd, signal, diff: macd - signal, bbLow, bbMid, bbHigh, features });
  }
  return rows;
}

export function inputOf(row: FeatureRow): AgentInput {
  return { bar: row.bar, features: row.features, position: 0, positionChange: 0 };
}

/** A hand-built input for rule edge cases (a bar with only a close). */
export function syntheticInput(close: number, set: Partial<Record<keyof typeof F, number>>): AgentInput {
  const features = new Float64Array(MARKET_FEATURES.length).fill(Number.NaN);
  for (const [k, v] of Object.entries(set)) features[F[k as keyof typeof F]] = v;
  const bar: Bar = { openTime: 0, open: close, high: close, low: close, close, volume: 0, closeTime: 59_999 };
  return { bar, features, position: 0, positionChange: 0 };
}
