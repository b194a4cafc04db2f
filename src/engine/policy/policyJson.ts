import { OBSERVATION_FEATURES } from '../core/types.js';
import type { FeatureParams } from '../core/types.js';
import type { Activation } from './fastForward.js';

/**
 * `models/<name>/policy.json`: everything besides the weights that decides what the policy sees
 * and what its output means. The live and backtest feature engines take their parameters from
 * here, so training and trading cannot disagree. Parsed by parsePolicyJson.ts.
 *
 * Example (abridged):
 * {
 *   "formatVersion": 1, "name": "eth-a2c-v1",
 *   "observation": { "features": ["position", "z_score", …], "width": 15 },
 *   "featureParams": { "maPeriod": 20, … },
 *   "scaler": { "kind": "standard", "mean": [...15], "std": [...15],
 *               "fittedOn": { "from": "2024-01-01T00:00:00.000Z", "to": "2024-02-29T23:59:00.000Z" } },
 *   "clip": { "observation": [-5, 5], "action": [-1, 1] },
 *   "action": { "meaning": "target position fraction of equity", "low": -1, "high": 1 },
 *   "network": { "layers": [{ "units": 64, "activation": "tanh" }, …, { "units": 1, "activation": "linear" }] },
 *   "training": { "algo": "a2c", "steps": 200000, "seed": 7, "train": {…}, "eval": {…}, "command": "drl-tui train …", "source": null },
 *   "metrics": { … free-form JSON … },
 *   "compatible": true, "incompatibleReason": null,
 *   "sha256": "…"  (see packageHash.ts)
 * }
 */

export const POLICY_FORMAT_VERSION = 1;
export const ACTION_MEANING = 'target position fraction of equity';
export const POLICY_FILE = 'policy.json';
export const MODEL_FILE = 'model.json';
export const WEIGHTS_FILE = 'weights.bin';

export type JsonValue =
  null | boolean | number | string | readonly JsonValue[] | { readonly [k: string]: JsonValue };
export type JsonObject = { readonly [k: string]: JsonValue };

/** Inclusive time range, ISO-8601 UTC strings (e.g. "2024-01-01T00:00:00.000Z"). */
export interface TimeRange {
  readonly from: string;
  readonly to: string;
}

export interface DataRange extends TimeRange {
  readonly symbol: string | null;
  readonly bars: number | null;
}

/**
 * Observation scaling, applied per feature after the ObservationBuilder and before the network
 * (scaler.ts), fitted on the training split only (`fittedOn`).
 * - standard: x' = (x − mean)/std (std 0 → treated as 1, as scikit-learn does)
 * - minmax:   x' = range[0] + (x − min)·(range[1] − range[0])/(max − min) (max = min → span 1)
 * - none:     x' = x
 */
export type PolicyScaler =
  | { readonly kind: 'none' }
  | {
      readonly kind: 'standard';
      readonly mean: readonly number[];
      readonly std: readonly number[];
      readonly fittedOn: TimeRange | null;
    }
  | {
      readonly kind: 'minmax';
      readonly min: readonly number[];
      readonly max: readonly number[];
      readonly range: readonly [number, number];
      readonly fittedOn: TimeRange | null;
    };

export interface PolicyTraining {
  readonly algo: string; // 'a2c' | 'ppo' | 'sb3-a2c' | 'sb3-ppo' | …
  readonly steps: number | null;
  readonly seed: number | null;
  readonly train: DataRange | null;
  readonly eval: DataRange | null;
  /** The exact command that produced the package, for the model card. */
  readonly command: string | null;
  /** Where the weights came from when not trained here, e.g. "sb3 a2c_btc_5m.zip (SB3 2.7.1)". */
  readonly source: string | null;
}

export interface NetworkLayerSpec {
  readonly units: number;
  readonly activation: Activation;
}

export interface PolicyJson {
  readonly formatVersion: typeof POLICY_FORMAT_VERSION;
  readonly name: string;
  readonly observation: { readonly features: readonly string[]; readonly width: number };
  readonly featureParams: FeatureParams;
  readonly scaler: PolicyScaler;
  /** observation: applied after scaling (null = none); action: the agent's target is clamped to it. */
  readonly clip: {
    readonly observation: readonly [number, number] | null;
    readonly action: readonly [number, number];
  };
  readonly action: { readonly meaning: typeof ACTION_MEANING; readonly low: number; readonly high: number };
  /** Derived from model.json; the loader checks they agree. */
  readonly network: { readonly layers: readonly NetworkLayerSpec[] };
  readonly training: PolicyTraining;
  readonly metrics: JsonObject;
  /** false: loadable and inspectable, but the DRL agent refuses to trade with it. */
  readonly compatible: boolean;
  readonly incompatibleReason: string | null;
  readonly sha256: string;
}

/** policy.json before the writer fills in what it derives (network, sha256, compatibility). */
export type PolicyJsonDraft = Omit<PolicyJson, 'sha256' | 'network' | 'compatible' | 'incompatibleReason'> & {
  readonly compatible?: boolean;
  readonly incompatibleReason?: string | null;
};

/**
 * Why an observation order cannot drive this engine, or null when it can. The engine builds the
 * 15 OBSERVATION_FEATURES in any order, so any permutation of them is fine; anything else
 * (another width, an unknown name such as an imported model's obs_7) is not.
 */
export function engineIncompatibility(features: readonly string[]): string | null {
  const engine: readonly string[] = OBSERVATION_FEATURES;
  if (features.length !== engine.length)
    return `observation width ${features.length} ≠ the engine's ${engine.length}-D state`;
  const unknown = features.filter((f) => !engine.includes(f));
  if (unknown.length > 0) return `features unknown to the engine: ${unknown.slice(0, 4).join(', ')}`;
  if (new Set(features).size !== features.length) return 'observation names a feature twice';
  return null;
}
