import { describe, expect, it } from 'vitest';
import { BollingerAgent } from '../../src/engine/agents/bollingerAgent.js';
import { computeFeatures, inputOf, loadBars, syntheticInput } from './support.js';

const rows = computeFeatures(loadBars());

describe('BollingerAgent on real ETHUSDT 1m closes', () => {
  it('returns long below the low band, flat above the high band, exits at the middle, else holds', () => {
    const agent = new BollingerAgent();
    let prev = 0;
    const seen = { below: 0, above: 0, midExit: 0 };
    for (const row of rows) {
      agent.step(inputOf(row));
      const c = row.bar.close;
      if (Number.isNaN(row.bbLow)) {
        expect(agent.target, 'warm-up holds').toBe(prev);
      } else if (c < row.bbLow) {
        expect(agent.target).toBe(1);
        seen.below++;
      } else if (c > row.bbHigh) {
        expect(agent.target).toBe(0);
        seen.above++;
      } else if (prev > 0 && c >= row.bbMid) {
        expect(agent.target, `close ${c} back above mid ${row.bbMid} exits`).toBe(0);
        seen.midExit++;
      } else {
        expect(agent.target).toBe(prev);
      }
      prev = agent.target;
    }
    expect(seen.below, 'the fixture must touch the low band').toBeGreaterThan(5);
    expect(seen.above, 'the fixture must touch the high band').toBeGreaterThan(5);
    expect(seen.midExit, 'and revert to the middle').toBeGreaterThan(2);
  });

  it('returns short above the high band and exits shorts at the middle when shorts are allowed', () => {
    const agent = new BollingerAgent({ allowShort: true });
    let prev = 0;
    let shortExits = 0;
    for (const row of rows) {
      agent.step(inputOf(row));
      if (row.bar.close > row.bbHigh) expect(agent.target).toBe(-1);
      if (prev < 0 && row.bar.close <= row.bbMid && row.bar.close >= row.bbLow) {
        expect(agent.target).toBe(0);
        shortExits++;
      }
      prev = agent.target;
    }
    expect(shortExits).toBeGreaterThan(0);
  });

  it('returns votes quoting the close and the band', () => {
    const agent = new BollingerAgent();
    agent.step(syntheticInput(95, { bb_low: 96, bb_mid: 100, bb_high: 104 }));
    expect(agent.vote().reason).toBe('close 95.00 < BB low 96.00 → long 1.00');
    expect(agent.confidence, '1 below a band of half-width 4: 0.5 + 0.5 × 1/4').toBeCloseTo(0.625, 12);
    agent.step(syntheticInput(99, { bb_low: 96, bb_mid: 100, bb_high: 104 }));
    expect(agent.vote().reason).toBe('close 99.00 inside BB 96.00–104.00 → hold long 1.00');
    agent.step(syntheticInput(100.5, { bb_low: 96, bb_mid: 100, bb_high: 104 }));
    expect(agent.vote().reason).toBe('close 100.50 back across BB mid 100.00 → exit flat 0.00');
  });

  it('returns a hold with zero confidence for a zero-width band', () => {
    const agent = new BollingerAgent({ exitAtMid: false });
    agent.step(syntheticInput(100, { bb_low: 100, bb_mid: 100, bb_high: 100 }));
    expect([agent.target, agent.confidence]).toEqual([0, 0]);
    expect(agent.vote().reason).toBe('BB n/a → hold flat 0.00');
  });

  it('returns identical targets after a JSON round trip mid-stream', () => {
    const a = new BollingerAgent();
    for (const row of rows.slice(0, 300)) a.step(inputOf(row));
    const restored = BollingerAgent.fromJSON(JSON.parse(JSON.stringify(a)));
    expect(restored.ok).toBe(true);
    if (!restored.ok) return;
    for (const row of rows.slice(300)) {
      a.step(inputOf(row));
      restored.value.step(inputOf(row));
      expect(restored.value.target).toBe(a.target);
    }
  });
});
