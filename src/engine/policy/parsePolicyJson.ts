import { FEATURE_PARAM_KEYS } from '../core/types.js';
import type { FeatureParams, Parsed } from '../core/types.js';
import { checkParams } from '../features/featureState.js';
import { ACTIVATIONS } from './fastForward.js';
import type { Activation } from './fastForward.js';
import {
  ShapeError,
  bool,
  finite,
  finiteArray,
  int,
  isoTime,
  jsonObject,
  nullable,
  obj,
  pair,
  str,
} from './jsonShape.js';
import { ACTION_MEANING, POLICY_FORMAT_VERSION, engineIncompatibility } from './policyJson.js';
import type {
  DataRange,
  NetworkLayerSpec,
  PolicyJson,
  PolicyScaler,
  PolicyTraining,
  TimeRange,
} from './policyJson.js';

const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export interface ParsedPolicyJson {
  readonly policy: PolicyJson;
  /** Things that load but deserve a line in the log (e.g. a compatibility claim that was corrected). */
  readonly warnings: readonly string[];
}

/**
 * Validates a parsed policy.json. Every error is one line naming the field. A package that claims
 * `compatible: true` but whose observation the engine cannot build is corrected to false (with a
 * warning) rather than refused, so it can still be inspected.
 */
export function parsePolicyJson(raw: unknown): Parsed<ParsedPolicyJson> {
  try {
    return { ok: true, value: readPolicy(raw) };
  } catch (e) {
    if (e instanceof ShapeError) return { ok: false, error: `policy.json: ${e.message}` };
    throw e;
  }
}

function readPolicy(raw: unknown): ParsedPolicyJson {
  const o = obj(raw, 'the file');
  const version = o['formatVersion'];
  if (version !== POLICY_FORMAT_VERSION)
    throw new ShapeError(
      `formatVersion ${JSON.stringify(version) ?? 'missing'} is not supported (this build reads ${POLICY_FORMAT_VERSION})`,
    );
  const name = str(o['name'], 'name');
  if (!NAME_RE.test(name))
    throw new ShapeError(`name "${name}" must be 1-64 characters of A-Z a-z 0-9 . _ -`);

  const ob = obj(o['observation'], 'observation');
  const width = int(ob['width'], 'observation.width', 1);
  if (!Array.isArray(ob['features'])) throw new ShapeError('observation.features must be an array of names');
  const features = ob['features'].map((f, i) => str(f, `observation.features[${i}]`));
  if (features.length !== width)
    throw new ShapeError(
      `observation.features names ${features.length} features, observation.width is ${width}`,
    );
  if (new Set(features).size !== width) throw new ShapeError('observation.features names a feature twice');

  const featureParams = readFeatureParams(o['featureParams']);
  const scaler = readScaler(o['scaler'], width);

  const clip = obj(o['clip'], 'clip');
  const clipObservation = nullable(clip['observation'], 'clip.observation', pair);
  const clipAction = pair(clip['action'], 'clip.action');

  const a = obj(o['action'], 'action');
  if (a['meaning'] !== ACTION_MEANING) throw new ShapeError(`action.meaning must be "${ACTION_MEANING}"`);
  const [low, high] = pair([a['low'], a['high']], 'action [low, high]');
  if (clipAction[0] < low || clipAction[1] > high)
    throw new ShapeError(
      `clip.action [${clipAction.join(', ')}] lies outside the action bounds [${low}, ${high}]`,
    );

  const network = readNetwork(o['network']);
  const training = readTraining(o['training']);
  const metrics = jsonObject(o['metrics'], 'metrics');

  const warnings: string[] = [];
  let compatible = bool(o['compatible'], 'compatible');
  let incompatibleReason = nullable(o['incompatibleReason'], 'incompatibleReason', str);
  const problem = engineIncompatibility(features);
  if (compatible && problem) {
    warnings.push(`policy.json says compatible, but ${problem}: treated as incompatible`);
    compatible = false;
    incompatibleReason = problem;
  }
  if (!compatible && !incompatibleReason) incompatibleReason = problem ?? 'marked incompatible by its writer';
  if (compatible) incompatibleReason = null;

  const sha256 = str(o['sha256'], 'sha256');
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new ShapeError('sha256 must be 64 lowercase hex digits');

  const policy: PolicyJson = {
    formatVersion: POLICY_FORMAT_VERSION,
    name,
    observation: { features, width },
    featureParams,
    scaler,
    clip: { observation: clipObservation, action: clipAction },
    action: { meaning: ACTION_MEANING, low, high },
    network,
    training,
    metrics,
    compatible,
    incompatibleReason,
    sha256,
  };
  return { policy, warnings };
}

