import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBacktest } from '../../src/engine/backtest.js';
import { emptyQuality } from '../../src/engine/data/types.js';
import { AgentStats } from '../../src/engine/report/agentStats.js';
import { buildBacktestReport } from '../../src/engine/report/backtestReport.js';
import { FillFingerprint } from '../../src/engine/report/fingerprint.js';
import { OutcomeCounts } from '../../src/engine/report/outcomeCounts.js';
import { PerformanceTracker } from '../../src/engine/report/performanceTracker.js';
import { SeriesRecorder } from '../../src/engine/report/seriesRecorder.js';
import { buildReportHtml, htmlPathFor, paramsHash } from '../../src/engine/report/html/reportHtml.js';
import { loadReportInput } from '../../src/engine/report/html/reportInput.js';
import { reportCommand } from '../../src/commands/report.js';
import { SHARED_DATA, SKIP_NOTE, sharedPath } from '../support/sharedData.js';
import type { DemoRun } from './fixture.js';
import { demoRun } from './fixture.js';

const CHARTS = [
  'equity',
  'equity-log',
  'drawdown',
  'price',
  'position',
  'daily-returns',
  'agents',
  'outcomes',
];

let run: DemoRun;
beforeAll(async () => {
  run = await demoRun();
});
afterAll(() => run.cleanup());

