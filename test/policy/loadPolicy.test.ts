import { readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadPolicyPackage } from '../../src/engine/policy/loadPolicy.js';
import { writePolicyPackage } from '../../src/engine/policy/writePackage.js';
import { draft, randomLayers, tempDir } from './helpers.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A freshly written valid package, to be broken by the test. */
function pkg(tag: string): string {
  const dir = tempDir(tag);
  dirs.push(dir);
  const w = writePolicyPackage(dir, {
    layers: randomLayers([15, 16, 16, 1], 3),
    policyJson: draft({ name: tag }),
  });
  if (!w.ok) throw new Error(w.error);
  return dir;
}

function editJson(path: string, edit: (o: Record<string, unknown>) => void): void {
  const o = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  edit(o);
  writeFileSync(path, JSON.stringify(o));
}

async function errorOf(dir: string, options?: Parameters<typeof loadPolicyPackage>[1]): Promise<string> {
  const r = await loadPolicyPackage(dir, options);
  expect(r.ok, 'the package must be refused').toBe(false);
  const error = r.ok ? '' : r.error;
  expect(error, 'errors are one line').not.toContain('\n');
  expect(error.startsWith(`${dir}: `), 'errors name the directory').toBe(true);
  return error.slice(dir.length + 2);
}

describe('loadPolicyPackage', () => {
  it('returns a valid package with its one-line description', async () => {
    const dir = pkg('ok');
    const r = await loadPolicyPackage(dir);
    if (!r.ok) throw new Error(r.error);
    expect(r.value.inputWidth).toBe(15);
    expect(r.value.layers.map((l) => [l.b.length, l.activation])).toEqual([
      [16, 'tanh'],
      [16, 'tanh'],
      [1, 'linear'],
    ]);
    expect(r.value.sha256).toBe(r.value.policy.sha256);
    expect(r.value.describe()).toMatch(/^ok 15→16→16→1 tanh, none scaler, test, sha [0-9a-f]{8}$/);
    expect(r.value.warnings).toEqual([]);
  });

  it('returns "no such policy directory" for a missing directory', async () => {
    const parent = tempDir('none');
    dirs.push(parent);
    expect(await errorOf(join(parent, 'nope'))).toBe('no such policy directory');
  });

  it('returns "missing …" for each missing file', async () => {
    for (const file of ['policy.json', 'model.json', 'weights.bin']) {
      const dir = pkg(`missing-${file.replace('.', '-')}`);
      unlinkSync(join(dir, file));
      expect(await errorOf(dir)).toBe(
        file === 'weights.bin' ? 'missing weights.bin (listed in model.json)' : `missing ${file}`,
      );
    }
  });

  it('returns "bad JSON" for a truncated policy.json or model.json', async () => {
    for (const file of ['policy.json', 'model.json']) {
      const dir = pkg(`badjson-${file.replace('.', '-')}`);
      const text = readFileSync(join(dir, file), 'utf8');
      writeFileSync(join(dir, file), text.slice(0, text.length >> 1));
      expect(await errorOf(dir)).toMatch(new RegExp(`^${file.replace('.', '\\.')}: bad JSON \\(`));
    }
  });

  it('returns "wrong input width" when model.json and observation.width disagree', async () => {
    const dir = pkg('width');
    editJson(join(dir, 'policy.json'), (o) => {
      o['observation'] = {
        features: (o['observation'] as { features: string[] }).features.slice(0, 14),
        width: 14,
      };
    });
    expect(await errorOf(dir)).toBe(
      'wrong input width: model.json takes 15 inputs, policy.json observation.width is 14',
    );
  });

  it('returns the NaN or Infinity found in the weights', async () => {
    for (const [bad, name] of [
      [NaN, 'NaN'],
      [Infinity, 'Infinity'],
    ] as const) {
      const dir = pkg(`nan-${name}`);
      const bytes = new Uint8Array(readFileSync(join(dir, 'weights.bin')));
      new DataView(bytes.buffer).setFloat32(4 * 20, bad, true);
      writeFileSync(join(dir, 'weights.bin'), bytes);
      expect(await errorOf(dir)).toBe(
        `model.json: dense_1: weights contain ${name} (a corrupt or diverged model)`,
      );
    }
  });

  it('returns "unknown activation" for an activation the fast path does not implement', async () => {
    const dir = pkg('act');
    editJson(join(dir, 'model.json'), (o) => {
      const layers = (o['modelTopology'] as { config: { layers: { config: { activation: string } }[] } })
        .config.layers;
      layers[1]!.config.activation = 'elu';
    });
    expect(await errorOf(dir)).toBe(
      'model.json: dense_2: unknown activation "elu" (supported: linear, relu, tanh, sigmoid)',
    );
    const dir2 = pkg('act2');
    editJson(join(dir2, 'policy.json'), (o) => {
      (o['network'] as { layers: { activation: string }[] }).layers[0]!.activation = 'softmax';
    });
    expect(await errorOf(dir2)).toMatch(/^policy\.json: network\.layers\[0\]: unknown activation "softmax"/);
  });

  it('returns a schema error naming the field', async () => {
    const dir = pkg('schema');
    editJson(join(dir, 'policy.json'), (o) => {
      (o['scaler'] as Record<string, unknown>) = {
        kind: 'standard',
        mean: new Array(15).fill(0),
        std: [1, 2],
      };
    });
    expect(await errorOf(dir)).toBe('policy.json: scaler.std has 2 values, expected 15');
  });

  it('returns a network mismatch when policy.json and model.json describe different nets', async () => {
    const dir = pkg('net');
    editJson(join(dir, 'policy.json'), (o) => {
      (o['network'] as { layers: { units: number }[] }).layers[0]!.units = 64;
    });
    expect(await errorOf(dir)).toBe(
      'policy.json network 15→64→16→1 tanh does not match model.json 15→16→16→1 tanh',
    );
  });

  it('refuses a sha256 mismatch by default and loads it with a warning on request', async () => {
    const dir = pkg('sha');
    editJson(join(dir, 'policy.json'), (o) => {
      o['metrics'] = { edited: true };
    });
    expect(await errorOf(dir)).toMatch(/^sha256 mismatch: policy\.json says [0-9a-f]{12}…, the files hash to [0-9a-f]{12}… \(changed after it was written\)$/); // prettier-ignore
    const warned = await loadPolicyPackage(dir, { onShaMismatch: 'warn' });
    expect(warned.ok).toBe(true);
    expect(warned.ok && warned.value.warnings[0]).toMatch(/^sha256 mismatch/);
  });

  it('keeps the sha256 valid when policy.json is only re-indented and its keys reordered', async () => {
    const dir = pkg('reformat');
    const o = JSON.parse(readFileSync(join(dir, 'policy.json'), 'utf8')) as Record<string, unknown>;
    const reversed = Object.fromEntries(Object.entries(o).reverse());
    writeFileSync(join(dir, 'policy.json'), JSON.stringify(reversed, null, 4));
    const r = await loadPolicyPackage(dir);
    expect(r.ok, r.ok ? '' : r.error).toBe(true);
  });

  it('refuses one flipped weight byte as a sha256 mismatch', async () => {
    const dir = pkg('flip');
    const bytes = new Uint8Array(readFileSync(join(dir, 'weights.bin')));
    bytes[100] = bytes[100]! ^ 0x01;
    writeFileSync(join(dir, 'weights.bin'), bytes);
    expect(await errorOf(dir)).toMatch(/^sha256 mismatch/);
  });

  it('returns a warning and compatible=false when policy.json claims compatibility it does not have', async () => {
    const dir = tempDir('claim');
    dirs.push(dir);
    const features = Array.from({ length: 6 }, (_, i) => `obs_${i}`);
    const w = writePolicyPackage(dir, {
      layers: randomLayers([6, 4, 1], 5),
      policyJson: draft({ name: 'claim', observation: { features, width: 6 } }),
    });
    if (!w.ok) throw new Error(w.error);
    expect(w.value.policy.compatible, 'the writer checks compatibility itself').toBe(false);
    editJson(join(dir, 'policy.json'), (o) => {
      o['compatible'] = true;
      o['incompatibleReason'] = null;
    });
    const r = await loadPolicyPackage(dir, { onShaMismatch: 'warn' });
    if (!r.ok) throw new Error(r.error);
    expect(r.value.policy.compatible).toBe(false);
    expect(r.value.policy.incompatibleReason).toBe("observation width 6 ≠ the engine's 15-D state");
    expect(r.value.warnings.some((x) => x.includes('says compatible'))).toBe(true);
  });
});
