import type { OptimizerSpec } from './actorCritic.js';
import type { ScalerKind } from './scalerFit.js';

export type Algo = 'a2c' | 'ppo';
export const ALGOS: readonly Algo[] = ['a2c', 'ppo'];

/**
 * Everything that shapes a training run besides the data. Defaults follow stable-baselines3's
 * A2C/PPO (separate 64-64 tanh actor and critic, orthogonal init, log std 0, GAE, clipped
 * surrogate, grad-norm 0.5) except where trading on 1-minute bars with fees needs otherwise,
 * chosen on the validation split of the default model (Feb 15–29 2024), never on its test month:
 * - gamma 0.999: an entry costs 0.1 % at once and pays back over hundreds of bars; with 0.99
 *   (a ~100-bar horizon) holding can never look worth its fee.
 * - PPO learning rate 1e-3 (SB3: 3e-4): at 3e-4 the policy was still churning (paying fees on
 *   its exploration noise every bar) after 100k steps; at 1e-3 it stops churning within ~120k.
 * - episodes are one-day windows of the training split at seeded random start bars, starting
 *   flat with the start cash as a backtest does; the reward is the log return × 100.
 * - actions are clipped (not tanh-squashed): on spot both ends of the clipped range are
 *   fee-free resting states (u ≤ 0 → flat, u ≥ 1 → all in, where the cash cap stops
 *   rebalancing), whereas tanh only approaches 1 and keeps rebalancing near it.
 */
export interface Hyperparameters {
  readonly algo: Algo;
  readonly hidden: readonly number[];
  readonly activation: 'tanh' | 'relu';
  readonly nEnvs: number;
  /** Steps per env per rollout: one update sees nEnvs × nSteps transitions. */
  readonly nSteps: number;
  /** PPO: passes over each rollout and rows per gradient step; A2C: 1 and the whole rollout. */
  readonly epochs: number;
  readonly minibatch: number;
  readonly optimizer: OptimizerSpec;
  readonly gamma: number;
  readonly gaeLambda: number;
  readonly clipRange: number | null;
  readonly entCoef: number;
  readonly vfCoef: number;
  readonly maxGradNorm: number;
  readonly normalizeAdvantage: boolean;
  readonly logStdInit: number;
  /** How a Gaussian sample becomes an action in [−1, 1]: clipped, or squashed with tanh. */
  readonly squash: 'clip' | 'tanh';
  /** Initial bias of the action output (the initial mean action, since the output weights start near 0). */
  readonly actionBiasInit: number;
  readonly episodeBars: number;
  readonly rewardScale: number;
  readonly drawdownPenalty: number;
  readonly scaler: ScalerKind;
  /** |scaled observation| is clipped to this (stored as policy.json clip.observation). */
  readonly obsClip: number;
  /** Evaluate on the validation split every this many updates (and after the last). */
  readonly evalEveryUpdates: number;
}

export function defaultHyperparameters(algo: Algo): Hyperparameters {
  const common = {
    hidden: [64, 64],
    activation: 'tanh' as const,
    gamma: 0.999,
    entCoef: 0,
    vfCoef: 0.5,
    maxGradNorm: 0.5,
    logStdInit: 0,
    actionBiasInit: 0,
    squash: 'clip' as const,
    episodeBars: 1440,
    rewardScale: 100,
    drawdownPenalty: 0,
    scaler: 'standard' as const,
    obsClip: 5,
  };
  return algo === 'ppo'
    ? {
        ...common,
        algo,
        nEnvs: 8,
        nSteps: 256,
        epochs: 4,
        minibatch: 512,
        optimizer: { kind: 'adam', learningRate: 1e-3 },
        gaeLambda: 0.95,
        clipRange: 0.2,
        normalizeAdvantage: true,
        evalEveryUpdates: 4,
      }
    : {
        ...common,
        algo,
        nEnvs: 8,
        nSteps: 32,
        epochs: 1,
        minibatch: 256,
        optimizer: { kind: 'rmsprop', learningRate: 7e-4 },
        gaeLambda: 1,
        clipRange: null,
        normalizeAdvantage: false,
        evalEveryUpdates: 32,
      };
}

/** One-line reason when a hyperparameter is out of range, else null. */
export function checkHyperparameters(h: Hyperparameters): string | null {
  const posInt = (v: number): boolean => Number.isInteger(v) && v > 0;
  if (!ALGOS.includes(h.algo)) return `algo must be a2c or ppo, got ${String(h.algo)}`;
  if (h.hidden.length === 0 || !h.hidden.every(posInt)) return 'hidden layer sizes must be whole numbers > 0';
  if (!posInt(h.nEnvs) || !posInt(h.nSteps) || !posInt(h.epochs) || !posInt(h.minibatch))
    return 'nEnvs, nSteps, epochs and minibatch must be whole numbers > 0';
  if (!(h.optimizer.learningRate > 0)) return 'learning rate must be > 0';
  if (!(h.gamma > 0 && h.gamma <= 1) || !(h.gaeLambda >= 0 && h.gaeLambda <= 1))
    return 'gamma and lambda must be in (0, 1]';
  if (h.clipRange !== null && !(h.clipRange > 0)) return 'clip range must be > 0';
  if (!(h.entCoef >= 0 && h.vfCoef >= 0 && h.maxGradNorm > 0))
    return 'loss coefficients must be >= 0 (max grad norm > 0)';
  if (!posInt(h.episodeBars) || h.episodeBars < 2) return 'episodeBars must be a whole number >= 2';
  if (!(h.rewardScale > 0) || !(h.drawdownPenalty >= 0))
    return 'rewardScale must be > 0 and drawdownPenalty >= 0';
  if (!(h.obsClip > 0)) return 'obsClip must be > 0';
  if (h.squash !== 'clip' && h.squash !== 'tanh')
    return `squash must be clip or tanh, got ${String(h.squash)}`;
  if (!posInt(h.evalEveryUpdates)) return 'evalEveryUpdates must be a whole number > 0';
  return null;
}
