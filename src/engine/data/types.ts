/**
 * Candles travel through the backtest as column chunks (one Float64Array per field), never as one
 * object per row: a year of 1-minute bars as objects would cost hundreds of MB and the GC time with it.
 */
export interface BarChunk {
  readonly length: number;
  readonly openTime: Float64Array; // epoch ms (µs inputs are converted)
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
}

/** Data-quality counters, filled while streaming. Examples keep the first few of each kind. */
export interface DataQuality {
  rows: number; // data rows read (excluding headers)
  bars: number; // rows accepted and emitted
  gaps: number; // number of holes between consecutive accepted bars
  missingMinutes: number; // total minutes missing inside those holes
  duplicates: number; // same openTime as the previous accepted bar (dropped)
  outOfOrder: number; // openTime earlier than the previous accepted bar (dropped)
  invalid: number; // unparsable, NaN/Inf, high < low, negative volume, ... (skipped)
  examples: { gap: string[]; duplicate: string[]; outOfOrder: string[]; invalid: string[] };
  firstOpenTime: number | null;
  lastOpenTime: number | null;
}

export function emptyQuality(): DataQuality {
  return {
    rows: 0,
    bars: 0,
    gaps: 0,
    missingMinutes: 0,
    duplicates: 0,
    outOfOrder: 0,
    invalid: 0,
    examples: { gap: [], duplicate: [], outOfOrder: [], invalid: [] },
    firstOpenTime: null,
    lastOpenTime: null,
  };
}

/** A source of historical candles: files resolved up front, rows streamed chunk by chunk, in time order. */
export interface CandleSource {
  readonly files: readonly string[];
  readonly quality: DataQuality;
  /** Symbol guessed from file names (e.g. ETHUSDT-1m-2024-01-01.zip), or null. */
  readonly symbol: string | null;
  chunks(): Iterable<BarChunk>;
}
