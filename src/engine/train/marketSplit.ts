import type { FeatureParams } from '../core/types.js';
import { FeatureEngine } from '../features/featureEngine.js';
import type { BarChunk } from '../data/types.js';
import type { DataRange } from '../policy/policyJson.js';

/** Raw candle columns of one contiguous, chronological stretch of bars. */
export interface BarColumns {
  readonly length: number;
  readonly openTime: Float64Array;
  readonly open: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
}

/**
 * One chronological split (train or validation) with its 13 market features precomputed: they do
 * not depend on the agent's actions, so rollouts only add the two position terms per step.
 * `features` is row-major [bar][13], indexed by F, exactly what FeatureEngine.update returned
 * for that bar when fed the split from its first bar (a fresh engine per split, as
 * `drl-tui backtest --data <split files>` would build it).
 */
export interface MarketSplit extends BarColumns {
  readonly symbol: string;
  readonly features: Float64Array;
  readonly params: FeatureParams;
}

export const MARKET_WIDTH = 13;

/** Concatenates streamed chunks into one set of columns (a split is at most a few months of minutes). */
export function collectColumns(chunks: Iterable<BarChunk>): BarColumns {
  const parts: BarChunk[] = [];
  let n = 0;
  for (const c of chunks) {
    parts.push(c);
    n += c.length;
  }
  const openTime = new Float64Array(n);
  const open = new Float64Array(n);
  const close = new Float64Array(n);
  const volume = new Float64Array(n);
  let at = 0;
  for (const c of parts) {
    openTime.set(c.openTime.subarray(0, c.length), at);
    open.set(c.open.subarray(0, c.length), at);
    close.set(c.close.subarray(0, c.length), at);
    volume.set(c.volume.subarray(0, c.length), at);
    at += c.length;
  }
  return { length: n, openTime, open, close, volume };
}

/** Bars [from, to) of `cols` as their own columns (copies, so the halves are independent). */
export function sliceColumns(cols: BarColumns, from: number, to: number): BarColumns {
  return {
    length: to - from,
    openTime: cols.openTime.slice(from, to),
    open: cols.open.slice(from, to),
    close: cols.close.slice(from, to),
    volume: cols.volume.slice(from, to),
  };
}

/**
 * Runs a fresh FeatureEngine over the split. `sentimentAt(openTime)` is the T+1 daily score the
 * engine would use (SentimentSeries.valueAt), or omitted for 0, as in the backtest without a
 * sentiment folder.
 */
export function buildSplit(
  cols: BarColumns,
  symbol: string,
  params: FeatureParams,
  sentimentAt?: (openTime: number) => number,
): MarketSplit {
  const engine = new FeatureEngine(params);
  const features = new Float64Array(cols.length * MARKET_WIDTH);
  for (let i = 0; i < cols.length; i++) {
    const s = sentimentAt ? sentimentAt(cols.openTime[i]!) : 0;
    features.set(engine.update(cols.close[i]!, cols.volume[i]!, s), i * MARKET_WIDTH);
  }
  return { ...cols, symbol, features, params };
}

/** The split as policy.json records it: first and last bar open times (ISO UTC) and the bar count. */
export function splitRange(split: BarColumns & { readonly symbol: string }): DataRange {
  const n = split.length;
  return {
    symbol: split.symbol,
    bars: n,
    from: n > 0 ? new Date(split.openTime[0]!).toISOString() : '',
    to: n > 0 ? new Date(split.openTime[n - 1]!).toISOString() : '',
  };
}
