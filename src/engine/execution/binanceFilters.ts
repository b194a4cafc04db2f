import type { Market, Parsed, SymbolFilters } from '../core/types.js';

/**
 * exchangeInfo → SymbolFilters for market orders.
 *
 * Spot checks a MARKET order against LOT_SIZE *and* MARKET_LOT_SIZE (whose zero step/min mean "no
 * extra rule"), and NOTIONAL.minNotional when applyMinToMarket (legacy MIN_NOTIONAL.minNotional
 * when applyToMarket). USD-M checks MARKET orders against MARKET_LOT_SIZE alone, and
 * MIN_NOTIONAL.notional. Quantities stay the exchange's exact strings.
 */

type Rec = Record<string, unknown>;

const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);
const DEC = /^\d+(?:\.\d+)?$/;

function dec(f: Rec | undefined, key: string): string | null {
  const v = f?.[key];
  return typeof v === 'string' && DEC.test(v) ? v : null;
}

/** Exact comparison of two non-negative decimal strings. */
export function cmpDecimal(a: string, b: string): number {
  const [ai = '0', af = ''] = a.split('.');
  const [bi = '0', bf = ''] = b.split('.');
  const n = Math.max(af.length, bf.length);
  const x = BigInt(ai + af.padEnd(n, '0'));
  const y = BigInt(bi + bf.padEnd(n, '0'));
  return x < y ? -1 : x > y ? 1 : 0;
}

const isZero = (d: string | null): boolean => d === null || cmpDecimal(d, '0') === 0;

export function parseSymbolFilters(info: unknown, symbol: string, market: Market): Parsed<SymbolFilters> {
  const want = symbol.toUpperCase();
  const symbols = isRec(info) && Array.isArray(info.symbols) ? info.symbols : null;
  if (!symbols) return { ok: false, error: 'exchangeInfo has no symbols list' };
  const entry = symbols.find((s): s is Rec => isRec(s) && s.symbol === want);
  if (!entry) return { ok: false, error: `exchangeInfo does not list ${want}` };
  if (entry.status !== undefined && entry.status !== 'TRADING') {
    return { ok: false, error: `${want} is not trading (status ${String(entry.status)})` };
  }
  const baseAsset = typeof entry.baseAsset === 'string' ? entry.baseAsset : null;
  const quoteAsset = typeof entry.quoteAsset === 'string' ? entry.quoteAsset : null;
  if (!baseAsset || !quoteAsset)
    return { ok: false, error: `exchangeInfo entry for ${want} lacks base/quote asset` };
  const filters = new Map<string, Rec>();
  for (const f of Array.isArray(entry.filters) ? entry.filters : []) {
    if (isRec(f) && typeof f.filterType === 'string') filters.set(f.filterType, f);
  }
  const price = filters.get('PRICE_FILTER');
  const tickSize = dec(price, 'tickSize');
  if (tickSize === null || isZero(tickSize))
    return { ok: false, error: `${want}: PRICE_FILTER.tickSize missing` };

  const lot = filters.get('LOT_SIZE');
  const mls = filters.get('MARKET_LOT_SIZE');
  let stepSize: string | null;
  let minQty: string | null;
  let maxQty: string | null;
  if (market === 'usdm') {
    const src = mls ?? lot;
    stepSize = dec(src, 'stepSize');
    minQty = dec(src, 'minQty');
    maxQty = dec(src, 'maxQty');
  } else {
    stepSize = dec(lot, 'stepSize');
    minQty = dec(lot, 'minQty');
    maxQty = dec(lot, 'maxQty');
    const mStep = dec(mls, 'stepSize');
    const mMin = dec(mls, 'minQty');
    const mMax = dec(mls, 'maxQty');
    if (stepSize && mStep && !isZero(mStep) && cmpDecimal(mStep, stepSize) > 0) stepSize = mStep;
    if (minQty && mMin && cmpDecimal(mMin, minQty) > 0) minQty = mMin;
    if (maxQty && mMax && !isZero(mMax) && cmpDecimal(mMax, maxQty) < 0) maxQty = mMax;
  }
  if (stepSize === null || minQty === null || maxQty === null || isZero(stepSize)) {
    return {
      ok: false,
      error: `${want}: ${market === 'usdm' ? 'MARKET_LOT_SIZE' : 'LOT_SIZE'} missing or zero`,
    };
  }

  let minNotional = 0;
  if (market === 'usdm') {
    minNotional = Number(dec(filters.get('MIN_NOTIONAL'), 'notional') ?? '0');
  } else {
    const notional = filters.get('NOTIONAL');
    const legacy = filters.get('MIN_NOTIONAL');
    if (notional && notional.applyMinToMarket !== false)
      minNotional = Number(dec(notional, 'minNotional') ?? '0');
    else if (legacy && legacy.applyToMarket !== false)
      minNotional = Number(dec(legacy, 'minNotional') ?? '0');
  }
  return {
    ok: true,
    value: { symbol: want, baseAsset, quoteAsset, stepSize, minQty, maxQty, tickSize, minNotional },
  };
}
