import type { FeatureParams, Market, Parsed } from '../core/types.js';
import { ACTION_MEANING, POLICY_FORMAT_VERSION } from '../policy/policyJson.js';
import type { DataRange, JsonObject, JsonValue, PolicyJsonDraft } from '../policy/policyJson.js';
import { writePolicyPackage } from '../policy/writePackage.js';
import type { WrittenPackage } from '../policy/writePackage.js';
import type { EvalMetrics } from './evaluate.js';
import type { Hyperparameters } from './trainConfig.js';
import type { TrainResult } from './trainer.js';
import { FINGERPRINT_FORMAT } from '../report/fingerprint.js';

export interface PackageMeta {
  readonly name: string;
  readonly command: string;
  readonly seed: number;
  readonly featureParams: FeatureParams;
  readonly train: DataRange;
  readonly validation: DataRange;
  readonly hparams: Hyperparameters;
  readonly market: Market;
  readonly feeRate: number;
  readonly slippageBps: number;
  readonly startCash: number;
  readonly sentiment: string;
}

export const REWARD_DEFINITION =
  'r_t = rewardScale · ln(E_{t+1}/E_t) − drawdownPenalty · rewardScale · max(0, ΔDD_{t+1}); E = equity at the bar close after fees and slippage, DD = ln(peak E / E) within the episode';
export const ACTION_DEFINITION: Readonly<Record<Hyperparameters['squash'], string>> = {
  clip: 'u ~ N(μ(s), exp(logStd)), state-independent logStd; action = clip(u, −1, 1) (spot: negatives → 0 by risk); trading uses clip(μ, −1, 1), the network output clamped',
  tanh: 'u ~ N(μ(s), exp(logStd)), state-independent logStd; action = tanh(u) (spot: negatives → 0 by risk); trading uses tanh(μ), the network output (its last layer is tanh)',
};

/**
 * policy.json for a trained policy and the package on disk. Everything in it is a function of the
 * command's inputs (data, seed, options), never of the clock, so the same command writes a
 * package with the same sha256; wall time is reported by the command, not stored.
 */
export function writeTrainedPackage(
  dir: string,
  result: TrainResult,
  meta: PackageMeta,
): Parsed<WrittenPackage> {
  const h = meta.hparams;
  const draft: PolicyJsonDraft = {
    formatVersion: POLICY_FORMAT_VERSION,
    name: meta.name,
    observation: { features: [...result.order], width: result.order.length },
    featureParams: meta.featureParams,
    scaler: result.scaler,
    clip: { observation: result.obsClip, action: [-1, 1] },
    action: { meaning: ACTION_MEANING, low: -1, high: 1 },
    training: {
      algo: h.algo,
      steps: result.steps,
      seed: meta.seed,
      train: meta.train,
      eval: meta.validation,
      command: meta.command,
      source: null,
    },
    metrics: {
      selection:
        'checkpoint with the best validation Sharpe (per-bar, annualised ×√525600; 0 when undefined)',
      bestCheckpoint: { update: result.best.update, steps: result.best.steps },
      train: evalJson(result.trainMetrics),
      validation: evalJson(result.best.validation),
      history: result.history.map((p) => ({ steps: p.steps, sharpe: p.sharpe, returnPct: p.returnPct })),
      trainer: {
        updates: result.updates,
        episodes: result.episodes,
        finalStd: round(result.finalStd),
        reward: REWARD_DEFINITION,
        action: ACTION_DEFINITION[h.squash],
        env: {
          market: meta.market,
          feeRate: meta.feeRate,
          slippageBps: meta.slippageBps,
          startCash: meta.startCash,
          fill: 'market order at the next bar open ± slippage (as the backtest)',
          risk: 'RiskManager defaults (maxStep 0.1 per bar, maxPosition 1, dailyLossLimit 0.05)',
          sentiment: meta.sentiment,
        },
        hyperparameters: hparamsJson(h),
      },
    },
  };
  return writePolicyPackage(dir, { layers: result.best.layers, policyJson: draft });
}

function evalJson(m: EvalMetrics): JsonObject {
  return {
    bars: m.bars,
    returnPct: round(m.returnPct),
    sharpe: round(m.sharpe),
    maxDrawdownPct: round(m.maxDrawdownPct),
    orders: m.orders,
    trades: m.trades,
    turnover: round(m.turnover),
    feesPaid: round(m.feesPaid),
    exposurePct: round(m.exposurePct),
    buyAndHoldPct: round(m.buyAndHoldPct),
    fillsSha256: m.fingerprint,
    fillsFormat: FINGERPRINT_FORMAT,
  };
}

function hparamsJson(h: Hyperparameters): JsonObject {
  const out: Record<string, JsonValue> = {};
  for (const [k, v] of Object.entries(h)) out[k] = JSON.parse(JSON.stringify(v)) as JsonValue;
  return out;
}

function round(x: number | null): number | null {
  return x === null || !Number.isFinite(x) ? null : Math.round(x * 1e6) / 1e6;
}
