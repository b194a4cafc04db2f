import type { Bar, Parsed } from '../core/types.js';
import { MINUTE_MS } from '../core/types.js';
import type { Timers } from './binanceKlineStream.js';
import { checkBar, decimalField } from './binanceKlineStream.js';

/** Binance serves at most 1000 klines per request. */
export const KLINES_PAGE = 1000;

export interface KlinesRestConfig {
  readonly restBase: string; // e.g. https://api.binance.com
  readonly klinesPath: string; // /api/v3/klines (spot) or /fapi/v1/klines (USD-M)
  readonly symbol: string;
  readonly timeoutMs: number;
  readonly fetch: typeof fetch;
  readonly timers: Timers;
  /** Wall time, only to turn "banned until <ms>" and HTTP-date Retry-After into a wait. */
  readonly now: () => number;
}

export type KlinesResult =
  | { readonly ok: true; readonly bars: Bar[] }
  | { readonly ok: false; readonly error: string; readonly retryAfterMs: number | null };

/**
 * How long the exchange asked us to wait: the Retry-After header (seconds, or an HTTP date), else
 * the "banned until <epoch ms>" in a 418 message, else null (the caller picks its own backoff).
 */
export function parseRetryAfterMs(header: string | null, message: string, now: number): number | null {
  if (header !== null && header.trim() !== '') {
    const h = header.trim();
    if (/^\d+(\.\d+)?$/.test(h)) return Math.ceil(Number(h) * 1000);
    const at = Date.parse(h);
    if (Number.isFinite(at)) return Math.max(0, at - now);
  }
  const m = /banned until (\d{12,14})/.exec(message);
  if (m) return Math.max(0, Number(m[1]) - now);
  return null;
}

/** One row of GET /api/v3/klines: [openTime, "o", "h", "l", "c", "v", closeTime, ...]. */
export function parseKlineRow(row: unknown): Parsed<Bar> {
  if (!Array.isArray(row) || row.length < 7)
    return { ok: false, error: 'kline row is not an array of 7+ fields' };
  const [t, o, h, l, c, v, T] = row as unknown[];
  if (typeof t !== 'number' || typeof T !== 'number')
    return { ok: false, error: 'kline row without numeric times' };
  const open = decimalField(o);
  const high = decimalField(h);
  const low = decimalField(l);
  const close = decimalField(c);
  const volume = decimalField(v);
  if (open === null || high === null || low === null || close === null || volume === null) {
    return { ok: false, error: `kline row ${t} has a price or volume that is not a decimal string` };
  }
  const bar: Bar = { openTime: t, open, high, low, close, volume, closeTime: T };
  const bad = checkBar(bar);
  return bad === null ? { ok: true, value: bar } : { ok: false, error: `kline row ${t}: ${bad}` };
}

function oneLine(text: string, max = 160): string {
  const s = text.replace(/\s+/g, ' ').trim();
  return s.length > max ? `${s.slice(0, max - 3)}...` : s;
}

/** GET klines with openTime in [startTime, endTime], at most `limit`, with a timeout. */
export async function fetchKlines(
  cfg: KlinesRestConfig,
  startTime: number,
  endTime: number,
  limit: number,
): Promise<KlinesResult> {
  const q = new URLSearchParams({
    symbol: cfg.symbol,
    interval: '1m',
    startTime: String(startTime),
    endTime: String(endTime),
    limit: String(limit),
  });
  const url = `${cfg.restBase.replace(/\/+$/, '')}${cfg.klinesPath}?${q.toString()}`;
  const ctl = new AbortController();
  const timer = cfg.timers.setTimeout(() => ctl.abort(), cfg.timeoutMs);
  try {
    const res = await cfg.fetch(url, { signal: ctl.signal });
    const text = await res.text();
    if (res.status === 429 || res.status === 418) {
      const wait = parseRetryAfterMs(res.headers.get('retry-after'), text, cfg.now());
      return { ok: false, error: `klines rate limited (HTTP ${res.status})`, retryAfterMs: wait };
    }
    if (!res.ok)
      return { ok: false, error: `klines HTTP ${res.status}: ${oneLine(text)}`, retryAfterMs: null };
    let rows: unknown;
    try {
      rows = JSON.parse(text);
    } catch {
      return { ok: false, error: 'klines response is not JSON', retryAfterMs: null };
    }
    if (!Array.isArray(rows))
      return { ok: false, error: 'klines response is not an array', retryAfterMs: null };
    const bars: Bar[] = [];
    for (const row of rows) {
      const p = parseKlineRow(row);
      if (!p.ok) return { ok: false, error: p.error, retryAfterMs: null };
      bars.push(p.value);
    }
    return { ok: true, bars };
  } catch (err) {
    const e = err as Error;
    const reason = ctl.signal.aborted
      ? `klines request timed out after ${cfg.timeoutMs} ms`
      : oneLine(e.message);
    return { ok: false, error: reason, retryAfterMs: null };
  } finally {
    cfg.timers.clearTimeout(timer);
  }
}

/**
 * All closed klines with openTime in [from, to], paging by 1000, ascending and de-duplicated.
 * Rows outside the range (Binance appends the forming candle when endTime reaches it) are dropped.
 */
export async function fetchKlineRange(
  cfg: KlinesRestConfig,
  from: number,
  to: number,
): Promise<KlinesResult> {
  const out: Bar[] = [];
  let cursor = from;
  while (cursor <= to) {
    const page = await fetchKlines(cfg, cursor, to, KLINES_PAGE);
    if (!page.ok) return page;
    let advanced = false;
    for (const bar of page.bars) {
      if (bar.openTime < cursor || bar.openTime > to) continue;
      out.push(bar);
      cursor = bar.openTime + MINUTE_MS;
      advanced = true;
    }
    if (!advanced || page.bars.length < KLINES_PAGE) break;
  }
  return { ok: true, bars: out };
}
