import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { trainCommand } from '../../src/commands/train.js';
import { createDrlAgent } from '../../src/engine/agents/drlAgent.js';
import { runBacktest } from '../../src/engine/backtest.js';
import { DEFAULT_FEATURE_PARAMS, F, OBSERVATION_FEATURES } from '../../src/engine/core/types.js';
import type { AgentInput, Bar } from '../../src/engine/core/types.js';
import { FeatureEngine } from '../../src/engine/features/featureEngine.js';
import { loadPolicyPackage } from '../../src/engine/policy/loadPolicy.js';
import type { PolicyPackage } from '../../src/engine/policy/loadPolicy.js';
import { PolicyRunner, evaluatePolicy } from '../../src/engine/train/evaluate.js';
import { MARKET_WIDTH, sliceColumns, splitRange } from '../../src/engine/train/marketSplit.js';
import { defaultHyperparameters } from '../../src/engine/train/trainConfig.js';
import type { Hyperparameters } from '../../src/engine/train/trainConfig.js';
import { trainPolicy } from '../../src/engine/train/trainer.js';
import { writeTrainedPackage } from '../../src/engine/train/trainPackage.js';
import { FIXTURE_DAY, SPOT_ENV, TEST_CONFIG, fixtureColumns, split, tempDir } from './helpers.js';

const BAR: Bar = { openTime: 0, open: 1, high: 1, low: 1, close: 1, volume: 1, closeTime: 59_999 };

/** A few seconds of PPO: 2 envs × 64 steps per update, two updates. */
const TINY: Hyperparameters = {
  ...defaultHyperparameters('ppo'),
  hidden: [16, 16],
  nEnvs: 2,
  nSteps: 64,
  epochs: 2,
  minibatch: 64,
  episodeBars: 200,
  evalEveryUpdates: 1,
};

