import { describe, expect, it } from 'vitest';
import { F, OBSERVATION_FEATURES } from '../../src/engine/core/types.js';
import { MARKET_WIDTH } from '../../src/engine/train/marketSplit.js';
import { fitScaler } from '../../src/engine/train/scalerFit.js';
import { TradingEnv } from '../../src/engine/train/tradingEnv.js';
import type { EnvConfig } from '../../src/engine/train/tradingEnv.js';
import { SPOT_ENV, fixtureColumns, split } from './helpers.js';

const day = split(fixtureColumns());

function run(config: EnvConfig, policy: (bar: number) => number): { reward: number; env: TradingEnv } {
  const env = new TradingEnv(day, config);
  env.reset(0, day.length - 1);
  let reward = 0;
  let t = 0;
  while (!env.done) reward += env.step(policy(t++));
  return { reward, env };
}

describe('training environment', () => {
  it('returns lower rewards for a policy that trades every bar than for one that holds, because fees are in the reward', () => {
    const config: EnvConfig = { ...SPOT_ENV, rewardScale: 1, drawdownPenalty: 0 };
    // Same average exposure (0.5); the churner moves 0.1 of equity every bar once it is in.
    const hold = run(config, () => 0.5);
    const churn = run(config, (t) => (t % 2 === 0 ? 0.55 : 0.45));
    expect(churn.reward, 'trading every bar pays ~0.1 % of each order in fees').toBeLessThan(
      hold.reward - 0.02,
    );

    const free: EnvConfig = { ...config, feeRate: 0, slippageBps: 0 };
    const holdFree = run(free, () => 0.5);
    const churnFree = run(free, (t) => (t % 2 === 0 ? 0.55 : 0.45));
    expect(
      Math.abs(churnFree.reward - holdFree.reward),
      'without fees and slippage the two differ only by price moves on ±0.05 of equity',
    ).toBeLessThan((hold.reward - churn.reward) / 10);
  });

  it('returns rewards that sum to the log growth of equity after costs', () => {
    const config: EnvConfig = { ...SPOT_ENV, rewardScale: 100, drawdownPenalty: 0 };
    const { reward, env } = run(config, (t) => Math.sin(t / 30));
    expect(reward / 100).toBeCloseTo(Math.log(env.equity / SPOT_ENV.startCash), 9);
    expect(env.logReturn).toBeCloseTo(Math.log(env.equity / SPOT_ENV.startCash), 9);
  });

  it('returns a drawdown-penalised reward no higher than the plain one, equal when nothing deepens a drawdown', () => {
    const plain = run({ ...SPOT_ENV, rewardScale: 1, drawdownPenalty: 0 }, () => 1);
    const penalised = run({ ...SPOT_ENV, rewardScale: 1, drawdownPenalty: 0.5 }, () => 1);
    expect(penalised.reward).toBeLessThan(plain.reward);
    const flat = run({ ...SPOT_ENV, rewardScale: 1, drawdownPenalty: 0.5 }, () => 0);
    expect(flat.reward, 'a flat policy never trades and never draws down').toBe(0);
  });

  it('returns observations in the policy order from the precomputed features and the position terms', () => {
    const env = new TradingEnv(day, { ...SPOT_ENV, rewardScale: 1, drawdownPenalty: 0 });
    env.reset(100, 50);
    for (let k = 0; k < 5; k++) env.step(1);
    const i = env.index;
    expect(env.obs[0], 'position').toBeCloseTo(env.position, 12);
    expect(env.position, 'five steps of at most 0.1 each').toBeLessThanOrEqual(0.5 + 1e-9);
    expect(env.obs[0]!).toBeGreaterThan(0.35);
    OBSERVATION_FEATURES.forEach((name, slot) => {
      if (name === 'position' || name === 'position_change') return;
      expect(env.obs[slot], name).toBe(day.features[i * MARKET_WIDTH + F[name]]);
    });
  });

  it('returns a scaler whose market statistics come from the split it was fitted on', () => {
    const s = fitScaler('standard', day, OBSERVATION_FEATURES, 0.1);
    if (s.kind !== 'standard') throw new Error('expected a standard scaler');
    const slot = OBSERVATION_FEATURES.indexOf('bb_mid');
    let mean = 0;
    for (let i = 0; i < day.length; i++) mean += day.close[i]! / day.length;
    expect(s.mean[slot]!, 'bb_mid averages the closes to within a few dollars').toBeGreaterThan(mean - 5);
    expect(s.mean[slot]!).toBeLessThan(mean + 5);
    expect(s.std[OBSERVATION_FEATURES.indexOf('position_change')]).toBe(0.1);
    expect(s.fittedOn?.from).toBe('2024-03-29T00:00:00.000Z');
  });
});
