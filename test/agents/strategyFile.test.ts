import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { didYouMean, editDistance } from '../../src/engine/agents/didYouMean.js';
import { createRuleAgents } from '../../src/engine/agents/ruleAgents.js';
import {
  BUILTIN_STRATEGIES,
  builtinStrategy,
  parseStrategyText,
  resolveStrategy,
} from '../../src/engine/agents/strategyFile.js';

const dir = mkdtempSync(join(tmpdir(), 'drl-strategy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

/** The error resolveStrategy throws for this file, asserted to be a single line. */
function errorOf(name: string, text: string): string {
  const p = file(name, text);
  try {
    resolveStrategy(p);
  } catch (e) {
    const msg = (e as Error).message;
    expect(msg, 'errors are one line').not.toContain('\n');
    return msg.replace(p, '<file>');
  }
  throw new Error(`expected ${name} to be rejected`);
}

describe('resolveStrategy built-ins', () => {
  it('returns each built-in', () => {
    expect(BUILTIN_STRATEGIES).toEqual(['rsi', 'macd', 'bollinger', 'ensemble', 'hold', 'drl']);
    expect(resolveStrategy('rsi').weights).toEqual({ rsi: 1 });
    expect(resolveStrategy('drl').weights).toEqual({ drl: 1 });
    expect(resolveStrategy('ensemble').weights).toEqual({ drl: 1, rsi: 1, macd: 1, bollinger: 1 });
    const hold = resolveStrategy('hold');
    expect(hold.fixedTarget, 'buy-and-hold is a constant long 1.0 through the same planner').toBe(1);
    expect(hold.weights).toEqual({});
    expect(builtinStrategy('macd').fixedTarget).toBeNull();
  });

  it('returns a suggestion for a mistyped built-in name', () => {
    expect(() => resolveStrategy('ensamble')).toThrow(
      "unknown strategy 'ensamble' — did you mean 'ensemble'? (built-ins: rsi, macd, bollinger, ensemble, hold, drl, or a .yaml/.json file)",
    );
    expect(() => resolveStrategy('./nope/strategy.yaml')).toThrow(
      'strategy file not found: ./nope/strategy.yaml',
    );
  });

  it('returns the agents a strategy uses, short-capable only on usdm', () => {
    const agents = createRuleAgents(resolveStrategy('ensemble'), 'usdm');
    expect(agents.map((a) => a.name)).toEqual(['rsi', 'macd', 'bollinger']);
    expect(agents.every((a) => a.opts.allowShort)).toBe(true);
    expect(createRuleAgents(resolveStrategy('rsi'), 'spot').map((a) => a.opts.allowShort)).toEqual([false]);
    expect(createRuleAgents(resolveStrategy('hold'), 'spot')).toEqual([]);
  });
});

describe('strategy files', () => {
  it('returns a full config from YAML', () => {
    const p = file(
      'good.yaml',
      [
        'mode: majority',
        'description: half policy, half rules',
        'weights: { drl: 2, rsi: 1, macd: 1, bollinger: 0 }',
        'agents:',
        '  rsi: { oversold: 25, overbought: 80 }',
        '  macd: { fullConfidence: 0.002 }',
        '  bollinger: { exitAtMid: false }',
        'risk: { maxPosition: 0.5, maxStep: 0.05, dailyLossLimit: 0.03, cooldownBars: 5 }',
      ].join('\n'),
    );
    const cfg = resolveStrategy(p);
    expect(cfg).toMatchObject({
      name: p,
      source: 'file',
      mode: 'majority',
      description: 'half policy, half rules',
      weights: { drl: 2, rsi: 1, macd: 1, bollinger: 0 },
      agents: {
        rsi: { oversold: 25, overbought: 80 },
        macd: { fullConfidence: 0.002 },
        bollinger: { exitAtMid: false },
      },
      risk: { maxPosition: 0.5, maxStep: 0.05, dailyLossLimit: 0.03, cooldownBars: 5 },
      fixedTarget: null,
    });
    const agents = createRuleAgents(cfg, 'spot');
    expect(
      agents.map((a) => a.name),
      'bollinger has weight 0',
    ).toEqual(['rsi', 'macd']);
    expect(agents[0]?.opts).toEqual({ oversold: 25, overbought: 80, allowShort: false });
  });

  it('returns a config from JSON with mode defaulting to weighted', () => {
    const cfg = resolveStrategy(file('s.json', '{"weights": {"rsi": 1, "macd": 1}}'));
    expect(cfg.mode).toBe('weighted');
    expect(cfg.risk).toEqual({});
  });

  it('returns one-line errors naming the problem', () => {
    expect(errorOf('typo.yaml', 'wieghts: { rsi: 1 }')).toBe(
      "unknown key 'wieghts' in <file> — did you mean 'weights'?",
    );
    expect(errorOf('agent.yaml', 'weights: { rsl: 1 }')).toBe(
      "unknown agent 'rsl' in weights in <file> — did you mean 'rsi'?",
    );
    expect(errorOf('agent2.yaml', 'weights: { lstm: 1 }')).toBe(
      "unknown agent 'lstm' in weights in <file> (expected: drl, rsi, macd, bollinger)",
    );
    expect(errorOf('neg.yaml', 'weights: { rsi: -1 }')).toBe(
      "weight for 'rsi' must be a number >= 0 in <file>, got -1",
    );
    expect(errorOf('nan.yaml', 'weights: { rsi: lots }')).toBe(
      "weight for 'rsi' must be a number >= 0 in <file>, got 'lots'",
    );
    expect(errorOf('zero.yaml', 'weights: { rsi: 0, drl: 0 }')).toBe(
      'all weights are zero in <file> — give at least one agent a weight > 0',
    );
    expect(errorOf('missing.yaml', 'mode: weighted')).toBe(
      "missing 'weights' in <file> (e.g. weights: { rsi: 1 })",
    );
    expect(errorOf('mode.yaml', 'mode: average\nweights: { rsi: 1 }')).toBe(
      "mode must be 'weighted' or 'majority' in <file>, got 'average'",
    );
    expect(errorOf('nested.yaml', 'weights: { rsi: 1 }\nagents: { rsi: { ovresold: 20 } }')).toBe(
      "unknown key 'ovresold' in agents.rsi in <file> — did you mean 'oversold'?",
    );
    expect(errorOf('bands.yaml', 'weights: { rsi: 1 }\nagents: { rsi: { oversold: 80 } }')).toBe(
      'agents.rsi.oversold (80) must be below overbought (70) in <file>',
    );
    expect(errorOf('risk.yaml', 'weights: { rsi: 1 }\nrisk: { maxStep: 5 }')).toBe(
      'risk.maxStep must be in (0, 2], got 5 in <file>',
    );
    expect(errorOf('riskkey.yaml', 'weights: { rsi: 1 }\nrisk: { maxPositon: 1 }')).toBe(
      "unknown key 'maxPositon' in risk in <file> — did you mean 'maxPosition'?",
    );
    expect(errorOf('drl.yaml', 'weights: { drl: 1 }\nagents: { drl: {} }')).toBe(
      "agent 'drl' has no rule options (its settings live in the model package) in <file>",
    );
    expect(errorOf('list.yaml', '- rsi\n- macd')).toBe(
      '<file> must be a mapping with mode, weights, agents, risk',
    );
  });

  it('returns one-line parse errors for broken YAML and JSON', () => {
    expect(errorOf('broken.yaml', 'weights: {rsi: 1')).toMatch(
      /^cannot parse <file>: Flow map .* at line 1, column 17$/,
    );
    expect(errorOf('dup.yaml', 'weights: { rsi: 1 }\nweights: { macd: 1 }')).toMatch(
      /^cannot parse <file>: Map keys must be unique at line 2/,
    );
    expect(errorOf('broken.json', '{"weights": ')).toMatch(/^cannot parse <file>: /);
  });

  it('returns Parsed values from text without touching the disk', () => {
    const r = parseStrategyText('weights: { macd: 1 }', 'inline.yaml');
    expect(r.ok && r.value.weights).toEqual({ macd: 1 });
    const bad = parseStrategyText('weights: { macd: 1 }\nextra: 1', 'inline.yaml');
    expect(bad).toEqual({
      ok: false,
      error: "unknown key 'extra' in inline.yaml (expected: mode, weights, agents, risk, description)",
    });
  });
});

describe('didYouMean', () => {
  it('returns transpositions as one edit and ignores far-off keys', () => {
    expect(editDistance('wieghts', 'weights')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(didYouMean('bolinger', ['rsi', 'bollinger'])).toBe('bollinger');
    expect(didYouMean('x', ['mode', 'risk'])).toBeNull();
  });
});
