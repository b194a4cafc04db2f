import { createHash } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Rng } from '../../src/engine/core/rng.js';
import { FastPolicyNet } from '../../src/engine/policy/fastForward.js';
import { loadPolicyPackage } from '../../src/engine/policy/loadPolicy.js';
import { loadTf } from '../../src/engine/policy/tfBackend.js';
import { denseLayersOf, packageIOHandler, tfPredict } from '../../src/engine/policy/tfModel.js';
import { writePolicyPackage } from '../../src/engine/policy/writePackage.js';
import { draft, randomLayers, tempDir } from './helpers.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
function dir(tag: string): string {
  const d = tempDir(tag);
  dirs.push(d);
  return d;
}

/** Canonical JSON written here from the documented rule (sorted keys, no whitespace), not imported. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object')
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(v);
}

describe('writePolicyPackage', () => {
  it('returns a package whose TF.js model (loaded through the IOHandler) predicts what FastPolicyNet computes', async () => {
    const d = dir('roundtrip');
    const layers = randomLayers([15, 64, 64, 1], 11);
    const w = writePolicyPackage(d, { layers, policyJson: draft({ name: 'roundtrip' }) });
    if (!w.ok) throw new Error(w.error);
    expect(w.value.bytes, 'a 15→64→64→1 package is far under 2 MB').toBeLessThan(100_000);
    const loaded = await loadPolicyPackage(d);
    if (!loaded.ok) throw new Error(loaded.error);
    loaded.value.layers.forEach((l, k) => {
      expect([...l.W], `layer ${k} W survives the [in][out] kernel transpose`).toEqual([...layers[k]!.W]);
      expect([...l.b]).toEqual([...layers[k]!.b]);
    });

    const tf = await loadTf();
    const model = await tf.loadLayersModel(packageIOHandler(loaded.value));
    const rng = new Rng(5);
    const rows = Array.from({ length: 500 }, () => Float64Array.from({ length: 15 }, () => rng.normal() * 2));
    const y = await tfPredict(model, rows, 15);
    const net = new FastPolicyNet(loaded.value.layers);
    const worst = Math.max(...rows.map((r, i) => Math.abs(net.forward(r) - y[i]!)));
    const back = denseLayersOf(model);
    back.forEach((l, k) =>
      expect([...l.W], `denseLayersOf layer ${k}: the trainer's path back`).toEqual([...layers[k]!.W]),
    );
    model.dispose();
    expect(worst).toBeLessThan(1e-5);
  });

  it('returns the sha256 defined in packageHash.ts, recomputed here from the files', () => {
    const d = dir('sha');
    const w = writePolicyPackage(d, {
      layers: randomLayers([15, 8, 1], 2),
      policyJson: draft({ name: 'sha' }),
    });
    if (!w.ok) throw new Error(w.error);
    const model = JSON.parse(readFileSync(join(d, 'model.json'), 'utf8')) as unknown;
    const policy = JSON.parse(readFileSync(join(d, 'policy.json'), 'utf8')) as Record<string, unknown>;
    const { sha256, ...rest } = policy;
    const h = createHash('sha256');
    h.update(canonical(model));
    h.update(readFileSync(join(d, 'weights.bin')));
    h.update(canonical(rest));
    expect(h.digest('hex')).toBe(sha256);
    expect(sha256).toBe(w.value.sha256);
  });

  it('returns an error instead of writing NaN weights, a multi-output net or a mismatched width', () => {
    const layers = randomLayers([15, 8, 1], 2);
    const nan = layers.map((l, k) =>
      k === 0 ? { ...l, W: Float32Array.from(l.W, (v, i) => (i === 3 ? NaN : v)) } : l,
    );
    const r1 = writePolicyPackage(dir('nan'), { layers: nan, policyJson: draft() });
    expect(r1.ok ? '' : r1.error).toMatch(/: layer 0 has NaN or infinite weights$/);
    const r2 = writePolicyPackage(dir('multi'), { layers: randomLayers([15, 8, 2], 2), policyJson: draft() });
    expect(r2.ok ? '' : r2.error).toMatch(/the last layer must have 1 unit/);
    const r3 = writePolicyPackage(dir('w'), { layers: randomLayers([14, 8, 1], 2), policyJson: draft() });
    expect(r3.ok ? '' : r3.error).toMatch(/layer 0: W holds 112 values, expected 8×15/);
  });

  it('returns the same bytes for the same input (deterministic packages)', () => {
    const a = dir('det-a');
    const b = dir('det-b');
    for (const d of [a, b])
      writePolicyPackage(d, { layers: randomLayers([15, 8, 1], 4), policyJson: draft() });
    for (const f of ['model.json', 'weights.bin', 'policy.json'])
      expect(readFileSync(join(a, f)).equals(readFileSync(join(b, f))), f).toBe(true);
  });
});
