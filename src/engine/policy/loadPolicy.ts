import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Parsed } from '../core/types.js';
import type { DenseLayer } from './fastForward.js';
import { parseJsonText } from './jsonShape.js';
import { parseModelFiles, weightPaths } from './modelJson.js';
import { packageSha256 } from './packageHash.js';
import { parsePolicyJson } from './parsePolicyJson.js';
import { MODEL_FILE, POLICY_FILE } from './policyJson.js';
import type { PolicyJson } from './policyJson.js';

/** A policy package read from disk and checked; nothing here imports TF.js. */
export interface PolicyPackage {
  readonly dir: string;
  readonly policy: PolicyJson;
  readonly inputWidth: number;
  /** Dense layers, W row-major [out][in] float32, ready for FastPolicyNet. */
  readonly layers: readonly DenseLayer[];
  /** model.json as parsed and the concatenated weight bytes: what tfModel.ts hands to TF.js. */
  readonly modelJson: unknown;
  readonly weightData: Uint8Array;
  /** The hash computed from the files (equals policy.sha256 unless a mismatch was allowed). */
  readonly sha256: string;
  readonly warnings: readonly string[];
  /** One line for logs and the status bar, e.g. "eth-a2c-v1 15→64→64→1 tanh, standard scaler, a2c 200000 steps, sha 1a2b3c4d". */
  describe(): string;
}

export interface LoadPolicyOptions {
  /**
   * What a sha256 mismatch does. Default 'refuse': the hash is the package's identity in the
   * journal and model card, and a mismatch means a file changed after it was written (a partial
   * copy, a hand edit, a swapped weights.bin), so trading on it would misreport which model
   * traded. 'warn' loads it with a warning, for inspecting a package being edited.
   */
  readonly onShaMismatch?: 'refuse' | 'warn';
}

/**
 * Reads `dir` (model.json, its weight files, policy.json) and validates everything the engine
 * relies on. Every failure is one line starting with the directory: missing files, bad JSON,
 * schema errors, unsupported layers or activations, NaN/Inf weights, input width ≠
 * observation.width, network ≠ policy.json network, sha256 mismatch.
 */
export async function loadPolicyPackage(
  dir: string,
  options: LoadPolicyOptions = {},
): Promise<Parsed<PolicyPackage>> {
  try {
    return await load(dir, options);
  } catch (e) {
    // A file shaped in a way no check anticipated must still end as one line, not a stack trace.
    return { ok: false, error: `${dir}: unreadable policy package (${firstLine(e)})` };
  }
}

async function load(dir: string, options: LoadPolicyOptions): Promise<Parsed<PolicyPackage>> {
  const fail = (error: string): Parsed<PolicyPackage> => ({ ok: false, error: `${dir}: ${error}` });

  try {
    if (!(await stat(dir)).isDirectory()) return fail('not a directory');
  } catch {
    return fail('no such policy directory');
  }
  const policyText = await readText(join(dir, POLICY_FILE));
  if (!policyText.ok) return fail(policyText.error);
  const modelText = await readText(join(dir, MODEL_FILE));
  if (!modelText.ok) return fail(modelText.error);

  const policyRaw = parseJsonText(policyText.value, POLICY_FILE);
  if (!policyRaw.ok) return fail(policyRaw.error);
  const modelRaw = parseJsonText(modelText.value, MODEL_FILE);
  if (!modelRaw.ok) return fail(modelRaw.error);

  const parsedPolicy = parsePolicyJson(policyRaw.value);
  if (!parsedPolicy.ok) return fail(parsedPolicy.error);
  const { policy } = parsedPolicy.value;
  const warnings = [...parsedPolicy.value.warnings];

  const paths = weightPaths(modelRaw.value);
  if (!paths.ok) return fail(paths.error);
  const files: Uint8Array[] = [];
  for (const p of paths.value) {
    try {
      files.push(new Uint8Array(await readFile(join(dir, p))));
    } catch (e) {
      return fail(isMissing(e) ? `missing ${p} (listed in model.json)` : `cannot read ${p}: ${firstLine(e)}`);
    }
  }
  const weightData = concat(files);

  const model = parseModelFiles(modelRaw.value, weightData);
  if (!model.ok) return fail(model.error);
  const { inputWidth, layers } = model.value;
  if (inputWidth !== policy.observation.width)
    return fail(
      `wrong input width: model.json takes ${inputWidth} inputs, policy.json observation.width is ${policy.observation.width}`,
    );
  const outputs = layers[layers.length - 1]!.b.length;
  if (outputs !== 1)
    return fail(`the network has ${outputs} outputs; a policy has exactly one (the target position)`);
  const declared = policy.network.layers;
  const actual = layers.map((l) => ({ units: l.b.length, activation: l.activation }));
  if (
    declared.length !== actual.length ||
    declared.some((d, i) => d.units !== actual[i]!.units || d.activation !== actual[i]!.activation)
  )
    return fail(
      `policy.json network ${netString(inputWidth, declared)} does not match model.json ${netString(inputWidth, actual)}`,
    );

  const sha256 = packageSha256(modelRaw.value, files, policyRaw.value);
  if (sha256 !== policy.sha256) {
    const msg = `sha256 mismatch: policy.json says ${policy.sha256.slice(0, 12)}…, the files hash to ${sha256.slice(0, 12)}… (changed after it was written)`;
    if ((options.onShaMismatch ?? 'refuse') === 'refuse') return fail(msg);
    warnings.push(msg);
  }

  const pkg: PolicyPackage = {
    dir,
    policy,
    inputWidth,
    layers,
    modelJson: modelRaw.value,
    weightData,
    sha256,
    warnings,
    describe: () => describePackage(pkg),
  };
  return { ok: true, value: pkg };
}

export function netString(
  inputWidth: number,
  layers: readonly { units: number; activation: string }[],
): string {
  const acts = [...new Set(layers.slice(0, -1).map((l) => l.activation))];
  return `${[inputWidth, ...layers.map((l) => l.units)].join('→')}${acts.length ? ` ${acts.join('/')}` : ''}`;
}

function describePackage(p: PolicyPackage): string {
  const { policy } = p;
  const t = policy.training;
  const trained = t.source ?? `${t.algo}${t.steps !== null ? ` ${t.steps} steps` : ''}`;
  const range = t.train
    ? ` on ${t.train.symbol ?? ''} ${t.train.from.slice(0, 10)}..${t.train.to.slice(0, 10)}`.replace(
        '  ',
        ' ',
      )
    : '';
  const compat = policy.compatible ? '' : `, NOT TRADABLE (${policy.incompatibleReason ?? 'incompatible'})`;
  return `${policy.name} ${netString(p.inputWidth, policy.network.layers)}, ${policy.scaler.kind} scaler, ${trained}${range}, sha ${p.sha256.slice(0, 8)}${compat}`;
}

async function readText(path: string): Promise<Parsed<string>> {
  try {
    return { ok: true, value: await readFile(path, 'utf8') };
  } catch (e) {
    const name = path.split(/[\\/]/).pop() ?? path;
    return { ok: false, error: isMissing(e) ? `missing ${name}` : `cannot read ${name}: ${firstLine(e)}` };
  }
}

function isMissing(e: unknown): boolean {
  return (e as NodeJS.ErrnoException | null)?.code === 'ENOENT';
}

function firstLine(e: unknown): string {
  return String((e as Error | null)?.message ?? e).split('\n')[0]!;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
