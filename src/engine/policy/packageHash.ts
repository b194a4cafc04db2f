import { createHash } from 'node:crypto';

/**
 * The package fingerprint stored in policy.json `sha256` and written into every journal line.
 *
 *   sha256( canonical(model.json)
 *         ‖ the bytes of each weight file, in weightsManifest order
 *         ‖ canonical(policy.json without its "sha256" key) )
 *
 * canonical(x) is JSON.stringify with object keys sorted at every level and no whitespace, so
 * re-indenting or reordering keys (prettier, an editor) keeps the hash, while any change to a
 * value, a weight byte or a feature name changes it.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (typeof v === 'object' && v !== null) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) out[k] = sortKeys((v as Record<string, unknown>)[k]);
    return out;
  }
  return v;
}

export function packageSha256(
  modelJson: unknown,
  weightFiles: readonly Uint8Array[],
  policyJson: unknown,
): string {
  const h = createHash('sha256');
  h.update(canonicalJson(modelJson), 'utf8');
  for (const w of weightFiles) h.update(w);
  const { sha256: _ignored, ...rest } = policyJson as Record<string, unknown>;
  h.update(canonicalJson(rest), 'utf8');
  return h.digest('hex');
}
