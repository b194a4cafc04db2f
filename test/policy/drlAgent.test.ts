import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_FEATURE_PARAMS, OBSERVATION_FEATURES } from '../../src/engine/core/types.js';
import type { AgentInput, Bar } from '../../src/engine/core/types.js';
import { createDrlAgent } from '../../src/engine/agents/drlAgent.js';
import { FeatureEngine } from '../../src/engine/features/featureEngine.js';
import { loadPolicyPackage } from '../../src/engine/policy/loadPolicy.js';
import type { PolicyPackage } from '../../src/engine/policy/loadPolicy.js';
import type { PolicyScaler } from '../../src/engine/policy/policyJson.js';
import { writePolicyPackage } from '../../src/engine/policy/writePackage.js';
import {
  FIXTURE_DAY,
  draft,
  fitStandard,
  naiveForward,
  randomLayers,
  readKlineZips,
  realObservations,
  tempDir,
} from './helpers.js';

const BAR: Bar = { openTime: 0, open: 1, high: 1, low: 1, close: 1, volume: 1, closeTime: 59_999 };

describe('DRL agent', () => {
  let root = '';
  let pkg: PolicyPackage;
  beforeAll(async () => {
    root = tempDir('agent');
    const rows = realObservations([FIXTURE_DAY], 1440);
    const written = writePolicyPackage(join(root, 'eth-test'), {
      // Large output weights so some real bars ask for more than ±1 and get clipped.
      layers: randomLayers([15, 32, 32, 1], 8).map((l, k) =>
        k === 2 ? { ...l, W: l.W.map((v) => v * 6) } : l,
      ),
      policyJson: draft({
        name: 'eth-test',
        scaler: fitStandard(rows.slice(0, 700)),
        clip: { observation: [-5, 5], action: [-1, 1] },
      }),
    });
    if (!written.ok) throw new Error(written.error);
    const loaded = await loadPolicyPackage(join(root, 'eth-test'));
    if (!loaded.ok) throw new Error(loaded.error);
    pkg = loaded.value;
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('returns targets from the policy on real bars: scaled, forwarded, clipped, confidence = |target|', () => {
    const agent = createDrlAgent({ ok: true, value: pkg });
    expect(agent.available).toBe(true);
    expect(agent.kernel).toBe('wasm-simd');
    const { close, volume } = readKlineZips([FIXTURE_DAY], 1440);
    const engine = new FeatureEngine(DEFAULT_FEATURE_PARAMS);
    const mean = (pkg.policy.scaler as Extract<PolicyScaler, { kind: 'standard' }>).mean;
    const std = (pkg.policy.scaler as Extract<PolicyScaler, { kind: 'standard' }>).std;
    let clipped = 0;
    for (let i = 0; i < close.length; i++) {
      const input: AgentInput = {
        bar: BAR,
        features: engine.update(close[i]!, volume[i]!, 0),
        position: 0.3,
        positionChange: 0.1,
      };
      agent.step(input);
      const { raw, scaled } = agent.observation;
      const want = naiveForward(
        pkg.layers,
        raw.map((v, j) => Math.min(5, Math.max(-5, (v - mean[j]!) / (std[j]! || 1)))),
      );
      expect(scaled[0], 'position is the first feature, scaled').toBeCloseTo(
        (0.3 - mean[0]!) / (std[0]! || 1),
        12,
      );
      expect(agent.target).toBeCloseTo(Math.min(1, Math.max(-1, want)), 9);
      expect(agent.confidence).toBe(Math.abs(agent.target));
      if (Math.abs(want) > 1) clipped++;
    }
    expect(clipped, 'the clip to clip.action is exercised').toBeGreaterThan(0);
  });

  it('returns a vote whose reason names the model, the target and the top inputs with raw values', () => {
    const agent = createDrlAgent({ ok: true, value: pkg });
    const engine = new FeatureEngine(DEFAULT_FEATURE_PARAMS);
    const { close, volume } = readKlineZips([FIXTURE_DAY], 300);
    let features: Float64Array = new Float64Array(13);
    for (let i = 0; i < close.length; i++) features = engine.update(close[i]!, volume[i]!, 0);
    agent.step({ bar: BAR, features, position: 0, positionChange: 0 });
    const vote = agent.vote();
    expect(vote.agent).toBe('drl');
    expect(vote.target).toBe(agent.target);
    expect(vote.reason).toMatch(/^policy eth-test → [+-]\d\.\d\d( \[raw [+-]\d+\.\d\d\])? \(\w+=-?\d+(\.\d\d)?, \w+=-?\d+(\.\d\d)?, \w+=-?\d+(\.\d\d)?\)$/); // prettier-ignore
    const quoted = /\((.*)\)$/
      .exec(vote.reason)![1]!
      .split(', ')
      .map((kv) => kv.split('=')[0]!);
    for (const name of quoted) expect(OBSERVATION_FEATURES as readonly string[]).toContain(name);
  });

  it("returns the same observation arrays every bar (read, don't keep) and a JSON identity", () => {
    const agent = createDrlAgent({ ok: true, value: pkg });
    const before = agent.observation.raw;
    agent.step({ bar: BAR, features: new Float64Array(13), position: 0, positionChange: 0 });
    expect(agent.observation.raw, 'no allocation per bar').toBe(before);
    expect(agent.observation.features).toEqual(OBSERVATION_FEATURES);
    expect(agent.toJSON()).toEqual({
      model: 'eth-test',
      sha256: pkg.sha256,
      available: true,
      target: agent.target,
    });
  });

  it('returns target 0, confidence 0 and a "not finite" reason for a NaN feature', () => {
    const agent = createDrlAgent({ ok: true, value: pkg });
    const features = new Float64Array(13);
    features[0] = NaN;
    agent.step({ bar: BAR, features, position: 0, positionChange: 0 });
    expect(agent.target).toBe(0);
    expect(agent.confidence).toBe(0);
    expect(agent.vote().reason).toBe('policy eth-test output not finite (non-finite z_score) → 0');
  });

  describe('observation-only mode', () => {
    it('returns "no model" with target 0 and still fills the raw 15-D observation', () => {
      const agent = createDrlAgent(null);
      expect(agent.available).toBe(false);
      const features = new Float64Array(13).map((_, i) => i + 1);
      agent.step({ bar: BAR, features, position: 0.5, positionChange: -0.1 });
      expect(agent.vote()).toEqual({ agent: 'drl', target: 0, confidence: 0, reason: 'no model' });
      expect([...agent.observation.raw], 'the UI panel keeps working').toEqual([
        0.5, 1, 2, 3, 4, -0.1, 5, 6, 7, 8, 9, 10, 11, 12, 13,
      ]);
      expect(agent.kernel).toBeNull();
    });

    it("returns the loader's one-line error as the reason for a broken package", async () => {
      const broken = await loadPolicyPackage(join(root, 'does-not-exist'));
      const agent = createDrlAgent(broken);
      expect(agent.available).toBe(false);
      expect(agent.vote().reason).toBe(`no model: ${join(root, 'does-not-exist')}: no such policy directory`);
      expect(agent.target).toBe(0);
    });
  });
});
