import { afterEach, describe, expect, it } from 'vitest';
import { OBSERVATION_FEATURES } from '../../src/engine/core/types.js';
import { fmtNum } from '../../src/ui/format.js';
import { CONFIGURED_SENTIMENT, makeSnapshot } from './fakeEngine.js';
import { renderApp } from './renderApp.js';
import type { Rendered } from './renderApp.js';

let app: Rendered | null = null;
afterEach(() => app?.unmount());

describe('panels at 120×40', () => {
  const snap = makeSnapshot();

  it('returns a header with symbol, interval, mode, speed, model, feed and trading state', async () => {
    app = await renderApp(snap, { columns: 120, rows: 40 });
    const [line1 = '', line2 = ''] = app.lines();
    for (const text of ['ETHUSDT', '1m', 'REPLAY 10x', 'spot', 'model ppo_eth_v1 3f9a2c1b', 'TRADING']) {
      expect(line1, `header line 1 shows ${text}`).toContain(text);
    }
    expect(line2).toContain('REPLAY FEED');
    expect(line2, 'last-candle age is now − lastCandleTs').toContain('0s ago');
    expect(line2).toContain('reconnects 1');
  });

  it('returns the price and equity charts with last value and change', async () => {
    app = await renderApp(snap, { columns: 120, rows: 40 });
    const first = snap.prices[0]!;
    const last = snap.prices[snap.prices.length - 1]!;
    const change = ((last / first - 1) * 100).toFixed(2);
    expect(app.frame()).toContain(`PRICE ${last.toFixed(2)} +${change}%`);
    expect(app.frame()).toContain(`EQUITY ${snap.equity.toFixed(2)}`);
    expect(app.frame(), 'asciichart axis is drawn').toMatch(/┤/);
  });

  it('returns all 15 features with raw value, scaled value and a bar', async () => {
    app = await renderApp(snap, { columns: 120, rows: 40 });
    const lines = app.lines();
    for (const name of OBSERVATION_FEATURES) {
      const row = snap.features.find((f) => f.name === name)!;
      const line = lines.find((l) => l.includes(`│${name.padEnd(16)}`));
      expect(line, `a row for ${name}`).toBeDefined();
      expect(line).toContain(fmtNum(row.raw, 11));
      expect(line).toMatch(/[·█◀▶]+│[·█◀▶]+/);
    }
  });

  it('returns the four votes, the ensemble and risk targets with the risk note, and the position', async () => {
    app = await renderApp(snap, { columns: 120, rows: 40 });
    const frame = app.frame();
    for (const label of ['DRL', 'RSI', 'MACD', 'Bollinger']) expect(frame).toContain(label);
    expect(frame).toContain('policy ppo_eth_v1 output +0.23');
    expect(frame).toContain('ensemble  +0.23 → risk +0.20 MAX_STEP 0.10');
    expect(frame).toMatch(/position {2}LONG \+0\.10 0\.5028@\d+\.\d\d uPnL [+-]\d/);
  });

  it('returns VADER, s1..s5 with a dash for null, the combined score and the day with its age', async () => {
    app = await renderApp(snap, { columns: 120, rows: 40 });
    const frame = app.frame();
    expect(frame).toContain('VADER +0.18 · combined +0.17');
    expect(frame, 'null columns read "—"').toContain('s1 +0.42  s2 —  s3 -0.10  s4 —  s5 —');
    expect(frame, 'day 2022-08-13 ended at midnight, 5 h before 05:00').toContain(
      'day 2022-08-13, 5h00m ago',
    );
    expect(frame, 'yesterday is not old').not.toContain('OLD');
    expect(frame).toContain(`[ready] ${CONFIGURED_SENTIMENT.progress}`);
  });

  it('returns events newest first with their kinds', async () => {
    app = await renderApp(snap, { columns: 120, rows: 40 });
    const lines = app.lines();
    const at = (text: string): number => lines.findIndex((l) => l.includes(text));
    expect(at('SKIP   MAX_STEP')).toBeGreaterThan(0);
    expect(at('REJECT order drl-7'), 'older events below newer ones').toBeGreaterThan(at('SKIP   MAX_STEP'));
    expect(at('RECONN websocket')).toBeGreaterThan(at('REJECT order drl-7'));
    expect(at('FILL   BUY 0.5028')).toBeGreaterThan(at('RECONN websocket'));
  });

  it('returns the footer with key hints, P&L, return, trades and fees', async () => {
    app = await renderApp(snap, { columns: 120, rows: 40 });
    const footer = app.lines().at(-1)!;
    expect(footer).toContain('p pause f flatten s sentiment ? help q quit');
    const pnl = snap.equity - snap.startEquity;
    expect(footer).toContain(`P&L ${pnl >= 0 ? '+' : ''}${pnl.toFixed(2)}`);
    expect(footer).toContain('trades 1');
    expect(footer).toContain('fees 1.00');
  });

  it('returns "would …" lines and the paused badge while paused', async () => {
    const paused = makeSnapshot({
      trading: 'PAUSED',
      events: [{ ts: snap.now, kind: 'would', text: 'would BUY 0.0502 (target +0.20)' }, ...snap.events],
    });
    app = await renderApp(paused, { columns: 120, rows: 40 });
    expect(app.lines()[0]).toContain('PAUSED');
    expect(app.frame()).toContain('WOULD  would BUY 0.0502 (target +0.20)');
    expect(app.frame(), 'votes panel says orders are off').toMatch(/uPnL \+\d+\.\d\d · paused/);
    expect(app.lines().at(-1), 'p now resumes').toContain('p resume');
  });

  it('returns a missing DRL vote as "no model" and says the state is unscaled', async () => {
    const noModel = makeSnapshot({
      model: { name: '', sha256: null, status: 'no model' },
      votes: snap.votes.filter((v) => v.agent !== 'drl'),
    });
    app = await renderApp(noModel, { columns: 120, rows: 40 });
    expect(app.frame()).toMatch(/DRL +— +— +\.40 no model/);
    expect(app.frame()).toContain('no model: rule agents only');
    expect(app.frame()).toContain('unscaled (no model)');
  });

  it('returns a HALTED badge', async () => {
    app = await renderApp(makeSnapshot({ trading: 'HALTED' }), { columns: 120, rows: 40 });
    expect(app.lines()[0]).toContain('HALTED');
  });
});
