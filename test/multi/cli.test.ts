import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { drlTui } from '../cli/run.js';
import { BTC_31, ETH_31, tempFolder } from './support.js';

const dir = tempFolder('multi-cli');

/** The text without its Runtime line (wall time differs from run to run). */
const steady = (text: string): string => text.replace(/^ {2}Runtime .*\n/m, '');

describe('drl-tui backtest --symbols (the built CLI)', () => {
  it('prints the combined report, then one per symbol, and writes the JSON, the HTML and a verifiable journal per symbol', () => {
    const json = join(dir, 'm.json');
    const journal = join(dir, 'j.jsonl');
    const r = drlTui([
      'backtest',
      '--data',
      ETH_31,
      '--data',
      BTC_31,
      '--symbols',
      'ETHUSDT,BTCUSDT',
      '--json',
      json,
      '--journal',
      journal,
    ]);
    expect(r.status, r.stderr).toBe(0);
    const out = r.stdout;
    expect(out.startsWith('drl-tui combined account: ETHUSDT, BTCUSDT\n'), out.slice(0, 200)).toBe(true);
    const order = [
      'drl-tui report: ETHUSDT+BTCUSDT ensemble',
      'drl-tui report: ETHUSDT ensemble',
      'drl-tui report: BTCUSDT ensemble',
      `Journals written to ${join(dir, 'j.ETHUSDT.jsonl')}, ${join(dir, 'j.BTCUSDT.jsonl')}`,
      `JSON report written to ${json}`,
      `HTML report written to ${join(dir, 'm.html')}`,
    ].map((s) => out.indexOf(s));
    expect(
      order.every((i) => i >= 0),
      `all sections printed: ${order.join(', ')}`,
    ).toBe(true);
    expect(
      [...order].sort((a, b) => a - b),
      'combined first, then the symbols in --symbols order',
    ).toEqual(order);

    const m = JSON.parse(readFileSync(json, 'utf8')) as {
      combined: { fingerprint: { sha256: string }; metrics: { startEquity: number; finalEquity: number } };
      symbols: Record<string, { fingerprint: { sha256: string }; metrics: { finalEquity: number } }>;
    };
    expect(Object.keys(m.symbols)).toEqual(['ETHUSDT', 'BTCUSDT']);
    expect(m.combined.metrics.startEquity).toBe(10_000);
    expect(m.combined.metrics.finalEquity).toBe(
      m.symbols.ETHUSDT!.metrics.finalEquity + m.symbols.BTCUSDT!.metrics.finalEquity,
    );
    expect(out).toContain(`Combined fingerprint            ${m.combined.fingerprint.sha256}`);
    expect(readFileSync(join(dir, 'm.html'), 'utf8')).toContain('ETHUSDT+BTCUSDT');

    const v = drlTui(['verify', join(dir, 'j.BTCUSDT.jsonl')]);
    expect(v.status, v.stderr).toBe(0);
    expect(v.stdout).toContain('identical');
    expect(v.stdout).toContain(m.symbols.BTCUSDT!.fingerprint.sha256);
  });

  it('prints, for one symbol with the whole start cash, the very report a plain backtest prints', () => {
    const plain = drlTui(['backtest', '--data', ETH_31]);
    const one = drlTui(['backtest', '--data', ETH_31, '--symbols', 'ethusdt']);
    expect(plain.status, plain.stderr).toBe(0);
    expect(one.status, one.stderr).toBe(0);
    expect(plain.stdout).not.toContain('combined account');
    // With one symbol the combined report carries the same title: the symbol's own report is the last.
    const own = one.stdout.slice(one.stdout.lastIndexOf('drl-tui report: ETHUSDT ensemble'));
    expect(steady(own)).toBe(steady(plain.stdout));
  });

  it('exits 1 with a one-line reason for a symbol without data or a malformed list', () => {
    for (const [args, fragment] of [
      [['--data', ETH_31, '--symbols', 'ETHUSDT,BTCUSDT'], 'drl-tui: no candle files for BTCUSDT'],
      [['--data', ETH_31, '--symbols', 'ETH/USDT'], "drl-tui: --symbols: 'ETH/USDT' is not a symbol"],
      [
        ['--data', ETH_31, BTC_31, '--symbols', 'BTCUSDT'],
        'holds ETHUSDT candles, but --symbols lists only BTCUSDT',
      ],
    ] as const) {
      const r = drlTui(['backtest', ...args, '--json', join(dir, 'never.json')]);
      expect(r.status, args.join(' ')).toBe(1);
      expect(r.stderr.trim().split('\n'), r.stderr).toHaveLength(1);
      expect(r.stderr).toContain(fragment);
    }
    expect(existsSync(join(dir, 'never.json'))).toBe(false);
  });
});
