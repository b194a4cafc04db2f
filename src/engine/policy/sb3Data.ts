import type { Parsed } from '../core/types.js';
import type { Activation } from './fastForward.js';

/**
 * What drl-tui needs from a stable-baselines3 `data` file (the JSON inside `model.save()`'s zip).
 * SB3 writes each attribute as JSON when it can, and otherwise as {":type:", ":serialized:"
 * (base64 cloudpickle), plus readable str() values of its fields}. We only read the readable
 * parts: spaces' `_shape` and `low`/`high` repr strings ("[-1.]"), policy_kwargs' `net_arch` /
 * `activation_fn` ("<class 'torch.nn.modules.activation.ReLU'>"), and the algorithm's
 * hyper-parameters. Absent policy_kwargs entries mean SB3's defaults for ActorCriticPolicy
 * (SB3 ≥ 1.8: net_arch dict(pi=[64, 64], vf=[64, 64]), activation_fn nn.Tanh).
 */
export interface Sb3Data {
  readonly algo: 'a2c' | 'ppo';
  readonly obsWidth: number;
  readonly actionLow: number;
  readonly actionHigh: number;
  readonly activation: Activation;
  /** Policy hidden sizes when the file states them (null = SB3 default, to be read from the weights). */
  readonly piArch: readonly number[] | null;
  readonly numTimesteps: number | null;
  readonly seed: number | null;
  readonly hyper: Readonly<Record<string, number>>;
}

const TORCH_ACTIVATIONS: Record<string, Activation> = {
  Tanh: 'tanh',
  ReLU: 'relu',
  Sigmoid: 'sigmoid',
  Identity: 'linear',
};

type O = Record<string, unknown>;
const isObj = (v: unknown): v is O => typeof v === 'object' && v !== null && !Array.isArray(v);

export function parseSb3Data(text: string): Parsed<Sb3Data> {
  let d: unknown;
  try {
    d = JSON.parse(text);
  } catch {
    d = undefined;
  }
  try {
    d ??= JSON.parse(jsonWithoutPythonFloats(text));
  } catch (e) {
    return { ok: false, error: `the zip's data file is not JSON (${(e as Error).message.split('\n')[0]})` };
  }
  if (!isObj(d)) return { ok: false, error: "the zip's data file is not a JSON object" };

  const policyClass = isObj(d['policy_class']) ? serializedText(d['policy_class']) : '';
  if (/Cnn|MultiInput|Recurrent/.test(policyClass))
    return { ok: false, error: `only MlpPolicy (ActorCriticPolicy) is supported, this is ${/(\w*(Cnn|MultiInput|Recurrent)\w*)/.exec(policyClass)?.[1] ?? 'another policy'}` }; // prettier-ignore
  const algo = 'clip_range' in d || 'n_epochs' in d ? 'ppo' : 'vf_coef' in d && 'n_steps' in d ? 'a2c' : null;
  if (!algo)
    return { ok: false, error: 'not an A2C or PPO model (SAC, TD3, DDPG and DQN are not supported)' };
  if (d['use_sde'] === true) return { ok: false, error: 'gSDE policies (use_sde=True) are not supported' };

  const obs = d['observation_space'];
  if (!isObj(obs) || !String(obs[':type:'] ?? '').includes('Box'))
    return {
      ok: false,
      error: 'the observation space is not a Box (Dict and Discrete observations are not supported)',
    };
  const obsShape = obs['_shape'];
  if (
    !Array.isArray(obsShape) ||
    obsShape.length !== 1 ||
    !Number.isInteger(obsShape[0]) ||
    (obsShape[0] as number) < 1
  )
    return { ok: false, error: `observation shape ${JSON.stringify(obsShape)} is not a flat vector` };

  const act = d['action_space'];
  if (!isObj(act) || !String(act[':type:'] ?? '').includes('Box'))
    return { ok: false, error: 'the action space is not a Box (discrete actions are not supported)' };
  const actShape = act['_shape'];
  if (!Array.isArray(actShape) || actShape.length !== 1 || actShape[0] !== 1)
    return {
      ok: false,
      error: `action shape ${JSON.stringify(actShape)} is not a single value (Box of shape (1,))`,
    };
  const low = bound(act['low'], act['low_repr']);
  const high = bound(act['high'], act['high_repr']);
  if (low === null || high === null || !(low < high))
    return {
      ok: false,
      error: `cannot read finite action bounds (low ${String(act['low'])}, high ${String(act['high'])})`,
    };

  const kwargs = isObj(d['policy_kwargs']) ? d['policy_kwargs'] : {};
  let activation: Activation = 'tanh';
  if (kwargs['activation_fn'] !== undefined) {
    const m = /\.(\w+)'?>?$/.exec(String(kwargs['activation_fn']));
    const found = m ? TORCH_ACTIVATIONS[m[1]!] : undefined;
    if (!found)
      return {
        ok: false,
        error: `activation ${String(kwargs['activation_fn'])} is not supported (Tanh, ReLU, Sigmoid)`,
      };
    activation = found;
  }
  if (kwargs['squash_output'] === true)
    return { ok: false, error: 'squash_output=True policies are not supported' };

  const hyper: Record<string, number> = {};
  for (const k of [
    'learning_rate',
    'gamma',
    'gae_lambda',
    'ent_coef',
    'vf_coef',
    'n_steps',
    'batch_size',
    'n_epochs',
  ]) {
    const v = d[k];
    if (typeof v === 'number' && Number.isFinite(v)) hyper[k] = v;
  }
  const num = d['num_timesteps'];
  const seed = d['seed'];
  return {
    ok: true,
    value: {
      algo,
      obsWidth: obsShape[0] as number,
      actionLow: low,
      actionHigh: high,
      activation,
      piArch: piArch(kwargs['net_arch']),
      numTimesteps: typeof num === 'number' && Number.isInteger(num) ? num : null,
      seed: typeof seed === 'number' && Number.isInteger(seed) && seed >= 0 ? seed : null,
      hyper,
    },
  };
}

