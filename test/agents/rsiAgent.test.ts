import { describe, expect, it } from 'vitest';
import { RsiAgent } from '../../src/engine/agents/rsiAgent.js';
import { computeFeatures, inputOf, loadBars, syntheticInput } from './support.js';

const rows = computeFeatures(loadBars());

describe('RsiAgent on real ETHUSDT 1m closes', () => {
  it('returns long below 30, flat above 70 and the previous target in between (spot)', () => {
    const agent = new RsiAgent();
    let prev = 0;
    const seen = { long: 0, exit: 0, hold: 0 };
    for (const row of rows) {
      agent.step(inputOf(row));
      if (row.rsi < 30) {
        expect(agent.target, `RSI ${row.rsi} is oversold`).toBe(1);
        seen.long++;
      } else if (row.rsi > 70) {
        expect(agent.target, `RSI ${row.rsi} is overbought: spot goes flat`).toBe(0);
        seen.exit++;
      } else {
        expect(agent.target, `RSI ${row.rsi} between thresholds holds the last target`).toBe(prev);
        seen.hold++;
      }
      prev = agent.target;
    }
    expect(
      seen.long,
      'the fixture must contain oversold bars for this test to mean anything',
    ).toBeGreaterThan(5);
    expect(seen.exit, 'the fixture must contain overbought bars').toBeGreaterThan(5);
    expect(seen.hold).toBeGreaterThan(100);
  });

  it('returns short on overbought when shorts are allowed', () => {
    const agent = new RsiAgent({ allowShort: true });
    for (const row of rows) {
      agent.step(inputOf(row));
      if (row.rsi > 70) expect(agent.target).toBe(-1);
    }
  });

  it('returns a vote quoting the RSI that caused it', () => {
    const agent = new RsiAgent();
    const row = rows.find((r) => r.rsi < 30);
    expect(row, 'fixture has an oversold bar').toBeDefined();
    if (!row) return;
    agent.step(inputOf(row));
    const vote = agent.vote();
    expect(vote.reason).toBe(`RSI ${row.rsi.toFixed(1)} < 30 → long 1.00`);
    expect(vote.agent).toBe('rsi');
    expect(vote.confidence).toBeGreaterThanOrEqual(0.5);
  });

  it('returns identical targets after a JSON round trip mid-stream', () => {
    const a = new RsiAgent({ oversold: 25, overbought: 75 });
    const half = rows.length >> 1;
    for (const row of rows.slice(0, half)) a.step(inputOf(row));
    const restored = RsiAgent.fromJSON(JSON.parse(JSON.stringify(a)));
    expect(restored.ok).toBe(true);
    if (!restored.ok) return;
    const b = restored.value;
    expect(b.opts.oversold).toBe(25);
    expect(b.vote()).toEqual(a.vote());
    for (const row of rows.slice(half)) {
      a.step(inputOf(row));
      b.step(inputOf(row));
      expect(b.target).toBe(a.target);
      expect(b.confidence).toBe(a.confidence);
    }
  });
});

describe('RsiAgent rules', () => {
  it('returns confidence growing with the distance beyond the threshold', () => {
    const agent = new RsiAgent();
    agent.step(syntheticInput(100, { rsi: 0.29 }));
    const near = agent.confidence;
    agent.step(syntheticInput(100, { rsi: 0.1 }));
    const far = agent.confidence;
    expect(near).toBeGreaterThanOrEqual(0.5);
    expect(far, 'deeper oversold is a stronger signal').toBeGreaterThan(near);
    agent.step(syntheticInput(100, { rsi: 0 }));
    expect(agent.confidence).toBe(1);
  });

  it('returns flat with no confidence before any signal, and 0.25 while holding one', () => {
    const agent = new RsiAgent();
    agent.step(syntheticInput(100, { rsi: 0.5 }));
    expect([agent.target, agent.confidence]).toEqual([0, 0]);
    agent.step(syntheticInput(100, { rsi: 0.2 }));
    agent.step(syntheticInput(100, { rsi: 0.5 }));
    expect([agent.target, agent.confidence]).toEqual([1, 0.25]);
    expect(agent.vote().reason).toBe('RSI 50.0 within 30–70 → hold long 1.00');
  });

  it('returns a held target with zero confidence when RSI is not a number', () => {
    const agent = new RsiAgent();
    agent.step(syntheticInput(100, { rsi: 0.2 }));
    agent.step(syntheticInput(100, { rsi: Number.NaN }));
    expect(agent.target).toBe(1);
    expect(agent.confidence).toBe(0);
    expect(agent.vote().reason).toBe('RSI n/a → hold long 1.00');
  });

  it('returns an error for inverted thresholds and for foreign state', () => {
    expect(() => new RsiAgent({ oversold: 70, overbought: 30 })).toThrow(/oversold < overbought/);
    const r = RsiAgent.fromJSON({ v: 1, agent: 'macd', opts: {}, state: {} });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toBe("rsi agent state: belongs to agent 'macd'");
  });
});
