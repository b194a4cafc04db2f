import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { unzipSync } from 'fflate';
import { DEFAULT_FEATURE_PARAMS, OBSERVATION_FEATURES } from '../core/types.js';
import type { Parsed } from '../core/types.js';
import type { DenseLayer } from './fastForward.js';
import { parseJsonText } from './jsonShape.js';
import { ACTION_MEANING, POLICY_FORMAT_VERSION, engineIncompatibility } from './policyJson.js';
import type { PolicyJsonDraft } from './policyJson.js';
import { parseSb3Data } from './sb3Data.js';
import type { Sb3Data } from './sb3Data.js';
import { parseScalerFile } from './scalerFile.js';
import type { ScalerFile } from './scalerFile.js';
import { readTorchStateDict } from './torchState.js';
import type { TorchTensor } from './torchState.js';
import { writePolicyPackage } from './writePackage.js';

/** An SB3 A2C/PPO MlpPolicy reduced to its deterministic actor: latent = hidden layers, mean = action_net. */
export interface Sb3Policy {
  readonly data: Sb3Data;
  readonly sb3Version: string | null;
  /** W row-major [out][in] (PyTorch Linear layout); hidden layers use data.activation, the last is linear. */
  readonly layers: readonly DenseLayer[];
  readonly logStd: readonly number[] | null;
  readonly warnings: readonly string[];
}

export interface ImportSb3Options {
  readonly out: string;
  readonly scalerPath?: string;
  /** Package name (default: the out directory's name). */
  readonly name?: string;
  /** Observation feature names in order (default: the scaler file's, else the engine's order for 15 inputs, else obs_0…). */
  readonly features?: readonly string[];
  /** The command line, recorded in policy.json training.command. */
  readonly command?: string;
}

export interface ImportSb3Result {
  readonly dir: string;
  readonly width: number;
  readonly compatible: boolean;
  readonly reason: string | null;
  readonly sha256: string;
  readonly describe: string;
  readonly warnings: readonly string[];
}

/** Reads an SB3 `model.save()` zip (bytes) into its actor network. Pure: no files written. */
export function readSb3Zip(zip: Uint8Array): Parsed<Sb3Policy> {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(zip);
  } catch (e) {
    return { ok: false, error: `not a zip file (${(e as Error).message})` };
  }
  if (!files['data']) return { ok: false, error: 'not a stable-baselines3 model zip: no "data" entry' };
  if (!files['policy.pth'])
    return { ok: false, error: 'not a stable-baselines3 model zip: no "policy.pth" entry' };
  const data = parseSb3Data(new TextDecoder().decode(files['data']));
  if (!data.ok) return data;
  const state = readTorchStateDict(files['policy.pth']);
  if (!state.ok) return state;
  const version = files['_stable_baselines3_version'] ? new TextDecoder().decode(files['_stable_baselines3_version']).trim() : null; // prettier-ignore
  const net = actorLayers(state.value, data.value);
  if (typeof net === 'string') return { ok: false, error: net };
  const logStd = state.value.get('log_std');
  return {
    ok: true,
    value: {
      data: data.value,
      sb3Version: version,
      layers: net.layers,
      logStd: logStd ? [...logStd.data] : null,
      warnings: net.warnings,
    },
  };
}

function actorLayers(
  state: Map<string, TorchTensor>,
  data: Sb3Data,
): { layers: DenseLayer[]; warnings: string[] } | string {
  const extractor = [...state.keys()].find((k) => /^(pi_)?features_extractor\./.test(k));
  if (extractor) return `custom features extractor (${extractor}) is not supported: MlpPolicy has none`;
  const indexed = (prefix: string): number[] =>
    [
      ...new Set(
        [...state.keys()]
          .filter((k) => k.startsWith(prefix))
          .map((k) => Number(k.slice(prefix.length).split('.')[0])),
      ),
    ]
      .filter(Number.isInteger)
      .sort((a, b) => a - b);
  const names = [
    ...indexed('mlp_extractor.shared_net.').map((i) => `mlp_extractor.shared_net.${i}`),
    ...indexed('mlp_extractor.policy_net.').map((i) => `mlp_extractor.policy_net.${i}`),
    'action_net',
  ];
  const layers: DenseLayer[] = [];
  let inputs = data.obsWidth;
  for (const [k, name] of names.entries()) {
    const W = state.get(`${name}.weight`);
    const b = state.get(`${name}.bias`);
    if (!W || !b) return `policy.pth has no ${name}.weight/.bias: not an A2C/PPO MlpPolicy`;
    const [out, inp] = W.shape;
    if (W.shape.length !== 2 || inp !== inputs)
      return `${name}.weight has shape [${W.shape.join(', ')}], expected [*, ${inputs}] (observation width ${data.obsWidth})`;
    if (b.shape.length !== 1 || b.shape[0] !== out)
      return `${name}.bias has shape [${b.shape.join(', ')}], expected [${out}]`;
    const last = k === names.length - 1;
    if (last && out !== 1) return `action_net has ${out} outputs; only a 1-D action is supported`;
    if (!W.data.every(Number.isFinite) || !b.data.every(Number.isFinite))
      return `${name} has NaN or infinite weights`;
    layers.push({ W: W.data, b: b.data, activation: last ? 'linear' : data.activation });
    inputs = out!;
  }
  const warnings: string[] = [];
  const hidden = layers.slice(0, -1).map((l) => l.b.length);
  if (data.piArch && data.piArch.join(',') !== hidden.join(','))
    warnings.push(
      `policy_kwargs net_arch pi=[${data.piArch.join(', ')}] but the weights have [${hidden.join(', ')}]: used the weights`,
    );
  return { layers, warnings };
}

