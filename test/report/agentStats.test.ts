import { describe, expect, it } from 'vitest';
import { AgentStats, VOTE_THRESHOLD, voteClass } from '../../src/engine/report/agentStats.js';

describe('voteClass', () => {
  it('returns flat at exactly ±0.05 and long/short beyond it', () => {
    expect(VOTE_THRESHOLD).toBe(0.05);
    expect(voteClass(0.05)).toBe(0);
    expect(voteClass(-0.05)).toBe(0);
    expect(voteClass(0.0501)).toBe(1);
    expect(voteClass(-0.0501)).toBe(-1);
    expect(voteClass(0)).toBe(0);
  });
});

describe('AgentStats', () => {
  it('returns vote counts by class and the agreement rate with the ensemble', () => {
    const s = new AgentStats(['drl', 'rsi']);
    // ensemble long, long, flat, short
    const bars: [number, number, number][] = [
      [0.8, 0.5, 0.6], // drl long, rsi long, ensemble long
      [0.3, -1, 0.2], // drl long, rsi short, ensemble long
      [0.0, 0.02, 0.01], // both flat, ensemble flat
      [-0.4, 0.04, -0.3], // drl short, rsi flat, ensemble short
    ];
    for (const [drl, rsi, ens] of bars) {
      s.observeVotes(
        [
          { agent: 'drl', target: drl },
          { agent: 'rsi', target: rsi },
        ],
        ens,
      );
    }
    const [drl, rsi] = s.report().agents;
    expect(drl).toMatchObject({
      agent: 'drl',
      votes: { long: 2, flat: 1, short: 1 },
      total: 4,
      agreements: 4,
    });
    expect(drl!.agreementRatePct).toBe(100);
    expect(rsi).toMatchObject({ votes: { long: 1, flat: 2, short: 1 }, agreements: 2 });
    expect(rsi!.agreementRatePct).toBe(50);
  });

  it('returns agreed-bar P&L: each bar credited to the agents whose previous vote matched the held position', () => {
    const s = new AgentStats(['drl', 'macd']);
    // Bar 1 decision: drl long, macd short; the position taken is long 0.5.
    s.onBarPnl(0, 0); // first bar: nobody has voted yet
    s.observe('drl', 0.5, 0.5);
    s.observe('macd', -0.5, 0.5);
    // Bar 2 is held long and makes +10: only drl agreed with the long.
    s.onBarPnl(10, 0.5);
    s.observe('drl', 0, 0);
    s.observe('macd', 0, 0);
    // Bar 3 is still long (exit fills next bar) and loses 4: both voted flat, nobody agreed.
    s.onBarPnl(-4, 0.5);
    // Bar 4 flat, P&L 0: both agreed with flat.
    s.onBarPnl(0, 0);
    const [drl, macd] = s.report().agents;
    expect(drl!.pnlAttribution).toBe(10);
    expect(drl!.agreedBars).toBe(2);
    expect(macd!.pnlAttribution).toBe(0);
    expect(macd!.agreedBars).toBe(1);
    expect(s.report().attributionMethod).toMatch(/agreed-bar P&L/);
  });

  it('returns null agreement for an agent that never voted and ignores unknown agents', () => {
    const s = new AgentStats(['drl']);
    s.observe('bollinger', 1, 1);
    const [drl] = s.report().agents;
    expect(drl!.total).toBe(0);
    expect(drl!.agreementRatePct).toBeNull();
  });
});

describe('AgentStats.observeTargets', () => {
  it('returns the same report as observeAt for each agent in turn', () => {
    const names = ['drl', 'rsi', 'macd', 'bollinger'] as const;
    const a = new AgentStats(names);
    const b = new AgentStats(names);
    const targets = [0, 1, 0.5, -1, 0.05, 0.06, -0.06, Number.NaN, 0.3];
    for (let bar = 0; bar < 40; bar++) {
      const agents = names.map((_, i) => ({ target: targets[(bar + 3 * i) % targets.length]! }));
      const ensemble = targets[(bar * 5) % targets.length]!;
      a.onBarPnl(bar - 20, ensemble);
      b.onBarPnl(bar - 20, ensemble);
      a.observeTargets(
        Float64Array.from(agents, (g) => g.target),
        ensemble,
      );
      agents.forEach((g, i) => b.observeAt(i, g.target, ensemble));
    }
    expect(a.report()).toEqual(b.report());
  });
});
