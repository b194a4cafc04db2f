import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runBacktest } from '../../src/engine/backtest.js';
import type { BacktestReport } from '../../src/engine/report/backtestReport.js';
import { PerformanceTracker } from '../../src/engine/report/performanceTracker.js';
import { journalPathFor, runMultiBacktest } from '../../src/engine/multiBacktest.js';
import type { MultiBacktestOptions, MultiBacktestResult } from '../../src/engine/multiBacktest.js';
import { SKIP_REASONS } from '../../src/engine/report/outcomeCounts.js';
import { verifyJournal } from '../../src/engine/verify/verifyJournal.js';
import { BTC_31, ETH_30, ETH_31, MODEL, tempFolder } from './support.js';

const dir = tempFolder('multi-bt');
const ETH_FILES = [ETH_30, ETH_31];

const base: MultiBacktestOptions = {
  // ETH has a day BTC does not: the account carries BTC's start cash through it.
  data: [ETH_30, ETH_31, BTC_31],
  symbols: ['ETHUSDT', 'BTCUSDT'],
  market: 'spot',
  strategy: 'ensemble',
  modelDir: MODEL,
  sentimentDir: null,
  startCash: 10_000,
  feeRate: 0.001,
  slippageBps: 1,
};

function withoutRuntime(r: BacktestReport): Omit<BacktestReport, 'runtime'> {
  const { runtime: _runtime, ...rest } = r;
  return rest;
}

async function single(data: string[], journalPath: string | null = null): Promise<BacktestReport> {
  const r = await runBacktest({ ...base, data, startCash: base.startCash / 2, journalPath });
  return r.report;
}

interface Decision {
  t: number;
  equity: number;
  position: number;
}

function decisions(path: string): Decision[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.length > 0)
    .map(
      (l) =>
        JSON.parse(l) as { type: string; bar?: { openTime: number }; equity?: number; position?: number },
    )
    .filter((r) => r.type === 'decision')
    .map((r) => ({ t: r.bar!.openTime, equity: r.equity!, position: r.position! }));
}

let run: MultiBacktestResult;
const journal = join(dir, 'j.jsonl');

beforeAll(async () => {
  run = await runMultiBacktest({ ...base, journalPath: journal });
});