/** "[-1.]" / "-1.0" → -1; several equal values ("[-1. -1.]") are fine; -inf or unreadable → null. */
function bound(repr: unknown, scalarRepr: unknown): number | null {
  for (const r of [repr, scalarRepr]) {
    if (typeof r === 'number' && Number.isFinite(r)) return r;
    if (typeof r !== 'string') continue;
    const parts = r.replace(/[[\]]/g, ' ').trim().split(/\s+/).map(Number);
    if (parts.length > 0 && parts.every((v) => Number.isFinite(v) && v === parts[0])) return parts[0]!;
  }
  return null;
}

/** net_arch as SB3 writes it: [64, 64], {"pi": [...], "vf": [...]}, or the old [{"pi": …}] / [shared…, {pi}]. */
function piArch(v: unknown): number[] | null {
  if (v === undefined || v === null) return null;
  if (isObj(v))
    return Array.isArray(v['pi']) ? v['pi'].filter((x): x is number => Number.isInteger(x)) : null;
  if (Array.isArray(v)) {
    const shared = v.filter((x): x is number => Number.isInteger(x));
    const last = v.find(isObj);
    const pi =
      last && Array.isArray(last['pi'])
        ? last['pi'].filter((x): x is number => Number.isInteger(x))
        : last
          ? []
          : null;
    return pi === null ? shared : [...shared, ...pi];
  }
  return null;
}

/** The latin-1 text of a ":serialized:" cloudpickle blob: class names are readable in it. */
function serializedText(o: O): string {
  const s = o[':serialized:'];
  return typeof s === 'string' ? Buffer.from(s, 'base64').toString('latin1') : '';
}

/** Python's json writes NaN / Infinity / -Infinity bare; JSON.parse does not accept them. */
function jsonWithoutPythonFloats(text: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inString) {
      out += c;
      if (c === '\\') out += text[++i] ?? '';
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    const rest = text.slice(i, i + 9);
    const m = /^(-?Infinity|NaN)/.exec(rest);
    if (m) {
      out += 'null';
      i += m[1]!.length - 1;
      continue;
    }
    out += c;
  }
  return out;
}
