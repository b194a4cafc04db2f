import type { Parsed } from '../core/types.js';
import { ShapeError, finite, finiteArray, obj, pair, str } from './jsonShape.js';
import { readScaler } from './parsePolicyJson.js';
import type { PolicyScaler } from './policyJson.js';

export interface ScalerFile {
  readonly scaler: PolicyScaler;
  /** Observation clip after scaling, when the file states one (VecNormalize's clip_obs, or "clip"). */
  readonly clip: readonly [number, number] | null;
  /** Feature names in observation order, when the file lists them ("features" or sklearn's feature_names_in_). */
  readonly features: readonly string[] | null;
}

/**
 * The `--scaler <json>` file of `drl-tui import-sb3`: how the research code scaled observations
 * before the network. Accepted shapes (first match wins):
 * - drl-tui's own policy.json scaler: { "kind": "standard" | "minmax" | "none", … }
 * - scikit-learn StandardScaler attributes: { "mean_": [...], "scale_": [...] } (also mean/scale/std)
 * - scikit-learn MinMaxScaler: { "data_min_": [...], "data_max_": [...], "feature_range": [0, 1] }
 * - SB3 VecNormalize statistics: { "obs_rms": { "mean": [...], "var": [...] }, "epsilon": 1e-8,
 *   "clip_obs": 10 } or the same keys at top level: std = sqrt(var + epsilon), clip ±clip_obs
 * plus optional "features": [...names] and "clip": [lo, hi].
 */
export function parseScalerFile(raw: unknown, width: number): Parsed<ScalerFile> {
  try {
    return { ok: true, value: read(raw, width) };
  } catch (e) {
    if (e instanceof ShapeError) return { ok: false, error: `scaler file: ${e.message}` };
    throw e;
  }
}

function read(raw: unknown, width: number): ScalerFile {
  const o = obj(raw, 'the file');
  const namesRaw = o['features'] ?? o['feature_names_in_'];
  const features = Array.isArray(namesRaw) ? namesRaw.map((n, i) => str(n, `features[${i}]`)) : null;
  if (features && features.length !== width)
    throw new ShapeError(`lists ${features.length} feature names, the model takes ${width} inputs`);
  let clip = o['clip'] !== undefined ? pair(o['clip'], 'clip') : null;

  let scaler: PolicyScaler;
  if (typeof o['kind'] === 'string') {
    scaler = readScaler(o, width);
  } else if (
    o['mean_'] !== undefined ||
    ((o['scale'] !== undefined || o['std'] !== undefined) && o['mean'] !== undefined)
  ) {
    const mean = finiteArray(o['mean_'] ?? o['mean'], 'mean_', width);
    const std = finiteArray(o['scale_'] ?? o['scale'] ?? o['std'], 'scale_', width);
    scaler = { kind: 'standard', mean, std, fittedOn: null };
  } else if (o['data_min_'] !== undefined) {
    const min = finiteArray(o['data_min_'], 'data_min_', width);
    const max = finiteArray(o['data_max_'], 'data_max_', width);
    const range =
      o['feature_range'] !== undefined
        ? pair(o['feature_range'], 'feature_range')
        : ([0, 1] as [number, number]);
    scaler = { kind: 'minmax', min, max, range, fittedOn: null };
  } else if (o['obs_rms'] !== undefined || o['var'] !== undefined) {
    const rms = o['obs_rms'] !== undefined ? obj(o['obs_rms'], 'obs_rms') : o;
    const mean = finiteArray(rms['mean'], 'obs_rms.mean', width);
    const variance = finiteArray(rms['var'], 'obs_rms.var', width);
    const eps = o['epsilon'] !== undefined ? finite(o['epsilon'], 'epsilon') : 1e-8;
    const std = variance.map((v) => Math.sqrt(Math.max(0, v) + eps));
    scaler = { kind: 'standard', mean, std, fittedOn: null };
    const c = o['clip_obs'] !== undefined ? finite(o['clip_obs'], 'clip_obs') : 10;
    clip ??= [-c, c];
  } else {
    throw new ShapeError('not a recognised scaler (see `drl-tui import-sb3 --help` for the accepted shapes)');
  }
  return { scaler, clip, features };
}
