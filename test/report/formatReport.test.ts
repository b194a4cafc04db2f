import { describe, expect, it } from 'vitest';
import { formatReport } from '../../src/engine/report/backtestReport.js';
import { SKIP_REASONS } from '../../src/engine/report/outcomeCounts.js';
import { sampleReport } from './sampleReport.js';

/** Every item the report must show, by the label it is printed under. */
const REQUIRED_LABELS = [
  'Period',
  'Bars',
  'Rows read',
  'Gaps',
  'Duplicates dropped',
  'Out-of-order dropped',
  'Invalid rows skipped',
  'Starting equity',
  'Final equity',
  'Total return (after fees)',
  'Buy-and-hold return',
  'Buy-and-hold after fees',
  'CAGR',
  'Sharpe (per-bar, annualised)',
  'Sortino (per-bar, annualised)',
  'Sharpe (daily, annualised)',
  'Calmar',
  'Annualisation',
  'Max drawdown',
  'Max drawdown duration',
  'Exposure',
  'Round-trip trades',
  'Win rate',
  'Profit factor',
  'Expectancy per trade',
  'Average trade duration',
  'Best trade',
  'Worst trade',
  'Fees paid',
  'Turnover',
  'Orders executed',
  'rejected -2010',
  'Vote classes',
  'agree w/ ensemble',
  'P&L attribution',
  'Fills sha256',
];

const SECTIONS = [
  'Run',
  'Data quality',
  'Performance vs buy-and-hold',
  'Risk-adjusted',
  'Trades',
  'Costs',
  'Orders skipped/rejected by reason',
  'Agents',
  'Fingerprint',
];

describe('formatReport', () => {
  const r = sampleReport();
  const text = formatReport(r);

  it('returns every section heading and every required field label', () => {
    for (const s of SECTIONS)
      expect(text, `section "${s}"`).toMatch(new RegExp(`^${s.replace(/[/()]/g, '\\$&')}\\n-+$`, 'm'));
    for (const l of REQUIRED_LABELS) expect(text, `label "${l}"`).toContain(l);
    for (const reason of SKIP_REASONS) expect(text, `skip reason ${reason}`).toContain(`skipped ${reason}`);
    for (const a of ['drl', 'rsi', 'macd', 'bollinger']) expect(text).toMatch(new RegExp(`^  ${a} `, 'm'));
  });

  it('returns the annualisation conventions in words', () => {
    expect(text).toContain('sqrt(525600)');
    expect(text).toContain('sqrt(365)');
    expect(text).toContain('risk-free rate 0');
  });

  it('returns the run values, including "inf" for a profit factor without losses', () => {
    expect(r.metrics.trades.closed).toBe(1);
    expect(r.metrics.trades.profitFactor).toBeNull();
    expect(text).toMatch(/Profit factor\s+inf$/m);
    expect(text).toContain('ETHUSDT (spot)');
    expect(text).toContain('2024-01-01T00:00:00Z -> 2024-01-01T00:10:00Z (10m 00s)');
    expect(text).toContain(r.fingerprint.sha256);
    expect(text).toMatch(/skipped NO_CHANGE\s+8$/m);
    expect(text).toMatch(/skipped MAX_STEP\s+1$/m);
    expect(text).toContain('one entry + one exit fee at 0.020 %');
  });

  it('returns a warning beside CAGR and Calmar when the run is too short to annualise', () => {
    expect(text).toMatch(/^ {2}CAGR .*\(annualised from 10m 00s: not meaningful\)$/m);
    expect(text).toMatch(/^ {2}Calmar .*not meaningful\)$/m);
  });

  it('returns plain text: no colour codes, no NaN/Infinity, lines within 110 columns', () => {
    expect(text.includes('\u001b['), 'no ANSI escape sequences').toBe(false);
    expect(text).not.toMatch(/NaN|Infinity|undefined/);
    for (const line of text.split('\n')) expect(line.length, line).toBeLessThanOrEqual(110);
  });

  it('returns a report that survives JSON round-trip unchanged', () => {
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });
});
