import { describe, expect, it } from 'vitest';
import { MacdAgent } from '../../src/engine/agents/macdAgent.js';
import { computeFeatures, inputOf, loadBars, syntheticInput } from './support.js';

const rows = computeFeatures(loadBars());

describe('MacdAgent on real ETHUSDT 1m closes', () => {
  it('returns long after a cross above the signal, flat after a cross below, and holds between', () => {
    const agent = new MacdAgent();
    let prevDiff = Number.NaN;
    let prevTarget = 0;
    let ups = 0;
    let downs = 0;
    for (const row of rows) {
      agent.step(inputOf(row));
      if (prevDiff <= 0 && row.diff > 0) {
        expect(agent.target, `diff ${prevDiff} → ${row.diff} crosses above`).toBe(1);
        ups++;
      } else if (prevDiff >= 0 && row.diff < 0) {
        expect(agent.target, `diff ${prevDiff} → ${row.diff} crosses below`).toBe(0);
        downs++;
      } else {
        expect(agent.target, 'no crossover holds').toBe(prevTarget);
      }
      prevDiff = row.diff;
      prevTarget = agent.target;
    }
    expect(ups, 'the fixture must contain crossovers for this test to mean anything').toBeGreaterThan(5);
    expect(Math.abs(ups - downs), 'crossovers alternate').toBeLessThanOrEqual(1);
  });

  it('returns short after a cross below when shorts are allowed', () => {
    const agent = new MacdAgent({ allowShort: true });
    let fired = false;
    let shorts = 0;
    for (const row of rows) {
      agent.step(inputOf(row));
      if (agent.target !== 0) fired = true;
      if (fired) expect(Math.abs(agent.target), 'after the first cross it is always long or short').toBe(1);
      if (agent.target === -1) shorts++;
    }
    expect(shorts).toBeGreaterThan(100);
  });

  it('returns confidence from |diff| relative to price', () => {
    const agent = new MacdAgent({ fullConfidence: 0.001 });
    agent.step(syntheticInput(2000, { macd: 0, macd_signal: 0.5, macd_diff: -0.5 }));
    agent.step(syntheticInput(2000, { macd: 1.5, macd_signal: 0.5, macd_diff: 1 }));
    expect(agent.target).toBe(1);
    expect(agent.confidence, '1 / 2000 / 0.001 = 0.5').toBeCloseTo(0.5, 12);
    expect(agent.vote().reason).toBe('MACD 1.500 crossed above signal 0.500 (diff +1.000) → long 1.00');
    agent.step(syntheticInput(2000, { macd: 5, macd_signal: 1, macd_diff: 4 }));
    expect(agent.confidence, 'capped at 1').toBe(1);
    expect(agent.vote().reason).toBe('MACD diff +4.000, no crossover → hold long 1.00');
  });

  it('returns no crossover on the first bar and keeps the last diff across a NaN', () => {
    const agent = new MacdAgent();
    agent.step(syntheticInput(100, { macd_diff: 1 }));
    expect(agent.target, 'nothing to cross from on the first bar').toBe(0);
    expect(agent.confidence).toBe(0);
    agent.step(syntheticInput(100, { macd_diff: Number.NaN }));
    agent.step(syntheticInput(100, { macd_diff: -1 }));
    expect(agent.target, '1 → NaN → -1 is still a cross below').toBe(0);
    expect(agent.vote().reason).toMatch(/crossed below/);
  });

  it('returns identical targets after a JSON round trip mid-stream', () => {
    const a = new MacdAgent({ allowShort: true });
    const half = 450;
    for (const row of rows.slice(0, half)) a.step(inputOf(row));
    const restored = MacdAgent.fromJSON(JSON.parse(JSON.stringify(a)));
    expect(restored.ok).toBe(true);
    if (!restored.ok) return;
    const b = restored.value;
    for (const row of rows.slice(half)) {
      a.step(inputOf(row));
      b.step(inputOf(row));
      expect(b.target).toBe(a.target);
      expect(b.confidence).toBe(a.confidence);
    }
  });
});