describe('runMultiBacktest (real ETH and BTC candles, the shipped model)', () => {
  it('returns per-symbol reports identical to single-symbol backtests with startCash / N', async () => {
    const eth = await single(ETH_FILES);
    const btc = await single([BTC_31]);
    expect([...run.symbols.keys()]).toEqual(['ETHUSDT', 'BTCUSDT']);
    expect(run.symbols.get('ETHUSDT')!.fingerprint.sha256).toBe(eth.fingerprint.sha256);
    expect(run.symbols.get('BTCUSDT')!.fingerprint.sha256).toBe(btc.fingerprint.sha256);
    expect(
      run.symbols.get('ETHUSDT')!.metrics.orders,
      'the run trades: the comparison means something',
    ).toBeGreaterThan(0);
    expect(withoutRuntime(run.symbols.get('ETHUSDT')!)).toEqual(withoutRuntime(eth));
    expect(withoutRuntime(run.symbols.get('BTCUSDT')!)).toEqual(withoutRuntime(btc));
    expect(
      run.symbols.get('BTCUSDT')!.meta.params.filters,
      'BTC keeps its own exchange filters',
    ).toMatchObject({
      symbol: 'BTCUSDT',
      stepSize: '0.00001',
    });
  });

  it('returns the combined account starting at startCash and ending at the sum of the symbols', () => {
    const eth = run.symbols.get('ETHUSDT')!.metrics;
    const btc = run.symbols.get('BTCUSDT')!.metrics;
    const c = run.combined.metrics;
    expect(eth.startEquity).toBe(5_000);
    expect(btc.startEquity).toBe(5_000);
    expect(c.startEquity).toBe(10_000);
    expect(c.finalEquity).toBe(eth.finalEquity + btc.finalEquity);
    expect(c.bars, 'one mark per minute of either symbol').toBe(2880);
    expect(run.combined.meta.period).toEqual({ from: '2024-03-30T00:00:00Z', to: '2024-04-01T00:00:00Z' });
  });

  it('returns an equity curve equal, minute by minute, to the sum of the journaled per-symbol equities', () => {
    const [eth, btc] = run.journals.map(decisions);
    // Rebuilt independently: each minute, each symbol's latest journaled equity (5,000 before its first bar).
    const tracker = new PerformanceTracker({ startEquity: 10_000, feeRate: 0.001 });
    const last = [5_000, 5_000];
    const pos = [0, 0];
    const times = [...new Set([...eth!, ...btc!].map((d) => d.t))].sort((a, b) => a - b);
    let i = 0;
    let j = 0;
    for (const t of times) {
      for (; i < eth!.length && eth![i]!.t === t; i++)
        [last[0], pos[0]] = [eth![i]!.equity, eth![i]!.position];
      for (; j < btc!.length && btc![j]!.t === t; j++)
        [last[1], pos[1]] = [btc![j]!.equity, btc![j]!.position];
      const equity = 0 + last[0]! + last[1]!;
      tracker.onBar(t, 1, equity, (Math.abs(pos[0]! * last[0]!) + Math.abs(pos[1]! * last[1]!)) / equity);
    }
    const want = tracker.summary();
    const got = run.combined.metrics;
    expect(eth!.length + btc!.length).toBe(4320);
    for (const k of [
      'bars',
      'finalEquity',
      'totalReturnPct',
      'sharpe',
      'sortino',
      'dailySharpe',
      'dailySortino',
      'cagrPct',
      'calmar',
      'maxDrawdown',
      'exposurePct',
    ] as const) {
      expect(got[k], k).toEqual(want[k]);
    }
  });

  it('returns counts summed over the symbols and a basket buy-and-hold', () => {
    const rs = [...run.symbols.values()];
    const c = run.combined;
    const sum = (f: (r: BacktestReport) => number): number => rs.reduce((s, r) => s + f(r), 0);
    expect(c.metrics.orders).toBe(sum((r) => r.metrics.orders));
    expect(c.metrics.totalFees).toBeCloseTo(
      sum((r) => r.metrics.totalFees),
      9,
    );
    expect(c.metrics.trades.closed).toBe(sum((r) => r.metrics.trades.closed));
    expect(c.metrics.trades.wins).toBe(sum((r) => r.metrics.trades.wins));
    for (const reason of SKIP_REASONS) expect(c.skips[reason], reason).toBe(sum((r) => r.skips[reason]));
    for (const [k, a] of c.agents.agents.entries()) {
      expect(a.votes.long, a.agent).toBe(sum((r) => r.agents.agents[k]!.votes.long));
      expect(a.total, a.agent).toBe(sum((r) => r.agents.agents[k]!.total));
    }
    expect(c.meta.dataQuality.bars).toBe(4320);
    expect(c.fingerprint.fills).toBe(sum((r) => r.fingerprint.fills));
    // The basket: 5,000 in each at its first close. Its return is the mean of the two close-to-close returns.
    const mean = sum((r) => r.metrics.buyAndHold.returnPct!) / 2;
    expect(c.metrics.buyAndHold.returnPct).toBeCloseTo(mean, 9);
    expect(c.meta.symbol).toBe('ETHUSDT+BTCUSDT');
    expect(c.account.perSymbol.map((s) => s.symbol)).toEqual(['ETHUSDT', 'BTCUSDT']);
  });

  it('returns the combined fingerprint as sha256 over the per-symbol fingerprints in order, the same on a rerun', async () => {
    const lines = [...run.symbols].map(
      ([s, r]) => `${s} ${r.fingerprint.format} ${r.fingerprint.fills} ${r.fingerprint.sha256}\n`,
    );
    const want = createHash('sha256')
      .update(`drl-tui-multi-v1\n${lines.join('')}`)
      .digest('hex');
    expect(run.combined.fingerprint.sha256).toBe(want);
    const again = await runMultiBacktest(base);
    expect(again.combined.fingerprint.sha256, 'deterministic').toBe(run.combined.fingerprint.sha256);
    expect(withoutRuntime(again.combined)).toEqual(withoutRuntime(run.combined));
    const swapped = await runMultiBacktest({ ...base, symbols: ['BTCUSDT', 'ETHUSDT'] });
    expect(swapped.symbols.get('ETHUSDT')!.fingerprint, 'each engine is independent of the order').toEqual(
      run.symbols.get('ETHUSDT')!.fingerprint,
    );
    expect(swapped.combined.fingerprint.sha256, 'the combined digest follows --symbols order').not.toBe(
      run.combined.fingerprint.sha256,
    );
  });

  it('returns one journal per symbol, each the single-symbol journal and each verified identical', async () => {
    expect(run.journals).toEqual([join(dir, 'j.ETHUSDT.jsonl'), join(dir, 'j.BTCUSDT.jsonl')]);
    const alone = join(dir, 'alone.jsonl');
    await single(ETH_FILES, alone);
    expect(readFileSync(run.journals[0]!, 'utf8'), 'byte for byte').toBe(readFileSync(alone, 'utf8'));
    for (const [k, path] of run.journals.entries()) {
      const v = await verifyJournal(path);
      expect(v.status, path).toBe('identical');
      expect(v.segments[0]!.fingerprint).toBe([...run.symbols.values()][k]!.fingerprint.sha256);
    }
  });
});

describe('runMultiBacktest errors', () => {
  it('returns a one-line error for a symbol without data, a file of an unlisted symbol, and mixed quote assets', async () => {
    const j = join(dir, 'bad.jsonl');
    await expect(runMultiBacktest({ ...base, data: ETH_FILES, journalPath: j })).rejects.toThrow(
      /^no candle files for BTCUSDT in .*\(expected BTCUSDT-1m-YYYY-MM-DD.zip files or a BTCUSDT\/ folder\)$/,
    );
    await expect(runMultiBacktest({ ...base, symbols: ['BTCUSDT'], journalPath: j })).rejects.toThrow(
      'ETHUSDT-1m-2024-03-30.zip holds ETHUSDT candles, but --symbols lists only BTCUSDT',
    );
    await expect(
      runMultiBacktest({ ...base, symbols: ['ETHUSDT', 'ETHBTC'], journalPath: j }),
    ).rejects.toThrow(
      '--symbols ETHUSDT,ETHBTC are quoted in USDT and BTC: one account needs one quote asset',
    );
    expect(existsSync(journalPathFor(j, 'ETHUSDT')), 'nothing is written for a refused run').toBe(false);
  });

  it('returns per-symbol journal names beside the given one', () => {
    expect(journalPathFor('runs/j.jsonl', 'BTCUSDT')).toBe('runs/j.BTCUSDT.jsonl');
    expect(journalPathFor('runs/j', 'BTCUSDT')).toBe('runs/j.BTCUSDT.jsonl');
    expect(journalPathFor('a.b/j.log', 'ETHUSDT')).toBe('a.b/j.ETHUSDT.log');
  });
});