function figures(html: string): string[] {
  return [...html.matchAll(/<figure class="chart[^"]*" data-chart="([^"]+)"><svg /g)].map((m) => m[1]!);
}

describe('buildReportHtml', () => {
  it('returns one self-contained page with every chart as inline SVG and nothing to fetch', async () => {
    const { html, warnings, charts } = await buildReportHtml(run.report);
    expect(warnings, 'Vega-Lite compiled every spec without a warning').toEqual([]);
    expect(charts).toEqual(CHARTS);
    expect(figures(html)).toEqual(CHARTS);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\(http/i);
    // The only URLs are XML namespaces, which browsers never fetch.
    const urls = [...html.matchAll(/https?:\/\/[^"'\s)]+/g)].map((m) => m[0]);
    expect(new Set(urls)).toEqual(new Set(['http://www.w3.org/2000/svg', 'http://www.w3.org/1999/xlink']));
    expect(html).toContain(`default-src 'none'`);
    const ids = [...html.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size, 'clip-path ids of different charts do not collide').toBe(ids.length);
  });

  it('returns the header facts and the metrics with the annualisation note', async () => {
    const { html } = await buildReportHtml(run.report);
    const r = run.report;
    expect(html).toContain(r.fingerprint.sha256);
    expect(html).toContain(paramsHash(r.meta.params));
    expect(html).toContain('<td>BACKTEST</td>');
    expect(html).toContain('none (observation-only)');
    expect(html).toContain('Sharpe (daily, annualised)');
    expect(html).toContain('annualised from 3d 00h 00m: not meaningful');
    expect(html).toContain('data-table="monthly"');
    expect(html).not.toContain('data-chart="timeline"');
  });

  it('returns the same bytes for the same report', async () => {
    const a = await buildReportHtml(run.report);
    const b = await buildReportHtml(run.report);
    expect(a.html === b.html, 'no clock or random id in the page').toBe(true);
  });

  it('returns escaped text and a timeline for a session with a reject', async () => {
    const s = run.report.series!;
    const report = {
      ...run.report,
      rejects: { '-2010': { count: 1, example: 'Account has <b>insufficient</b> balance' } },
      series: {
        ...s,
        events: {
          total: 1,
          shown: 1,
          every: 1,
          t: [s.equity.t[5]!],
          kind: ['reject' as const],
          detail: ['<x>'],
        },
      },
      session: {
        id: 'x',
        mode: 'REPLAY' as const,
        startedAt: '2024-03-29T00:00:00.000Z',
        endedAt: '2024-03-31T00:00:00.000Z',
        durationMs: 1,
        modelSha256: null,
        reconnects: 2,
        ordersByStatus: { planned: 1, submitted: 1, filled: 0, rejected: 1, unknown: 0, skipped: 0 },
      },
    };
    const { html, charts } = await buildReportHtml(report);
    expect(charts).toContain('timeline');
    expect(html).toContain('Account has &#60;b&#62;insufficient&#60;/b&#62; balance');
    expect(html).not.toContain('<b>insufficient');
    expect(html).toContain('<td>REPLAY</td>');
  });

  it('returns the counter charts and a note for a report without a series block', async () => {
    const { series: _series, ...old } = run.report;
    const { html, charts } = await buildReportHtml(old);
    expect(charts).toEqual(['agents', 'outcomes']);
    expect(html).toContain('has no series block');
  });
});

describe('buildReportHtml on a run that saw no bar', () => {
  it('returns only the counter charts, without a Vega warning', async () => {
    const report = buildBacktestReport({
      symbol: 'ETHUSDT',
      quoteAsset: 'USDT',
      market: 'spot',
      strategy: 'ensemble',
      dataQuality: emptyQuality(),
      params: {},
      model: null,
      engineVersion: '0.1.0',
      tracker: new PerformanceTracker({ startEquity: 10_000 }),
      agents: new AgentStats(),
      outcomes: new OutcomeCounts(),
      fingerprint: new FillFingerprint(),
      series: new SeriesRecorder({ startEquity: 10_000 }),
    });
    const { charts, warnings } = await buildReportHtml(report);
    expect(warnings, 'empty scales would warn').toEqual([]);
    expect(charts).toEqual(['agents', 'outcomes']);
  });
});

describe('drl-tui report', () => {
  it('returns r.html beside r.json, and journal.html from a journal', async () => {
    const json = join(run.dir, 'r.json');
    writeFileSync(json, JSON.stringify(run.report, null, 2));
    await reportCommand([json], undefined);
    expect(htmlPathFor(json)).toBe(join(run.dir, 'r.html'));
    expect(figures(readFileSync(join(run.dir, 'r.html'), 'utf8'))).toEqual(CHARTS);
    await reportCommand([run.journalPath], undefined);
    const fromJournal = readFileSync(run.journalPath.replace(/\.jsonl$/, '.html'), 'utf8');
    expect(figures(fromJournal)).toEqual(CHARTS);
    expect(fromJournal).toContain('rebuilt from journal');
    const out = join(run.dir, 'custom.html');
    await reportCommand([json], out);
    expect(existsSync(out)).toBe(true);
  });

  it('throws a one-line error for a file that is not a report', () => {
    const bad = join(run.dir, 'bad.json');
    writeFileSync(bad, '{"hello": 1}');
    expect(() => loadReportInput(bad)).toThrow(/^report: bad\.json is not a drl-tui report \(expected/);
    expect(() => loadReportInput(join(run.dir, 'missing.json'))).toThrow(/not found/);
    writeFileSync(bad, '{oops');
    expect(() => loadReportInput(bad)).toThrow(/is not JSON/);
  });
});

describe.skipIf(!SHARED_DATA)(
  `the 131k-bar ETHUSDT Q1-2024 backtest (${SHARED_DATA ? 'shared data' : SKIP_NOTE})`,
  () => {
    it('returns a page under 2 MB with every line at most 2,000 points', async () => {
      const files = Array.from({ length: 91 }, (_, i) => {
        const d = new Date(Date.UTC(2024, 0, 1 + i)).toISOString().slice(0, 10);
        return sharedPath('binance/ETHUSDT', `ETHUSDT-1m-${d}.zip`);
      });
      const { report } = await runBacktest({
        data: files,
        market: 'spot',
        strategy: 'ensemble',
        modelDir: null,
        sentimentDir: null,
        startCash: 10_000,
        feeRate: 0.001,
        slippageBps: 1,
      });
      expect(report.meta.bars).toBe(131_040);
      const s = report.series!;
      for (const l of [s.equity, s.price, s.drawdownPct, s.position])
        expect(l.t.length).toBeLessThanOrEqual(2000);
      const { html, warnings } = await buildReportHtml(report);
      expect(warnings).toEqual([]);
      expect(Buffer.byteLength(html), 'issue 8: under 2 MB').toBeLessThan(2 * 1024 * 1024);
      expect(figures(html)).toEqual(CHARTS);
    });
  },
);
