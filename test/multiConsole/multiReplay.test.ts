import { describe, expect, it } from 'vitest';
import { runBacktest } from '../../src/engine/backtest.js';
import { runMultiReplay } from '../../src/engine/multiReplay.js';
import { DEMO, twoSymbols } from './support.js';
import { join } from 'node:path';

describe('two symbols replayed in one process (bundled ETHUSDT + BTCUSDT, 2024-03-29 … 31)', () => {
  it('returns each symbol the fills of its own backtest, and an account that is their sum', async () => {
    const { set, sources, clock } = await twoSymbols();
    const n = await runMultiReplay(set, sources, {
      speed: 'max',
      clock,
      signal: new AbortController().signal,
    });
    expect(n, 'every bar of both symbols').toBe(2 * 3 * 1440);
    for (const [k, symbol] of set.symbols.entries()) {
      const alone = await runBacktest({
        data: symbol === 'ETHUSDT' ? join(DEMO, 'ETHUSDT-1m-2024-03-*.zip') : join(DEMO, 'BTCUSDT'),
        market: 'spot',
        strategy: 'ensemble',
        modelDir: null,
        sentimentDir: null,
        startCash: 5_000,
        feeRate: 0.001,
        slippageBps: 1,
      });
      const e = set.engines[k]!;
      expect(e.barsProcessed).toBe(alone.report.meta.bars);
      expect(e.parts.fingerprint.digest(), `${symbol}: same fills as its single-symbol backtest`).toBe(
        alone.report.fingerprint.sha256,
      );
    }
    const a = set.getAccountSnapshot();
    const sum = set.engines.reduce((s, e) => s + e.parts.portfolio.equity(e.lastPrice), 0);
    expect(a.totals.equity).toBeCloseTo(sum, 9);
    expect(a.totals.fills).toBe(set.engines.reduce((s, e) => s + e.parts.portfolio.trades, 0));
    expect(a.rows.map((r) => r.symbol)).toEqual(['ETHUSDT', 'BTCUSDT']);
    expect(set.all.getSnapshot().equityCurve.length, 'the combined curve is bounded').toBeLessThanOrEqual(
      601,
    );
    expect(set.engines.every((e) => e.feedStatus === 'ended')).toBe(true);
  });

  it('returns pause and resume for every engine from the summary tab, and one quit', async () => {
    const { set } = await twoSymbols();
    const quits: string[] = [];
    set.engines.forEach((e, k) => e.onCommand((c) => c.type === 'quit' && quits.push(set.symbols[k]!)));
    set.all.send({ type: 'pause' });
    expect(set.engines.map((e) => e.trading)).toEqual(['PAUSED', 'PAUSED']);
    expect(set.all.getSnapshot().trading).toBe('PAUSED');
    set.engines[1]!.send({ type: 'resume' });
    expect(set.all.getSnapshot().trading, 'one symbol trading: the account is trading').toBe('TRADING');
    set.all.send({ type: 'quit', keepPosition: true });
    expect(quits, 'quit is the process’s: sent once').toEqual(['ETHUSDT']);
  });

  it('stops at once when aborted, with the bars done so far', async () => {
    const { set, sources, clock } = await twoSymbols(false);
    const abort = new AbortController();
    const run = runMultiReplay(set, sources, { speed: 600, clock, signal: abort.signal });
    abort.abort();
    expect(await run).toBeLessThan(8640);
  });
});
