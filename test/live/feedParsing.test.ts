import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/engine/core/rng.js';
import { backoffDelay, parseKlineFrame } from '../../src/engine/feed/binanceKlineStream.js';
import { FeedQueue } from '../../src/engine/feed/feedQueue.js';
import { LiveFeed } from '../../src/engine/feed/liveFeed.js';
import { parseKlineRow, parseRetryAfterMs } from '../../src/engine/feed/restBackfill.js';
import { cmpDecimal, parseSymbolFilters } from '../../src/engine/execution/binanceFilters.js';

/** The kline event as Binance documents it, with a real ETHUSDT minute (2024-03-29 00:00 UTC). */
const frame = {
  e: 'kline',
  E: 1711670460001,
  s: 'ETHUSDT',
  k: {
    t: 1711670400000,
    T: 1711670459999,
    s: 'ETHUSDT',
    i: '1m',
    f: 1400000000,
    L: 1400000554,
    o: '3560.49000000',
    c: '3560.50000000',
    h: '3560.61000000',
    l: '3559.60000000',
    v: '145.29020000',
    n: 555,
    x: true,
    q: '517253.38737600',
    V: '91.71470000',
    Q: '326513.41731400',
    B: '0',
  },
};
const text = (patch: Record<string, unknown> = {}, top: Record<string, unknown> = {}) =>
  JSON.stringify({ ...frame, ...top, k: { ...frame.k, ...patch } });

