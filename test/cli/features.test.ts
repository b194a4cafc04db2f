import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, drlTui, tempDir } from './run.js';

const GENERIC = join(ROOT, 'test/fixtures/data/ETHUSDT-2022-08-14-generic.csv');

describe('drl-tui features (the built CLI)', () => {
  it('writes one row per bar with the documented header, across a 3-hour gap in a generic CSV', () => {
    const out = join(tempDir('features'), 'f.csv');
    const r = drlTui(['features', '--data', GENERIC, '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    const lines = readFileSync(out, 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe(
      'open_time,close,z_score,zone,price_momentum,z_score_momentum,macd,macd_signal,macd_diff,rsi,bb_mid,bb_high,bb_low,obv,sentiment',
    );
    expect(lines).toHaveLength(1 + 600);
    const times = lines.slice(1).map((l) => Number(l.split(',')[0]));
    const jump = times.findIndex((t, i) => i > 0 && t - times[i - 1]! > 60_000);
    expect(times[jump]! - times[jump - 1]!, 'the engine continues after the hole, no synthetic bars').toBe(
      181 * 60_000,
    );
    for (const l of lines.slice(1)) expect(l.split(',')).toHaveLength(15);
    expect(r.stderr, 'the gap is reported').toMatch(/gap/i);
  });
});
