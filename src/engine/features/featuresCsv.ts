import type { FeatureParams } from '../core/types.js';
import type { BarChunk } from '../data/types.js';
import { FeatureEngine } from './featureEngine.js';

/** Column order of `drl-tui features`. rsi is rsi/100, as stored and as the observation uses it. */
export const FEATURES_CSV_HEADER =
  'open_time,close,z_score,zone,price_momentum,z_score_momentum,macd,macd_signal,macd_diff,rsi,bb_mid,bb_high,bb_low,obv,sentiment';

/**
 * One CSV row without the newline. String(number) is the shortest text that parses back to the
 * same double, so the file carries full precision. `values` is indexed by F (13 features).
 */
export function formatFeatureRow(openTime: number, close: number, values: ArrayLike<number>): string {
  let row = `${openTime},${close}`;
  for (let i = 0; i < 13; i++) row += `,${values[i]}`;
  return row;
}

const FLUSH_CHARS = 1 << 16;

/**
 * Streams the header and one row per bar through `out`. Lines are batched: each call to `out`
 * receives one or more complete lines, each ending in "\n". `sentimentAt(openTime)` supplies the
 * sentiment feature (default 0). Returns the number of rows written.
 */
export function writeFeaturesCsv(
  chunks: Iterable<BarChunk>,
  params: FeatureParams,
  out: (line: string) => void,
  sentimentAt?: (openTime: number) => number,
): number {
  const engine = new FeatureEngine(params);
  let buf = `${FEATURES_CSV_HEADER}\n`;
  let rows = 0;
  for (const chunk of chunks) {
    const { openTime, close, volume } = chunk;
    for (let i = 0; i < chunk.length; i++) {
      const t = openTime[i]!;
      const c = close[i]!;
      const before = engine.rejected;
      const v = engine.update(c, volume[i]!, sentimentAt ? sentimentAt(t) : 0);
      if (engine.rejected !== before) continue; // the data layer already drops such rows; never print stale values
      buf += `${formatFeatureRow(t, c, v)}\n`;
      rows++;
      if (buf.length >= FLUSH_CHARS) {
        out(buf);
        buf = '';
      }
    }
  }
  if (buf.length > 0) out(buf);
  return rows;
}
