import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseStrategyText, resolveStrategy } from '../../src/engine/agents/strategyFile.js';
import { checkParams } from '../../src/engine/features/featureState.js';
import { importSb3 } from '../../src/engine/policy/importSb3.js';
import { loadPolicyPackage } from '../../src/engine/policy/loadPolicy.js';
import { parsePolicyJson } from '../../src/engine/policy/parsePolicyJson.js';
import { RUNS, damaged, damagedText, expectOneLineReason, snapshot, tempFolder } from './support.js';

const dir = tempFolder('policy');
// A real policy package: the stable-baselines3 fixture imported the way users import theirs.
const PKG = join(dir, 'tiny15');
const imported = await importSb3(join(import.meta.dirname, '../fixtures/policy/sb3_a2c_tiny15.zip'), {
  out: PKG,
});
if (!imported.ok) throw new Error(imported.error);
const POLICY_TEXT = readFileSync(join(PKG, 'policy.json'), 'utf8');
const POLICY = JSON.parse(POLICY_TEXT) as Record<string, unknown>;
const FILES = ['policy.json', 'model.json', 'weights.bin'] as const;

/** policy.json with one field (up to two levels down) replaced by any JSON value, or deleted. */
const mutatedPolicy = fc
  .tuple(
    fc.constantFrom(
      ...Object.entries(POLICY).flatMap(([k, v]) =>
        typeof v === 'object' && v !== null && !Array.isArray(v)
          ? [[k], ...Object.keys(v).map((n) => [k, n])]
          : [[k]],
      ),
    ),
    fc.option(fc.jsonValue(), { nil: undefined }),
  )
  .map(([path, value]) => {
    const copy = JSON.parse(POLICY_TEXT) as Record<string, Record<string, unknown>>;
    const [a, b] = path as [string, string | undefined];
    if (b === undefined) (copy as Record<string, unknown>)[a] = value;
    else copy[a]![b] = value;
    return copy as unknown;
  });

describe('policy.json under fuzzing', () => {
  it('returns a usable policy or a one-line reason for any JSON value or mutated real policy.json', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), mutatedPolicy, fc.anything()), (raw) => {
        const r = parsePolicyJson(raw);
        expectOneLineReason(r, 'parsePolicyJson');
        if (!r.ok) return;
        const p = r.value.policy;
        expect(checkParams(p.featureParams), 'accepted feature params drive an engine').toBeNull();
        expect(p.observation.features).toHaveLength(p.observation.width);
      }),
      RUNS,
    );
  });

  it('returns a one-line reason for a package with a damaged file, and never changes the files', async () => {
    const originals = Object.fromEntries(FILES.map((f) => [f, new Uint8Array(readFileSync(join(PKG, f)))]));
    let k = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...FILES).chain((f) => damaged(originals[f]!).map((b) => [f, b] as const)),
        async ([file, bytes]) => {
          const copy = join(dir, `pkg${k++}`);
          cpSync(PKG, copy, { recursive: true });
          writeFileSync(join(copy, file), bytes);
          const before = FILES.map((f) => snapshot(join(copy, f)));
          const r = await loadPolicyPackage(copy);
          expectOneLineReason(r, 'loadPolicyPackage');
          expect(FILES.map((f) => snapshot(join(copy, f)))).toEqual(before);
          // Loading anyway means the damage did not change what the package hashes to.
          if (r.ok) expect(r.value.sha256).toBe(POLICY.sha256);
        },
      ),
      { ...RUNS, numRuns: 100 },
    );
  });
});

const REAL_STRATEGY = `mode: weighted
weights: { drl: 1, rsi: 0.5, macd: 0.5, bollinger: 0 }
agents:
  rsi: { oversold: 30, overbought: 70 }
  macd: { fullConfidence: 0.001 }
  bollinger: { exitAtMid: true }
risk: { maxPosition: 1, maxStep: 0.1, dailyLossLimit: 0.05, cooldownBars: 0 }
description: the README example
`;

describe('strategy config under fuzzing', () => {
  it('returns a valid strategy or a one-line reason for random, damaged or JSON text, YAML or JSON', () => {
    const text = fc.oneof(
      fc.string({ maxLength: 200 }),
      damagedText(REAL_STRATEGY),
      damagedText(JSON.stringify(resolveStrategy('ensemble'))),
      fc.jsonValue().map((v) => JSON.stringify(v)),
    );
    fc.assert(
      fc.property(text, fc.constantFrom('s.yaml', 's.yml', 's.json'), (t, file) => {
        let r: ReturnType<typeof parseStrategyText>;
        try {
          r = parseStrategyText(t, file);
        } catch (e) {
          throw new Error(`parseStrategyText threw on ${JSON.stringify(t.slice(0, 80))}: ${String(e)}`);
        }
        expectOneLineReason(r, 'parseStrategyText');
        if (!r.ok) return;
        const weights = Object.values(r.value.weights);
        expect(weights.some((w) => w! > 0) && weights.every((w) => Number.isFinite(w) && w! >= 0)).toBe(true);
      }),
      RUNS,
    );
  });

  it('returns the README example as written (the harness parses real config)', () => {
    const r = parseStrategyText(REAL_STRATEGY, 's.yaml');
    expect(r.ok && r.value.weights).toEqual({ drl: 1, rsi: 0.5, macd: 0.5, bollinger: 0 });
  });
});
