import { basename } from 'node:path';
import { BINANCE_KLINE_COLUMNS, BINANCE_LAYOUT } from './binanceKlines.js';
import { readHead } from './csvBlocks.js';
import { isNumericField } from './decimal.js';
import { RowScanner } from './csvRows.js';
import type { CsvLayout } from './csvRows.js';
import { genericLayout } from './genericCsv.js';
import { parseTimeField } from './timeParse.js';

/**
 * What a candle file holds, learned from its first lines only: the format and the first open time.
 * Files are ordered by that time, so `2024-01-10.csv` sorts after `2024-01-09.zip` and a file
 * named out of order still lands in place.
 */
export interface FilePlan {
  readonly path: string;
  readonly zip: boolean;
  /** null for a file without any non-blank line. */
  readonly layout: CsvLayout | null;
  /** Open time (ms) of the first data row whose time parses; +Infinity when none does. */
  readonly firstOpenTime: number;
}

export function planFile(path: string): FilePlan {
  const label = basename(path);
  const { zip, text } = readHead(path);
  const scanner = new RowScanner();
  scanner.reset(text, 0, text.length, 0);
  if (!scanner.next()) return { path, zip, layout: null, firstOpenTime: Number.POSITIVE_INFINITY };
  let layout: CsvLayout;
  if (isNumericField(text, scanner.start(0), scanner.end(0))) {
    if (scanner.fields !== BINANCE_KLINE_COLUMNS) {
      throw new Error(
        `${label}: a file without a header must have Binance's ${BINANCE_KLINE_COLUMNS} kline columns, but line ${scanner.lineNo} has ${scanner.fields}`,
      );
    }
    layout = BINANCE_LAYOUT;
  } else {
    const header = Array.from({ length: Math.min(scanner.fields, 256) }, (_, k) => scanner.fieldText(k));
    layout = genericLayout(header, label);
  }
  let firstOpenTime = Number.POSITIVE_INFINITY;
  let row = layout.hasHeader ? scanner.next() : true;
  while (row) {
    if (scanner.fields === layout.columns) {
      const t = parseTimeField(text, scanner.start(layout.time), scanner.end(layout.time));
      if (Number.isFinite(t)) {
        firstOpenTime = t;
        break;
      }
    }
    row = scanner.next();
  }
  return { path, zip, layout, firstOpenTime };
}

/** Earliest first; files without a readable time last; ties by path so the order is stable. */
export function compareByFirstOpenTime(a: FilePlan, b: FilePlan): number {
  if (a.firstOpenTime !== b.firstOpenTime) {
    return a.firstOpenTime < b.firstOpenTime ? -1 : 1;
  }
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}
