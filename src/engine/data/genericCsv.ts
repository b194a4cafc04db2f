import { MAX_FIELDS } from './csvRows.js';
import { printable } from '../core/printable.js';
import type { CsvLayout } from './csvRows.js';

/**
 * OHLCV CSV files from anywhere: a header names the columns, in any order, and extra columns are
 * ignored. The time column may hold epoch s / ms / µs or ISO-8601 text (see timeParse.ts).
 */

/** Accepted names for the time column, most specific first (a file with both `time` and `date` uses `time`). */
export const TIME_COLUMN_NAMES = ['open_time', 'timestamp', 'datetime', 'time', 'date'] as const;
const PRICE_COLUMNS = ['open', 'high', 'low', 'close', 'volume'] as const;

/** `Open Time`, `open_time` and `OPEN-TIME` are the same name. */
function normalize(name: string): string {
  return name
    .replace(/^\uFEFF/, '')
    .trim()
    .replace(/^"|"$/g, '')
    .toLowerCase()
    .replace(/[\s_-]+/g, '');
}

/**
 * Column positions from a header row; throws an Error with a one-line reason naming `label` when
 * the time column or one of open/high/low/close/volume is missing.
 */
export function genericLayout(header: readonly string[], label: string): CsvLayout {
  const names = header.map(normalize);
  const find = (name: string): number => names.indexOf(normalize(name));
  const time = TIME_COLUMN_NAMES.map(find).find((k) => k >= 0) ?? -1;
  if (time < 0) {
    throw new Error(
      // Control characters (a binary file read as text) would break the one-line message.
      `${label}: no time column in the header (expected one of ${TIME_COLUMN_NAMES.join(', ')}; found ${printable(header.slice(0, 12).join(', '), 160)})`,
    );
  }
  const [open = -1, high = -1, low = -1, close = -1, volume = -1] = PRICE_COLUMNS.map(find);
  const missing = PRICE_COLUMNS.filter((name) => find(name) < 0);
  if (missing.length > 0) throw new Error(`${label}: the header has no ${missing.join(', ')} column`);
  if (Math.max(time, open, high, low, close, volume) >= MAX_FIELDS) {
    throw new Error(`${label}: the candle columns must be among the first ${MAX_FIELDS}`);
  }
  return { kind: 'generic', hasHeader: true, columns: header.length, time, open, high, low, close, volume };
}
