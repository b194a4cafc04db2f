import { describe, expect, it } from 'vitest';
import { openCandles } from '../../src/engine/data/openCandles.js';
import type { BarChunk } from '../../src/engine/data/types.js';
import { BarMerge } from '../../src/engine/multi/mergeBars.js';
import { BTC_31, ETH_30, ETH_31 } from './support.js';

interface Row {
  k: number;
  t: number;
  o: number;
  h: number;
  l: number;
  c: number;
  v: number;
}

function drain(m: BarMerge): Row[] {
  const out: Row[] = [];
  for (let k = m.next(); k >= 0; k = m.next()) {
    out.push({ k, t: m.openTime, o: m.open, h: m.high, l: m.low, c: m.close, v: m.volume });
  }
  return out;
}

/** Every bar of a source as rows (for checking, not how the merge works). */
function rowsOf(chunks: Iterable<BarChunk>, k: number): Row[] {
  const out: Row[] = [];
  for (const c of chunks) {
    for (let i = 0; i < c.length; i++) {
      out.push({
        k,
        t: c.openTime[i]!,
        o: c.open[i]!,
        h: c.high[i]!,
        l: c.low[i]!,
        c: c.close[i]!,
        v: c.volume[i]!,
      });
    }
  }
  return out;
}

/** The same bars re-cut into chunks of `size` (with empty chunks between), as a generator. */
function* recut(chunks: Iterable<BarChunk>, size: number): Generator<BarChunk> {
  for (const c of chunks) {
    for (let a = 0; a < c.length; a += size) {
      const b = Math.min(c.length, a + size);
      yield {
        length: 0,
        openTime: c.openTime.subarray(a, a),
        open: c.open,
        high: c.high,
        low: c.low,
        close: c.close,
        volume: c.volume,
      };
      yield {
        length: b - a,
        openTime: c.openTime.subarray(a, b),
        open: c.open.subarray(a, b),
        high: c.high.subarray(a, b),
        low: c.low.subarray(a, b),
        close: c.close.subarray(a, b),
        volume: c.volume.subarray(a, b),
      };
    }
  }
}

const MIN = 60_000;
const MAR31 = Date.UTC(2024, 2, 31);

describe('BarMerge', () => {
  it('returns every bar once, in openTime order, same-minute bars in stream order', () => {
    const eth = openCandles([ETH_30, ETH_31]);
    const btc = openCandles(BTC_31);
    const rows = drain(new BarMerge([eth.chunks(), btc.chunks()]));
    expect(rows.length, '2 ETH days + 1 BTC day').toBe(2880 + 1440);
    for (let i = 1; i < rows.length; i++) {
      const a = rows[i - 1]!;
      const b = rows[i]!;
      expect(b.t >= a.t, `bar ${i} goes back in time`).toBe(true);
      if (b.t === a.t) expect([a.k, b.k], `minute ${b.t}: ETH (stream 0) before BTC`).toEqual([0, 1]);
    }
    // 30 March: ETH alone; 31 March: one ETH and one BTC bar per minute.
    expect(rows.slice(0, 1440).every((r) => r.k === 0)).toBe(true);
    expect(rows[1440]).toMatchObject({ k: 0, t: MAR31 });
    expect(rows[1441], "BTCUSDT's first kline of the day (its close in the file)").toMatchObject({
      k: 1,
      t: MAR31,
      c: 69_618.89,
    });
    expect(rows.at(-1)).toMatchObject({ k: 1, t: MAR31 + 1439 * MIN });
    // Nothing is lost or changed on the way: each stream's bars come out as the source has them.
    expect(rows.filter((r) => r.k === 0)).toEqual(rowsOf(openCandles([ETH_30, ETH_31]).chunks(), 0));
    expect(rows.filter((r) => r.k === 1)).toEqual(rowsOf(openCandles(BTC_31).chunks(), 1));
  });

  it('returns the other symbol first at equal times when the streams are swapped', () => {
    const rows = drain(new BarMerge([openCandles(BTC_31).chunks(), openCandles(ETH_31).chunks()]));
    expect(rows.slice(0, 4).map((r) => [r.k, r.t])).toEqual([
      [0, MAR31],
      [1, MAR31],
      [0, MAR31 + MIN],
      [1, MAR31 + MIN],
    ]);
  });

  it('returns the same sequence whatever the chunk boundaries, empty chunks included', () => {
    const whole = drain(new BarMerge([openCandles([ETH_30, ETH_31]).chunks(), openCandles(BTC_31).chunks()]));
    const cut = drain(
      new BarMerge([
        recut(openCandles([ETH_30, ETH_31]).chunks(), 7),
        recut(openCandles(BTC_31).chunks(), 100),
      ]),
    );
    expect(cut).toEqual(whole);
  });

  it('returns -1 at once for no streams or only empty ones, and counts what each stream gave', () => {
    expect(new BarMerge([]).next()).toBe(-1);
    const m = new BarMerge([[], openCandles(BTC_31).chunks()]);
    drain(m);
    expect(m.taken).toEqual([0, 1440]);
  });

  it('returns the generators closed when stopped early', () => {
    let closed = 0;
    function* tracked(): Generator<BarChunk> {
      try {
        yield* openCandles(ETH_31).chunks();
      } finally {
        closed++;
      }
    }
    const m = new BarMerge([tracked(), tracked()]);
    expect(m.next()).toBe(0);
    m.stop();
    expect(closed, 'each stream was told to finish (its files get closed)').toBe(2);
    expect(m.next()).toBe(-1);
  });
});