/**
 * `drl-tui import-sb3`: converts an SB3 A2C/PPO MlpPolicy zip into a policy package at opts.out.
 * Any observation width imports; one the engine cannot build (width ≠ 15 or unknown feature
 * names) is written with compatible=false and its reason, so it can be inspected and
 * benchmarked but the DRL agent refuses to trade with it.
 */
export async function importSb3(zipPath: string, opts: ImportSb3Options): Promise<Parsed<ImportSb3Result>> {
  let zip: Uint8Array;
  try {
    zip = new Uint8Array(await readFile(zipPath));
  } catch (e) {
    return {
      ok: false,
      error: `${zipPath}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`,
    };
  }
  const model = readSb3Zip(zip);
  if (!model.ok) return { ok: false, error: `${zipPath}: ${model.error}` };
  const { data } = model.value;
  const width = data.obsWidth;
  const warnings = [...model.value.warnings];

  let scaler: ScalerFile = { scaler: { kind: 'none' }, clip: null, features: null };
  if (opts.scalerPath) {
    let text: string;
    try {
      text = await readFile(opts.scalerPath, 'utf8');
    } catch (e) {
      return { ok: false, error: `${opts.scalerPath}: ${(e as Error).message.split('\n')[0]}` };
    }
    const raw = parseJsonText(text, opts.scalerPath);
    if (!raw.ok) return raw;
    const parsed = parseScalerFile(raw.value, width);
    if (!parsed.ok) return { ok: false, error: `${opts.scalerPath}: ${parsed.error}` };
    scaler = parsed.value;
  } else {
    warnings.push(
      'no --scaler given: observations reach the network unscaled, as if the model was trained on raw features',
    );
  }

  let features = opts.features ?? scaler.features;
  if (features && features.length !== width)
    return {
      ok: false,
      error: `--features names ${features.length} features, the model takes ${width} inputs`,
    };
  if (!features && width === OBSERVATION_FEATURES.length) {
    features = OBSERVATION_FEATURES;
    warnings.push(
      `assumed the engine's default feature order (${OBSERVATION_FEATURES.join(', ')}): pass the names if the model used another`,
    );
  }
  features ??= Array.from({ length: width }, (_, i) => `obs_${i}`);
  const problem = engineIncompatibility(features);

  const name = opts.name ?? basename(opts.out);
  const zipSha = createHash('sha256').update(zip).digest('hex');
  const draft: PolicyJsonDraft = {
    formatVersion: POLICY_FORMAT_VERSION,
    name,
    observation: { features: [...features], width },
    featureParams: DEFAULT_FEATURE_PARAMS,
    scaler: scaler.scaler,
    clip: { observation: scaler.clip, action: [Math.max(-1, data.actionLow), Math.min(1, data.actionHigh)] },
    action: { meaning: ACTION_MEANING, low: data.actionLow, high: data.actionHigh },
    training: {
      algo: `sb3-${data.algo}`,
      steps: data.numTimesteps,
      seed: data.seed,
      train: null,
      eval: null,
      command: opts.command ?? null,
      source: `sb3 ${basename(zipPath)} (SB3 ${model.value.sb3Version ?? '?'}, zip sha256 ${zipSha.slice(0, 16)})`,
    },
    metrics: { sb3: { ...data.hyper, ...(model.value.logStd ? { logStd: model.value.logStd } : {}) } },
    compatible: problem === null,
    incompatibleReason: problem,
  };
  if (data.actionLow < -1 || data.actionHigh > 1)
    warnings.push(
      `action space [${data.actionLow}, ${data.actionHigh}] is wider than a position fraction: targets are clipped to [-1, 1]`,
    );
  const written = writePolicyPackage(opts.out, { layers: model.value.layers, policyJson: draft });
  if (!written.ok) return written;
  const { policy, sha256 } = written.value;
  const net = [width, ...model.value.layers.map((l) => l.b.length)].join('→');
  return {
    ok: true,
    value: {
      dir: opts.out,
      width,
      compatible: policy.compatible,
      reason: policy.incompatibleReason,
      sha256,
      describe: `${name}: SB3 ${data.algo.toUpperCase()} ${net} ${data.activation}, action [${data.actionLow}, ${data.actionHigh}], ${policy.compatible ? 'tradable' : `not tradable (${policy.incompatibleReason ?? ''})`}`,
      warnings,
    },
  };
}
