import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../core/atomicWrite.js';
import type { Parsed } from '../core/types.js';
import { layerShapes } from './fastForward.js';
import type { DenseLayer } from './fastForward.js';
import { buildModelFiles } from './modelJson.js';
import { packageSha256 } from './packageHash.js';
import { parsePolicyJson } from './parsePolicyJson.js';
import { MODEL_FILE, POLICY_FILE, WEIGHTS_FILE, engineIncompatibility } from './policyJson.js';
import type { PolicyJson, PolicyJsonDraft } from './policyJson.js';

export interface WritePolicyInput {
  /** Dense layers with W row-major [out][in] (PyTorch Linear layout); the last layer has 1 unit. */
  readonly layers: readonly DenseLayer[];
  /** Everything but what the writer derives: network (from layers), sha256, and compatibility (checked). */
  readonly policyJson: PolicyJsonDraft;
}

export interface WrittenPackage {
  readonly dir: string;
  readonly policy: PolicyJson;
  readonly sha256: string;
  readonly bytes: number;
}

/**
 * Writes `dir/model.json` + `dir/weights.bin` (TF.js layers format, see modelJson.ts) and
 * `dir/policy.json` with its sha256 (packageHash.ts). The trainer calls this for each new best
 * checkpoint and the SB3 importer for its result. The result is checked with the same parser the
 * loader uses, so the writer cannot produce a package the loader refuses. Files are written
 * atomically, policy.json last: a crash mid-write leaves a package whose hash does not match,
 * which the loader refuses, never a silently mixed one.
 */
export function writePolicyPackage(dir: string, input: WritePolicyInput): Parsed<WrittenPackage> {
  const { layers, policyJson: draft } = input;
  const width = draft.observation.width;
  const shapes = layerShapes(layers, width);
  if (typeof shapes === 'string') return { ok: false, error: `cannot write ${dir}: ${shapes}` };
  if (shapes[shapes.length - 1]!.units !== 1)
    return { ok: false, error: `cannot write ${dir}: the last layer must have 1 unit (the target position)` };
  for (const [k, l] of layers.entries()) {
    if (!l.W.every(Number.isFinite) || !l.b.every(Number.isFinite))
      return { ok: false, error: `cannot write ${dir}: layer ${k} has NaN or infinite weights` };
  }

  const { modelJson, weights } = buildModelFiles(layers, width);
  const problem = engineIncompatibility(draft.observation.features);
  const compatible = (draft.compatible ?? true) && problem === null;
  const unsigned = {
    ...draft,
    network: { layers: layers.map((l) => ({ units: l.b.length, activation: l.activation })) },
    compatible,
    incompatibleReason: compatible
      ? null
      : (problem ?? draft.incompatibleReason ?? 'marked incompatible by its writer'),
  };
  // Through JSON once so the hash is computed over exactly what the loader will parse.
  const plain = JSON.parse(JSON.stringify(unsigned)) as Record<string, unknown>;
  const sha256 = packageSha256(JSON.parse(JSON.stringify(modelJson)), [weights], plain);
  const finalJson = { ...plain, sha256 };
  const check = parsePolicyJson(finalJson);
  if (!check.ok) return { ok: false, error: `cannot write ${dir}: ${check.error}` };

  const modelText = `${JSON.stringify(modelJson, null, 2)}\n`;
  const policyText = `${JSON.stringify(finalJson, null, 2)}\n`;
  try {
    mkdirSync(dir, { recursive: true });
    writeFileAtomic(join(dir, WEIGHTS_FILE), weights);
    writeFileAtomic(join(dir, MODEL_FILE), modelText);
    writeFileAtomic(join(dir, POLICY_FILE), policyText);
  } catch (e) {
    return { ok: false, error: `cannot write ${dir}: ${String((e as Error).message).split('\n')[0]}` };
  }
  const bytes = weights.byteLength + Buffer.byteLength(modelText) + Buffer.byteLength(policyText);
  return { ok: true, value: { dir, policy: check.value.policy, sha256, bytes } };
}
