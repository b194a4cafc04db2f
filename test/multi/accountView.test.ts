import { describe, expect, it } from 'vitest';
import { openCandles } from '../../src/engine/data/openCandles.js';
import { Portfolio } from '../../src/engine/execution/portfolio.js';
import { AccountView, emptyMark, markFromPortfolio } from '../../src/engine/multi/accountView.js';
import type { SymbolMark } from '../../src/engine/multi/accountView.js';
import { BTC_31, ETH_31 } from './support.js';

/** The first closes of the real ETH and BTC days (2024-03-31 00:00, 00:01, …). */
function closes(path: string, n: number): { t: number[]; c: number[] } {
  const [chunk] = openCandles(path).chunks();
  return { t: Array.from(chunk!.openTime.subarray(0, n)), c: Array.from(chunk!.close.subarray(0, n)) };
}
const ETH = closes(ETH_31, 3);
const BTC = closes(BTC_31, 3);

function mark(
  openTime: number,
  close: number,
  equity: number,
  positionFraction = 0,
  extra: Partial<SymbolMark> = {},
): SymbolMark {
  return { ...emptyMark(), openTime, close, equity, positionFraction, ...extra };
}

describe('AccountView', () => {
  it('returns startCash split equally and the combined equity as the sum before and after bars', () => {
    const a = new AccountView({ symbols: ['ETHUSDT', 'BTCUSDT'], startCash: 10_000 });
    expect(a.startCashPerSymbol).toBe(5_000);
    expect(a.totals().equity, 'no bar yet: each symbol counts with its start cash').toBe(10_000);
    a.onBar(0, mark(ETH.t[0]!, ETH.c[0]!, 5_010));
    a.onBar(1, mark(BTC.t[0]!, BTC.c[0]!, 4_980));
    expect(a.combinedEquity).toBe(5_010 + 4_980);
    a.finish();
    const m = a.curveMetrics();
    expect(m.bars, 'two bars of the same minute are one combined mark').toBe(1);
    expect(m.startEquity).toBe(10_000);
    expect(m.finalEquity).toBe(9_990);
  });

  it('returns a symbol without a bar that minute counted with its last equity', () => {
    const a = new AccountView({ symbols: ['ETHUSDT', 'BTCUSDT'], startCash: 10_000, recordSeries: true });
    a.onBar(0, mark(ETH.t[0]!, ETH.c[0]!, 5_100)); // BTC has not started: 5,000 carried
    a.onBar(0, mark(ETH.t[1]!, ETH.c[1]!, 5_200)); // closes minute 0 at 10,100
    a.onBar(1, mark(BTC.t[1]!, BTC.c[1]!, 4_900));
    a.onBar(1, mark(BTC.t[2]!, BTC.c[2]!, 4_800)); // ETH has no bar at minute 2: 5,200 carried
    a.finish();
    const s = a.series!.toJSON();
    expect(s.equity.v, 'marks: 5,100 + 5,000; 5,200 + 4,900; 5,200 + 4,800').toEqual([
      10_100, 10_100, 10_000,
    ]);
    expect(a.curveMetrics().bars).toBe(3);
    expect(a.curveMetrics().finalEquity).toBe(10_000);
  });

  it('returns the equal-weight basket as buy-and-hold: the mean of each symbol’s close-to-close return', () => {
    const a = new AccountView({ symbols: ['ETHUSDT', 'BTCUSDT'], startCash: 10_000, feeRate: 0.001 });
    for (let i = 0; i < 3; i++) {
      a.onBar(0, mark(ETH.t[i]!, ETH.c[i]!, 5_000));
      a.onBar(1, mark(BTC.t[i]!, BTC.c[i]!, 5_000));
    }
    a.finish();
    const bh = a.curveMetrics().buyAndHold;
    const expected = ((ETH.c[2]! / ETH.c[0]! + BTC.c[2]! / BTC.c[0]!) / 2 - 1) * 100;
    expect(bh.firstClose, 'the basket starts at the account’s start cash').toBeCloseTo(10_000, 9);
    expect(bh.returnPct).toBeCloseTo(expected, 9);
    expect(bh.returnAfterFeesPct).toBeCloseTo((0.999 * 0.999 * (1 + expected / 100) - 1) * 100, 9);
  });

  it('returns a late bar (earlier than the open minute) counted in the open minute', () => {
    const a = new AccountView({ symbols: ['ETHUSDT', 'BTCUSDT'], startCash: 10_000 });
    a.onBar(0, mark(ETH.t[1]!, ETH.c[1]!, 5_050));
    a.onBar(1, mark(BTC.t[0]!, BTC.c[0]!, 4_990)); // one minute late
    a.finish();
    expect(a.curveMetrics().bars).toBe(1);
    expect(a.curveMetrics().finalEquity).toBe(10_040);
    expect(a.curveMetrics().firstBarTime).toBe(ETH.t[1]);
  });

  it('returns realized P&L, fees, fills and exposure summed over the symbols', () => {
    const a = new AccountView({ symbols: ['ETHUSDT', 'BTCUSDT', 'SOLUSDT'], startCash: 9_000 });
    a.onBar(0, mark(ETH.t[0]!, ETH.c[0]!, 3_100, 0.5, { realizedPnl: 12, fees: 1.5, fills: 3 }));
    a.onBar(1, mark(BTC.t[0]!, BTC.c[0]!, 2_900, -0.25, { realizedPnl: -4, fees: 0.5, fills: 1 }));
    const t = a.totals();
    expect(t.startCash).toBe(9_000);
    expect(t.equity).toBe(3_100 + 2_900 + 3_000);
    expect(t.realizedPnl).toBe(8);
    expect(t.fees).toBe(2);
    expect(t.fills).toBe(4);
    expect(t.grossExposure).toBeCloseTo((1_550 + 725) / 9_000, 12);
    expect(t.netExposure).toBeCloseTo((1_550 - 725) / 9_000, 12);
    expect(t.symbols.map((s) => [s.symbol, s.bars, s.lastOpenTime])).toEqual([
      ['ETHUSDT', 1, ETH.t[0]],
      ['BTCUSDT', 1, BTC.t[0]],
      ['SOLUSDT', 0, null],
    ]);
    expect(t.minutes, 'the minute is still open').toBe(0);
  });

  it('returns a mark from a real portfolio: equity, position, realized P&L, fees and fills', () => {
    const p = new Portfolio(5_000, 'spot', { base: 'ETH', quote: 'USDT' });
    const price = ETH.c[0]!;
    p.applyFill({
      clientOrderId: 'x',
      symbol: 'ETHUSDT',
      side: 'BUY',
      quantity: 1,
      price,
      fee: price * 0.001,
      feeAsset: 'USDT',
      time: ETH.t[0]!,
    });
    const m = markFromPortfolio(emptyMark(), p, ETH.t[1]!, ETH.c[1]!);
    expect(m.equity).toBe(p.equity(ETH.c[1]!));
    expect(m.positionFraction).toBe(p.positionFraction(ETH.c[1]!));
    expect([m.fills, m.fees, m.realizedPnl]).toEqual([1, price * 0.001, 0]);
  });

  it('returns one-line errors for no symbols, a bad start cash and an unknown symbol index', () => {
    expect(() => new AccountView({ symbols: [], startCash: 1 })).toThrow('no symbols');
    expect(() => new AccountView({ symbols: ['ETHUSDT'], startCash: 0 })).toThrow('positive number');
    const a = new AccountView({ symbols: ['ETHUSDT'], startCash: 1_000 });
    expect(() => a.onBar(1, mark(ETH.t[0]!, ETH.c[0]!, 1_000))).toThrow('no symbol #1');
  });
});