describe('drl-tui train', () => {
  let root = '';
  let pkg: PolicyPackage;
  const cols = fixtureColumns();
  const cut = Math.floor(cols.length * 0.8);

  beforeAll(async () => {
    root = tempDir('cmd');
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      await trainCommand(TEST_CONFIG, {
        data: [FIXTURE_DAY],
        eval: [],
        algo: 'ppo',
        steps: '64',
        seed: '3',
        out: join(root, 'tiny'),
        argv: ['train', '--data', FIXTURE_DAY, '--steps', '64', '--seed', '3', '--out', join(root, 'tiny')],
      });
    } finally {
      stdout.mockRestore();
      stderr.mockRestore();
    }
    const loaded = await loadPolicyPackage(join(root, 'tiny'));
    if (!loaded.ok) throw new Error(loaded.error);
    pkg = loaded.value;
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('returns a package that loads and whose DRL agent produces finite targets in [−1, 1] on real bars', () => {
    const agent = createDrlAgent({ ok: true, value: pkg });
    expect(agent.available, agent.unavailableReason ?? '').toBe(true);
    const engine = new FeatureEngine(DEFAULT_FEATURE_PARAMS);
    for (let i = 0; i < cols.length; i++) {
      const input: AgentInput = {
        bar: BAR,
        features: engine.update(cols.close[i]!, cols.volume[i]!, 0),
        position: 0.3,
        positionChange: 0,
      };
      agent.step(input);
      expect(Number.isFinite(agent.target) && Math.abs(agent.target) <= 1, `bar ${i}: ${agent.target}`).toBe(
        true,
      );
    }
    const t = pkg.policy.training;
    expect(t.algo).toBe('ppo');
    expect(t.seed).toBe(3);
    expect(t.command).toContain('drl-tui train --data');
    expect(t.train?.bars).toBe(cut);
    expect(t.eval?.bars, 'no --eval: the last 20 % of the bars validate').toBe(cols.length - cut);
    expect(Date.parse(t.eval!.from), 'chronological: validation after training').toBeGreaterThan(
      Date.parse(t.train!.to),
    );
    expect(pkg.policy.metrics['validation'], 'validation metrics recorded').toBeTruthy();
  });

  it('returns a scaler fitted on the training split only', () => {
    const s = pkg.policy.scaler;
    if (s.kind !== 'standard') throw new Error('expected a standard scaler');
    expect(s.fittedOn).toEqual({ from: pkg.policy.training.train!.from, to: pkg.policy.training.train!.to });
    const stats = (from: number, to: number, k: number): { mean: number; std: number } => {
      // Features of the training split come from a fresh engine at its first bar, as the trainer builds them.
      const f = split(sliceColumns(cols, 0, to)).features;
      let m = 0;
      for (let i = from; i < to; i++) m += f[i * MARKET_WIDTH + k]! / (to - from);
      let v = 0;
      for (let i = from; i < to; i++) v += (f[i * MARKET_WIDTH + k]! - m) ** 2 / (to - from);
      return { mean: m, std: Math.sqrt(v) };
    };
    for (const name of ['z_score', 'bb_mid', 'obv', 'rsi'] as const) {
      const slot = OBSERVATION_FEATURES.indexOf(name);
      const train = stats(0, cut, F[name]);
      const all = stats(0, cols.length, F[name]);
      expect(s.mean[slot], `${name} mean = the training split's`).toBeCloseTo(train.mean, 6);
      expect(s.std[slot], `${name} std = the training split's`).toBeCloseTo(train.std, 6);
      if (name === 'bb_mid' || name === 'obv')
        expect(
          Math.abs(s.mean[slot]! - all.mean),
          `${name}: fitting on train+eval would give another mean`,
        ).toBeGreaterThan(1e-3);
    }
  });

  it('returns the backtest’s own numbers: the training environment and `backtest --strategy drl` agree fill for fill', async () => {
    const dayRunner = new PolicyRunner(
      pkg.layers,
      pkg.policy.scaler,
      pkg.inputWidth,
      pkg.policy.clip.observation,
    );
    const env = evaluatePolicy(split(cols), { ...SPOT_ENV, rewardScale: 1, drawdownPenalty: 0 }, dayRunner);
    const { report } = await runBacktest({
      data: [FIXTURE_DAY],
      market: 'spot',
      strategy: 'drl',
      modelDir: pkg.dir,
      sentimentDir: null,
      startCash: 10_000,
      feeRate: 0.001,
      slippageBps: 1,
    });
    expect(env.fingerprint).toBe(report.fingerprint.sha256);
    expect(env.orders).toBe(report.fingerprint.fills);
  });

  it('returns one-line errors for a missing --out and for a validation split that is not after the training split', async () => {
    await expect(
      trainCommand(TEST_CONFIG, {
        data: [FIXTURE_DAY],
        eval: [],
        algo: undefined,
        steps: undefined,
        seed: undefined,
        out: undefined,
        argv: [],
      }),
    ).rejects.toThrow(/^train needs --out <dir>/);
    await expect(
      trainCommand(TEST_CONFIG, {
        data: [FIXTURE_DAY],
        eval: [],
        algo: 'sac',
        steps: undefined,
        seed: undefined,
        out: 'x',
        argv: [],
      }),
    ).rejects.toThrow("--algo must be a2c or ppo, got 'sac'");
    const train = split(sliceColumns(cols, 700, 1440));
    const early = split(sliceColumns(cols, 0, 700));
    await expect(
      trainPolicy({ train, validation: early, env: SPOT_ENV, hparams: TINY, seed: 1, steps: 10 }),
    ).rejects.toThrow(
      'training: the validation split must start after the training split ends (chronological splits)',
    );
  });

  it('returns the same package sha256 for the same seed and a different one for another seed', async () => {
    const train = split(sliceColumns(cols, 0, cut));
    const validation = split(sliceColumns(cols, cut, cols.length));
    const once = async (seed: number): Promise<string> => {
      const result = await trainPolicy({ train, validation, env: SPOT_ENV, hparams: TINY, seed, steps: 256 });
      const written = writeTrainedPackage(join(root, 'det'), result, {
        name: 'det',
        command: 'test',
        seed,
        featureParams: DEFAULT_FEATURE_PARAMS,
        train: splitRange(train),
        validation: splitRange(validation),
        hparams: TINY,
        market: 'spot',
        feeRate: 0.001,
        slippageBps: 1,
        startCash: 10_000,
        sentiment: 'none (0)',
      });
      if (!written.ok) throw new Error(written.error);
      return written.value.sha256;
    };
    const a = await once(11);
    const weightsA = readFileSync(join(root, 'det', 'weights.bin'));
    const b = await once(11);
    expect(b, 'same seed, same data → the same package').toBe(a);
    expect(readFileSync(join(root, 'det', 'weights.bin')).equals(weightsA)).toBe(true);
    expect(await once(12), 'another seed → other weights').not.toBe(a);
  });
});
