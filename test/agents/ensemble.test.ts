import { describe, expect, it } from 'vitest';
import { Ensemble, FixedTarget, agrees, signClass } from '../../src/engine/agents/ensemble.js';
import type { Agent, AgentName, Vote } from '../../src/engine/core/types.js';

/** A hand-written fake: an agent that always says `target` with `confidence`. */
function fixed(name: AgentName, target: number, confidence = 1): Agent {
  return {
    name,
    target,
    confidence,
    step: () => undefined,
    vote: (): Vote => ({ agent: name, target, confidence, reason: 'fixed' }),
    toJSON: () => ({}),
  };
}

describe('Ensemble weighted', () => {
  it('returns the plain weighted mean of targets, ignoring confidence', () => {
    const e = new Ensemble({ mode: 'weighted', weights: { rsi: 1, macd: 3 } });
    const t = e.combine([fixed('rsi', 1, 0.1), fixed('macd', -1, 0.9)]);
    expect(t, '(1·1 + 3·−1) / 4').toBeCloseTo(-0.5, 12);
  });

  it('returns a mean over present agents only, skipping zero and missing weights', () => {
    const e = new Ensemble({ mode: 'weighted', weights: { drl: 1, rsi: 1, macd: 0 } });
    expect(
      e.combine([fixed('rsi', 1), fixed('macd', -1), fixed('bollinger', -1)]),
      'drl absent: rsi alone',
    ).toBe(1);
    expect(e.combine([fixed('drl', 0.2), fixed('rsi', 1)])).toBeCloseTo(0.6, 12);
  });

  it('returns 0 when no agent counts', () => {
    const e = new Ensemble({ mode: 'weighted', weights: { drl: 1 } });
    expect(e.combine([fixed('rsi', 1)])).toBe(0);
    expect(e.combine([])).toBe(0);
  });

  it('returns NaN when a counted agent says NaN, so risk halts instead of trading on it', () => {
    const e = new Ensemble({ mode: 'weighted', weights: { drl: 1, rsi: 1 } });
    expect(e.combine([fixed('drl', Number.NaN), fixed('rsi', 1)])).toBeNaN();
  });
});

describe('Ensemble weight cache', () => {
  it('returns fresh results when the agents list changes members, even in place', () => {
    const e = new Ensemble({ mode: 'weighted', weights: { drl: 3, rsi: 1 } });
    const list: Agent[] = [fixed('rsi', 1)];
    expect(e.combine(list)).toBe(1);
    list.push(fixed('drl', -1));
    expect(e.combine(list), '(1 − 3) / 4 after drl joins').toBe(-0.5);
    list[0] = fixed('macd', 1); // weight 0: ignored
    expect(e.combine(list)).toBe(-1);
    expect(e.combine([fixed('rsi', 0.5)])).toBe(0.5);
  });
});

describe('Ensemble majority', () => {
  it('returns the heaviest of long / flat / short', () => {
    const e = new Ensemble({ mode: 'majority', weights: { drl: 2, rsi: 1, macd: 1, bollinger: 1 } });
    expect(
      e.combine([fixed('drl', 0.3), fixed('rsi', -1), fixed('macd', 0), fixed('bollinger', -1)]),
      'short 2 vs long 2 vs flat 1: tie',
    ).toBe(0);
    expect(e.combine([fixed('drl', 0.3), fixed('rsi', 1), fixed('macd', 0), fixed('bollinger', -1)])).toBe(1);
    expect(
      e.combine([fixed('drl', -0.01), fixed('rsi', 0), fixed('macd', 0)]),
      'drl short 2 = flat 2 → flat',
    ).toBe(0);
    expect(e.combine([fixed('drl', -0.01), fixed('rsi', 0)])).toBe(-1);
  });

  it('returns flat for targets inside the flat band', () => {
    const e = new Ensemble({ mode: 'majority', weights: { drl: 1 }, flatBand: 0.05 });
    expect(e.combine([fixed('drl', 0.04)])).toBe(0);
    expect(e.combine([fixed('drl', 0.06)])).toBe(1);
  });
});

describe('agreement and validation', () => {
  it('returns agreement by long / flat / short class', () => {
    expect(signClass(0.2)).toBe(1);
    expect(signClass(-0.2)).toBe(-1);
    expect(signClass(0)).toBe(0);
    expect(agrees(1, 0.3)).toBe(true);
    expect(agrees(0, 0.3)).toBe(false);
    expect(agrees(-1, -0.01)).toBe(true);
    expect(new Ensemble({ mode: 'weighted', weights: {}, flatBand: 0.1 }).agrees(0, 0.05)).toBe(true);
  });

  it('returns one-line errors for bad weights and modes', () => {
    expect(() => new Ensemble({ mode: 'weighted', weights: { rsi: -1 } })).toThrow(
      'ensemble weight for rsi must be a number >= 0, got -1',
    );
    expect(() => new Ensemble({ mode: 'avg' as 'weighted', weights: {} })).toThrow(/mode must be/);
  });

  it('returns from combineTargets what combine returns, with weights bound once to the list', () => {
    const e = new Ensemble({ mode: 'weighted', weights: { drl: 0, rsi: 2, macd: 1 } });
    const list = [fixed('drl', 1), fixed('rsi', 0.5), fixed('macd', -1), fixed('bollinger', 1)];
    const weights = e.weightsFor(list);
    expect([...weights]).toEqual([0, 2, 1, 0]);
    expect(e.weightsFor(list), 'the same list: the same array').toBe(weights);
    const targets = Float64Array.from(list, (a) => a.target);
    expect(e.combineTargets(targets, weights)).toBe(e.combine(list));
    expect(e.combineTargets(targets, weights)).toBe(0);
  });

  it('returns the fixed target whatever the agents say (hold)', () => {
    const hold = new FixedTarget(1);
    const list = [fixed('rsi', -1), fixed('macd', -1)];
    expect(hold.combineTargets()).toBe(1);
    expect([...hold.weightsFor(list)]).toEqual([0, 0]);
  });
});
