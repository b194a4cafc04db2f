import type { CsvLayout } from './csvRows.js';

/**
 * Binance's public kline files (data.binance.vision): one CSV per daily or monthly zip, no header,
 * 12 columns — open_time, open, high, low, close, volume, close_time, quote_volume, trades,
 * taker_buy_base, taker_buy_quote, ignore. open_time is epoch ms, or µs in files from 2025 on;
 * the row parser tells them apart by magnitude. A file that does carry a header line is read as
 * a generic CSV, which knows the `open_time` column by name.
 */

export const BINANCE_KLINE_COLUMNS = 12;

export const BINANCE_LAYOUT: CsvLayout = {
  kind: 'binance',
  hasHeader: false,
  columns: BINANCE_KLINE_COLUMNS,
  time: 0,
  open: 1,
  high: 2,
  low: 3,
  close: 4,
  volume: 5,
};

export interface KlineFileName {
  readonly symbol: string;
  readonly interval: string;
}

const FILE_NAME = /^([A-Za-z0-9]{2,30})-(\d+[smhdw]|1mo|1M)-\d{4}-\d{2}(?:-\d{2})?\.(?:zip|csv)$/;

/** `ETHUSDT-1m-2024-01-01.zip` → { symbol: 'ETHUSDT', interval: '1m' }; null for other names. */
export function parseKlineFileName(fileName: string): KlineFileName | null {
  const m = FILE_NAME.exec(fileName);
  if (m === null) return null;
  const [, symbol = '', interval = ''] = m;
  return { symbol: symbol.toUpperCase(), interval };
}