function readFeatureParams(v: unknown): FeatureParams {
  const o = obj(v, 'featureParams');
  const p: Record<string, number> = {};
  for (const k of FEATURE_PARAM_KEYS) p[k] = finite(o[k], `featureParams.${k}`);
  const params = p as unknown as FeatureParams;
  const problem = checkParams(params);
  if (problem) throw new ShapeError(`featureParams: ${problem}`);
  return params;
}

function readTimeRange(v: unknown, path: string): TimeRange {
  const o = obj(v, path);
  const from = isoTime(o['from'], `${path}.from`);
  const to = isoTime(o['to'], `${path}.to`);
  if (Date.parse(from) > Date.parse(to)) throw new ShapeError(`${path}: from is after to`);
  return { from, to };
}

function readDataRange(v: unknown, path: string): DataRange {
  const o = obj(v, path);
  return {
    ...readTimeRange(o, path),
    symbol: nullable(o['symbol'], `${path}.symbol`, str),
    bars: nullable(o['bars'], `${path}.bars`, (x, p) => int(x, p, 0)),
  };
}

export function readScaler(v: unknown, width: number): PolicyScaler {
  const o = obj(v, 'scaler');
  const kind = o['kind'];
  const fittedOn = (): TimeRange | null => nullable(o['fittedOn'], 'scaler.fittedOn', readTimeRange);
  switch (kind) {
    case 'none':
      return { kind: 'none' };
    case 'standard': {
      const mean = finiteArray(o['mean'], 'scaler.mean', width);
      const std = finiteArray(o['std'], 'scaler.std', width);
      std.forEach((s, i) => {
        if (s < 0) throw new ShapeError(`scaler.std[${i}] is negative`);
      });
      return { kind, mean, std, fittedOn: fittedOn() };
    }
    case 'minmax': {
      const min = finiteArray(o['min'], 'scaler.min', width);
      const max = finiteArray(o['max'], 'scaler.max', width);
      min.forEach((m, i) => {
        if (m > max[i]!) throw new ShapeError(`scaler.min[${i}] > scaler.max[${i}]`);
      });
      return { kind, min, max, range: pair(o['range'] ?? [0, 1], 'scaler.range'), fittedOn: fittedOn() };
    }
    default:
      throw new ShapeError(
        `scaler.kind ${JSON.stringify(kind) ?? 'missing'} must be "standard", "minmax" or "none"`,
      );
  }
}

function readNetwork(v: unknown): { layers: NetworkLayerSpec[] } {
  const o = obj(v, 'network');
  if (!Array.isArray(o['layers']) || o['layers'].length === 0)
    throw new ShapeError('network.layers must be a non-empty array');
  const layers = o['layers'].map((l, i) => {
    const lo = obj(l, `network.layers[${i}]`);
    const activation = str(lo['activation'], `network.layers[${i}].activation`);
    if (!(ACTIVATIONS as readonly string[]).includes(activation))
      throw new ShapeError(
        `network.layers[${i}]: unknown activation "${activation}" (supported: ${ACTIVATIONS.join(', ')})`,
      );
    return { units: int(lo['units'], `network.layers[${i}].units`, 1), activation: activation as Activation };
  });
  return { layers };
}

function readTraining(v: unknown): PolicyTraining {
  const o = obj(v, 'training');
  return {
    algo: str(o['algo'], 'training.algo'),
    steps: nullable(o['steps'], 'training.steps', (x, p) => int(x, p, 0)),
    seed: nullable(o['seed'], 'training.seed', (x, p) => int(x, p, 0)),
    train: nullable(o['train'], 'training.train', readDataRange),
    eval: nullable(o['eval'], 'training.eval', readDataRange),
    command: nullable(o['command'], 'training.command', str),
    source: nullable(o['source'], 'training.source', str),
  };
}
