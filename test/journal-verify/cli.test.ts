import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, drlTui, tempDir } from '../cli/run.js';
import { flipLowestBit, plant } from './support.js';

const DAY1 = join(ROOT, 'data/ETHUSDT-1m-2024-03-29.zip');

describe('drl-tui explain and verify (the built CLI)', () => {
  const dir = tempDir('jv');
  const journal = join(dir, 'bt.jsonl');

  let fingerprint: string | undefined;
  // Tests run in a shuffled order: the journal they read is written once, first.
  beforeAll(() => {
    const bt = drlTui([
      'backtest',
      '--data',
      DAY1,
      '--strategy',
      'ensemble',
      '--model',
      'none',
      '--journal',
      journal,
    ]);
    if (bt.status !== 0) throw new Error(bt.stderr);
    fingerprint = /Fills sha256\s+([0-9a-f]{64})/.exec(bt.stdout)?.[1];
  });

  it('returns "identical" with the backtest fingerprint for a backtest journal, exit 0', () => {
    expect(fingerprint, 'the report prints its fingerprint').toBeDefined();
    const v = drlTui(['verify', journal]);
    expect(v.status, v.stderr).toBe(0);
    expect(v.stdout).toMatch(/^identical: bt\.jsonl — 1,440 decision\(s\), \d[\d,]* fill\(s\) recomputed/);
    expect(v.stdout).toContain(`fingerprint ${fingerprint}`);
  });

  it('returns DIVERGED with the bar and field for a planted bit, exit 1', () => {
    const planted = plant(
      journal,
      join(dir, 'planted.jsonl'),
      (r) => r.type === 'decision',
      1000,
      (r) => {
        r.observation.raw[9] = flipLowestBit(r.observation.raw[9]);
      },
    );
    const v = drlTui(['verify', planted.path]);
    expect(v.status).toBe(1);
    expect(v.stdout).toMatch(
      new RegExp(
        `^DIVERGED at bar 2024-03-29T16:39:00\\.000Z, planted\\.jsonl line ${planted.line} \\(decision record\\)`,
      ),
    );
    expect(v.stdout).toMatch(/field {7}observation\.raw\.rsi/);
  });

  it('returns the explanation of one bar', () => {
    const r = drlTui(['explain', journal, '--at', '2024-03-29T16:39:30Z']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(
      /^ETHUSDT spot · bar 2024-03-29T16:39:00\.000Z \(decision #999, bt\.jsonl line \d+\)/,
    );
    for (const part of ['Bar ', 'Observation (15-D', 'Votes ', 'Ensemble ', 'Risk ', 'Plan ', 'Equity '])
      expect(r.stdout).toContain(part);
  });

  it('returns one line on stderr for a bad --at, a missing bar or a missing journal, exit 1', () => {
    for (const args of [
      ['explain', journal, '--at', 'noon'],
      ['explain', journal, '--at', '2030-01-01'],
      ['explain', journal],
      ['verify', join(dir, 'missing.jsonl')],
      ['verify'],
    ]) {
      const r = drlTui(args);
      expect(r.status, args.join(' ')).toBe(1);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.stderr).toMatch(/^drl-tui: /);
    }
  });
});
