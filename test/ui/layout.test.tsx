import { afterEach, describe, expect, it } from 'vitest';
import { computeLayout } from '../../src/ui/layout.js';
import { makeSnapshot } from './fakeEngine.js';
import { renderApp } from './renderApp.js';
import type { Rendered } from './renderApp.js';

let app: Rendered | null = null;
afterEach(() => app?.unmount());

const width = (line: string): number => [...line].length;

function expectFits(lines: string[], columns: number, rows: number): void {
  const widest = Math.max(...lines.map(width));
  expect(widest, `no line is wider than the ${columns}-column terminal`).toBeLessThanOrEqual(columns);
  expect(
    lines.length,
    `the frame leaves the last of ${rows} rows free so the terminal never scrolls`,
  ).toBeLessThanOrEqual(rows - 1);
}

const PANELS = ['PRICE', 'EQUITY', 'STATE', 'VOTES', 'SENTIMENT', 'EVENTS'];

describe('layout', () => {
  it('returns a compact 80×24 screen that fits and still shows every panel and key hint', async () => {
    app = await renderApp(makeSnapshot(), { columns: 80, rows: 24 });
    const lines = app.lines();
    expectFits(lines, 80, 24);
    for (const title of PANELS)
      expect(app.frame(), `${title} panel is on the compact screen`).toContain(title);
    expect(lines.at(-1)).toContain('p pause f flatten s sent ? help q quit');
    expect(app.frame(), 'all 15 features are listed').toContain('sentiment          0.1678');
    expect(app.frame(), 'four events fit').toContain('04:00 SKIP   BELOW_MIN_NOTIONAL');
  });

  it('returns a roomy 120×40 screen that fits and shows more than the compact one', async () => {
    app = await renderApp(makeSnapshot(), { columns: 120, rows: 40 });
    const lines = app.lines();
    expectFits(lines, 120, 40);
    const frame = app.frame();
    expect(frame, 'full agent name instead of "Boll"').toContain('Bollinger');
    expect(frame, 'weights column').toMatch(/agent +tgt conf +wt reason/);
    expect(frame, 'realized P&L in the footer').toContain('realized 0.00');
    expect(frame, 'events get seconds and more rows').toContain('03:00:59 FILL   BUY 0.5028');
    expect(frame, 'bordered panels').toContain('╭');
    const compact = await renderApp(makeSnapshot(), { columns: 80, rows: 24 });
    expect(compact.frame()).not.toContain('FILL   BUY');
    compact.unmount();
  });

  it.each([
    [100, 30],
    [119, 40],
    [160, 50],
    [200, 60],
    [120, 39],
  ])('returns a frame that fits a %i×%i terminal', async (columns, rows) => {
    app = await renderApp(makeSnapshot(), { columns, rows });
    expectFits(app.lines(), columns, rows);
    for (const title of PANELS) expect(app.frame()).toContain(title);
  });

  it('returns a redrawn layout when the terminal is resized', async () => {
    app = await renderApp(makeSnapshot(), { columns: 80, rows: 24 });
    expect(app.frame()).not.toContain('Bollinger');
    await app.resize(120, 40);
    expect(app.frame(), 'roomy after growing').toContain('Bollinger');
    expectFits(app.lines(), 120, 40);
    await app.resize(80, 24);
    expect(app.frame(), 'compact after shrinking').not.toContain('Bollinger');
    expectFits(app.lines(), 80, 24);
  });

  it('returns a frame that fits when engine text has newlines and numbers are NaN or huge', async () => {
    const snap = makeSnapshot();
    const hostile = makeSnapshot({
      votes: snap.votes.map((v) => ({ ...v, reason: `line one\nline two\n${'x'.repeat(200)}` })),
      riskNote: 'MAX_STEP\nDAILY_LOSS_HALT',
      feed: { ...snap.feed, detail: 'closed\ncode 1006 '.repeat(10) },
      features: snap.features.map((f, i) => ({
        ...f,
        raw: i % 2 ? NaN : -123456789.123,
        scaled: i % 2 ? NaN : -40,
      })),
      events: [{ ts: snap.now, kind: 'error', text: 'boom\nstack line 1\nstack line 2' }, ...snap.events],
    });
    app = await renderApp(hostile, { columns: 80, rows: 24 });
    expectFits(app.lines(), 80, 24);
    expect(app.frame()).toContain('ERROR  boom stack line 1');
  });

  it('returns the help overlay inside 80×24', async () => {
    app = await renderApp(makeSnapshot(), { columns: 80, rows: 24 });
    await app.press('?');
    expectFits(app.lines(), 80, 24);
  });

  it('returns compact below 120×40 and roomy from there', () => {
    expect(computeLayout(80, 24).kind).toBe('compact');
    expect(computeLayout(119, 60).kind).toBe('compact');
    expect(computeLayout(200, 39).kind).toBe('compact');
    expect(computeLayout(120, 40).kind).toBe('roomy');
    expect(computeLayout(undefined, undefined), 'a pipe reads as 80×24').toMatchObject({
      columns: 80,
      rows: 24,
    });
    expect(computeLayout(80, 40).chartHeight, 'spare rows make the charts taller').toBeGreaterThan(
      computeLayout(80, 24).chartHeight,
    );
  });
});