describe('kline frame parsing', () => {
  it('returns the bar and the closed flag from a Binance kline event', () => {
    expect(parseKlineFrame(text(), 'ETHUSDT')).toEqual({
      ok: true,
      value: {
        bar: {
          openTime: 1711670400000,
          open: 3560.49,
          high: 3560.61,
          low: 3559.6,
          close: 3560.5,
          volume: 145.2902,
          closeTime: 1711670459999,
        },
        closed: true,
        eventTime: 1711670460001,
      },
    });
    const open = parseKlineFrame(text({ x: false }), 'ETHUSDT');
    expect(open.ok && open.value?.closed).toBe(false);
    const wrapped = parseKlineFrame(JSON.stringify({ stream: 'ethusdt@kline_1m', data: frame }), 'ETHUSDT');
    expect(wrapped.ok && wrapped.value?.bar.close, 'combined-stream wrapper').toBe(3560.5);
    expect(parseKlineFrame('{"result":null,"id":1}', 'ETHUSDT')).toEqual({ ok: true, value: null });
  });

  it('returns a one-line error for everything that is not exactly a 1m kline of the symbol', () => {
    const bad = [
      'nope',
      '[1,2,3]',
      text({}, { e: 'trade' }),
      text({}, { s: 'BTCUSDT' }),
      text({ i: '5m' }),
      text({ o: 3560.49 }), // a number, not Binance's decimal string
      text({ c: 'NaN' }),
      text({ c: '1e3' }),
      text({ h: '3000.00000000' }), // high below open/close
      text({ t: 1711670400001 }), // not on a minute
      text({ T: 1711670460000 }),
      text({ x: 'true' }),
      text({ v: '-1' }),
    ];
    for (const b of bad) {
      const r = parseKlineFrame(b, 'ETHUSDT');
      expect(r.ok, b).toBe(false);
      if (!r.ok) expect(r.error.length).toBeLessThanOrEqual(100);
    }
  });

  it('returns a bar from a REST klines row and refuses malformed rows', () => {
    const row = [
      1711670400000,
      '3560.49000000',
      '3560.61000000',
      '3559.60000000',
      '3560.50000000',
      '145.29020000',
      1711670459999,
      '517253.38737600',
      555,
      '91.71470000',
      '326513.41731400',
      '0',
    ];
    expect(parseKlineRow(row)).toMatchObject({ ok: true, value: { close: 3560.5, openTime: 1711670400000 } });
    expect(parseKlineRow(row.slice(0, 5)).ok).toBe(false);
    expect(parseKlineRow({}).ok).toBe(false);
  });

  it('returns Retry-After in ms from seconds, an HTTP date, or a 418 "banned until"', () => {
    expect(parseRetryAfterMs('30', '', 0)).toBe(30_000);
    expect(
      parseRetryAfterMs('Wed, 21 Oct 2015 07:28:10 GMT', '', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT')),
    ).toBe(10_000);
    expect(
      parseRetryAfterMs(
        null,
        'Way too many requests; IP(1.2.3.4) banned until 1700000120000. Please use the websocket',
        1700000000000,
      ),
    ).toBe(120_000);
    expect(parseRetryAfterMs(null, 'Too many requests', 0)).toBeNull();
  });

  it('returns seeded, capped exponential backoff with jitter', () => {
    const cfg = { baseMs: 100, maxMs: 5000, jitter: 0.5 };
    const a = Array.from({ length: 10 }, (_, n) => backoffDelay(n, cfg, new Rng(3)));
    const b = Array.from({ length: 10 }, (_, n) => backoffDelay(n, cfg, new Rng(3)));
    expect(a, 'same seed, same delays').toEqual(b);
    a.forEach((d, n) => {
      const cap = Math.min(5000, 100 * 2 ** n);
      expect(d).toBeGreaterThanOrEqual(cap * 0.5);
      expect(d).toBeLessThanOrEqual(cap);
    });
    expect(backoffDelay(40, { ...cfg, jitter: 0 }, new Rng(1))).toBe(5000);
  });
});

describe('FeedQueue', () => {
  it('returns every bar in order and only the latest of consecutive waiting ticks', async () => {
    const q = new FeedQueue<string>();
    q.push('bar1');
    q.push('tick1', true);
    q.push('tick2', true);
    q.push('bar2');
    q.push('tick3', true);
    q.close();
    q.push('late');
    const got: string[] = [];
    for await (const v of q) got.push(v);
    expect(got).toEqual(['bar1', 'tick2', 'bar2', 'tick3']);
    expect(() => q[Symbol.asyncIterator](), 'a single consumer').toThrow(/single consumer/);
  });
});

describe('exchange filters', () => {
  it('returns legacy MIN_NOTIONAL when NOTIONAL is absent, and ignores notional rules that skip market orders', () => {
    const info = (filters: unknown[]) => ({
      symbols: [{ symbol: 'ETHUSDT', status: 'TRADING', baseAsset: 'ETH', quoteAsset: 'USDT', filters }],
    });
    const base = [
      { filterType: 'PRICE_FILTER', tickSize: '0.01000000' },
      { filterType: 'LOT_SIZE', minQty: '0.00010000', maxQty: '9000.00000000', stepSize: '0.00010000' },
    ];
    const legacy = parseSymbolFilters(
      info([...base, { filterType: 'MIN_NOTIONAL', minNotional: '10.00000000', applyToMarket: true }]),
      'ethusdt',
      'spot',
    );
    expect(legacy.ok && legacy.value.minNotional).toBe(10);
    const skip = parseSymbolFilters(
      info([...base, { filterType: 'NOTIONAL', minNotional: '5.00000000', applyMinToMarket: false }]),
      'ETHUSDT',
      'spot',
    );
    expect(skip.ok && skip.value.minNotional).toBe(0);
    expect(parseSymbolFilters(info(base), 'BTCUSDT', 'spot')).toEqual({
      ok: false,
      error: 'exchangeInfo does not list BTCUSDT',
    });
    expect(parseSymbolFilters(info([base[0]]), 'ETHUSDT', 'spot').ok, 'no LOT_SIZE').toBe(false);
    expect(cmpDecimal('0.00010000', '0.0001')).toBe(0);
    expect(cmpDecimal('2000', '3000.5')).toBe(-1);
  });
});

describe('LiveFeed configuration', () => {
  it('returns a one-line error at construction for unusable market URLs', () => {
    expect(() => new LiveFeed({ symbol: 'ETHUSDT', wsBase: 'https://stream.binance.com' })).toThrow(
      'market WebSocket URL https://stream.binance.com must use ws:// or wss://',
    );
    expect(() => new LiveFeed({ symbol: 'ETHUSDT', restBase: 'api.binance.com' })).toThrow(
      /market REST URL "api.binance.com" is not a URL/,
    );
  });
});
