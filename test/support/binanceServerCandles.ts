import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { unzipSync } from 'fflate';

/**
 * Real Binance 1-minute candles for the test server, kept as the exchange's own strings so REST and
 * WebSocket payloads carry exactly what Binance would send ("3560.49000000", not 3560.49).
 */
export interface ServerCandle {
  readonly openTime: number;
  readonly open: string;
  readonly high: string;
  readonly low: string;
  readonly close: string;
  readonly volume: string;
  readonly closeTime: number;
  readonly quoteVolume: string;
  readonly trades: number;
  readonly takerBase: string;
  readonly takerQuote: string;
}

export const LIVE_FIXTURES = resolve(import.meta.dirname, '../fixtures/live');
export const LIVE_FIXTURE_FILES = ['ETHUSDT-1m-2024-03-29.zip', 'ETHUSDT-1m-2024-03-30.zip'].map((f) =>
  resolve(LIVE_FIXTURES, f),
);

const cache = new Map<string, readonly ServerCandle[]>();

/** Reads data.binance.vision daily kline zips (12 columns, no header; ms or µs open times). Cached. */
export function loadCandles(files: readonly string[] = LIVE_FIXTURE_FILES): readonly ServerCandle[] {
  const key = files.join('|');
  const hit = cache.get(key);
  if (hit) return hit;
  const out: ServerCandle[] = [];
  for (const file of files) {
    const entries = unzipSync(readFileSync(file));
    for (const bytes of Object.values(entries)) {
      for (const line of new TextDecoder().decode(bytes).split(/\r?\n/)) {
        const c = line.split(',');
        if (c.length < 11 || !/^\d+$/.test(c[0] ?? '')) continue;
        const scale = (c[0] ?? '').length > 13 ? 1000 : 1;
        out.push({
          openTime: Math.floor(Number(c[0]) / scale),
          open: c[1] ?? '',
          high: c[2] ?? '',
          low: c[3] ?? '',
          close: c[4] ?? '',
          volume: c[5] ?? '',
          closeTime: Math.floor(Number(c[6]) / scale),
          quoteVolume: c[7] ?? '',
          trades: Number(c[8]),
          takerBase: c[9] ?? '',
          takerQuote: c[10] ?? '',
        });
      }
    }
  }
  out.sort((a, b) => a.openTime - b.openTime);
  cache.set(key, out);
  return out;
}

/**
 * The state of a candle `step` of `steps` updates into its minute. The daily files keep only the
 * final state, so intra-minute states are interpolated between open and the final close (always
 * inside the final high/low); step === steps is the final, closed candle.
 */
export function partialCandle(c: ServerCandle, step: number, steps: number): ServerCandle {
  if (step >= steps) return c;
  const f = step / steps;
  const o = Number(c.open);
  const close = o + (Number(c.close) - o) * f;
  const fmt = (x: number): string => x.toFixed(8);
  return {
    ...c,
    close: fmt(close),
    high: fmt(Math.max(o, close)),
    low: fmt(Math.min(o, close)),
    volume: fmt(Number(c.volume) * f),
    quoteVolume: fmt(Number(c.quoteVolume) * f),
    trades: Math.floor(c.trades * f),
    takerBase: fmt(Number(c.takerBase) * f),
    takerQuote: fmt(Number(c.takerQuote) * f),
  };
}

/** Binance's kline stream event (`<symbol>@kline_1m`), field for field. */
export function klineEvent(
  symbol: string,
  c: ServerCandle,
  closed: boolean,
  eventTime: number,
  firstTradeId: number,
): Record<string, unknown> {
  return {
    e: 'kline',
    E: eventTime,
    s: symbol,
    k: {
      t: c.openTime,
      T: c.closeTime,
      s: symbol,
      i: '1m',
      f: firstTradeId,
      L: firstTradeId + Math.max(c.trades, 1) - 1,
      o: c.open,
      c: c.close,
      h: c.high,
      l: c.low,
      v: c.volume,
      n: c.trades,
      x: closed,
      q: c.quoteVolume,
      V: c.takerBase,
      Q: c.takerQuote,
      B: '0',
    },
  };
}

/** One row of GET /api/v3/klines (and /fapi/v1/klines). */
export function klineRow(c: ServerCandle): unknown[] {
  return [
    c.openTime,
    c.open,
    c.high,
    c.low,
    c.close,
    c.volume,
    c.closeTime,
    c.quoteVolume,
    c.trades,
    c.takerBase,
    c.takerQuote,
    '0',
  ];
}
