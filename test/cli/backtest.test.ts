import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SHARED_DATA, SKIP_NOTE } from '../support/sharedData.js';
import { ROOT, drlTui, tempDir } from './run.js';

const DEMO = join(ROOT, 'data');
const BAD = join(ROOT, 'test/fixtures/data/ETHUSDT-1m-2022-08-15-bad.csv');

/** Labels the issue requires in every backtest report (the text report prints each). */
const REQUIRED_LABELS = [
  'Period',
  'Bars',
  'Gaps',
  'Duplicates dropped',
  'Invalid rows skipped',
  'Starting equity',
  'Final equity',
  'Total return',
  'Buy-and-hold return',
  'CAGR',
  'Sharpe',
  'Sortino',
  'Calmar',
  'Annualisation',
  'Max drawdown',
  'Max drawdown duration',
  'Exposure',
  'Round-trip trades',
  'Win rate',
  'Profit factor',
  'Expectancy',
  'Average trade duration',
  'Best trade',
  'Worst trade',
  'Fees paid',
  'skipped NO_CHANGE',
  'agree w/ ensemble',
  'Fills sha256',
];

describe('drl-tui backtest (the built CLI)', () => {
  it('prints every report field and writes the same fingerprint on two runs', () => {
    const dir = tempDir('bt');
    const runs = [1, 2].map((k) => {
      const json = join(dir, `r${k}.json`);
      const r = drlTui([
        'backtest',
        '--data',
        DEMO,
        '--strategy',
        'ensemble',
        '--model',
        'none',
        '--json',
        json,
      ]);
      expect(r.status, r.stderr).toBe(0);
      const report = JSON.parse(readFileSync(json, 'utf8')) as {
        meta: { bars: number };
        fingerprint: { sha256: string };
        metrics: { annualisation: string };
      };
      return { text: r.stdout, report };
    });
    for (const label of REQUIRED_LABELS) expect(runs[0]!.text, `report lacks "${label}"`).toContain(label);
    expect(runs[0]!.report.meta.bars).toBe(3 * 1440);
    expect(runs[0]!.report.fingerprint.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(runs[1]!.report.fingerprint.sha256, 'same inputs must give the same fingerprint').toBe(
      runs[0]!.report.fingerprint.sha256,
    );
    expect(runs[0]!.report.metrics.annualisation).toMatch(/525600/);
  });

  it('runs a damaged file to the end and counts each kind of bad row', () => {
    const json = join(tempDir('bad'), 'bad.json');
    const r = drlTui(['backtest', '--data', BAD, '--strategy', 'rsi', '--json', json]);
    expect(r.status, r.stderr).toBe(0);
    const q = (JSON.parse(readFileSync(json, 'utf8')) as { meta: { dataQuality: Record<string, number> } })
      .meta.dataQuality;
    expect(q.bars).toBe(299);
    expect(q.invalid, 'garbage line + NaN close').toBe(2);
    expect(q.duplicates).toBe(1);
    expect(q.outOfOrder).toBe(1);
    expect(q.gaps).toBe(2);
    expect(q.missingMinutes).toBe(181);
  });

  it('refuses an unknown strategy and a missing data path with one line each', () => {
    const a = drlTui(['backtest', '--data', DEMO, '--strategy', 'nope']);
    expect(a.status).toBe(1);
    expect(a.stderr.trim().split('\n')).toHaveLength(1);
    const b = drlTui(['backtest', '--data', join(ROOT, 'no-such-folder')]);
    expect(b.status).toBe(1);
    expect(b.stderr.trim().split('\n')).toHaveLength(1);
    expect(b.stderr).toContain('no-such-folder');
  });

  it('reads a strategy file and names a typo in it', () => {
    const dir = tempDir('strategy');
    const file = join(dir, 'strategy.yaml');
    writeFileSync(file, 'mode: weighted\nwieghts:\n  rsi: 1\n');
    const r = drlTui(['backtest', '--data', DEMO, '--strategy', file]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/wieghts.*weights/);
  });
});

describe.skipIf(!SHARED_DATA)(
  `drl-tui backtest on ETHUSDT Q1-2024 (${SHARED_DATA ? 'real data' : SKIP_NOTE})`,
  () => {
    it('reads all 131,040 bars with no gaps and repeats its fingerprint', () => {
      const data = join(SHARED_DATA!, 'binance/ETHUSDT/ETHUSDT-1m-2024-*.zip');
      const dir = tempDir('q1');
      const sha = [1, 2].map((k) => {
        const json = join(dir, `q${k}.json`);
        const r = drlTui(['backtest', '--data', data, '--strategy', 'ensemble', '--json', json]);
        expect(r.status, r.stderr).toBe(0);
        const rep = JSON.parse(readFileSync(json, 'utf8')) as {
          meta: { bars: number; dataQuality: { gaps: number } };
          fingerprint: { sha256: string };
        };
        expect(rep.meta.bars).toBe(131_040);
        expect(rep.meta.dataQuality.gaps).toBe(0);
        return rep.fingerprint.sha256;
      });
      expect(sha[1]).toBe(sha[0]);
    });
  },
);
