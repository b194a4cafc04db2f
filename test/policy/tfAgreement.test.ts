import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LayersModel } from '@tensorflow/tfjs';
import { FastPolicyNet } from '../../src/engine/policy/fastForward.js';
import { loadPolicyPackage } from '../../src/engine/policy/loadPolicy.js';
import type { PolicyPackage } from '../../src/engine/policy/loadPolicy.js';
import { ObservationScaler } from '../../src/engine/policy/scaler.js';
import { tfBackendInfo } from '../../src/engine/policy/tfBackend.js';
import { loadTfModel, tfPredict } from '../../src/engine/policy/tfModel.js';
import { writePolicyPackage } from '../../src/engine/policy/writePackage.js';
import { SKIP_NOTE } from '../support/sharedData.js';
import {
  FIXTURE_DAY,
  draft,
  fitStandard,
  randomLayers,
  realObservations,
  sharedEthDays,
  tempDir,
} from './helpers.js';

/**
 * The acceptance check: TF.js and the fast path agree within 1e-5 on 10,000 real
 * observations (the project's FeatureEngine over real ETHUSDT candles, scaled by a standard
 * scaler fitted on the first half, as a trained package would be).
 */
async function packageFor(rows: Float64Array[], dir: string): Promise<PolicyPackage> {
  const scaler = fitStandard(rows.slice(0, rows.length >> 1));
  const written = writePolicyPackage(dir, {
    layers: randomLayers([15, 64, 64, 1], 42),
    policyJson: draft({ name: 'agreement', scaler, clip: { observation: [-5, 5], action: [-1, 1] } }),
  });
  if (!written.ok) throw new Error(written.error);
  const loaded = await loadPolicyPackage(dir);
  if (!loaded.ok) throw new Error(loaded.error);
  return loaded.value;
}

async function compare(rows: Float64Array[], dir: string): Promise<{ worst: number; spread: number }> {
  const pkg = await packageFor(rows, dir);
  const scaler = ObservationScaler.fromPolicy(pkg.policy);
  const scaled = rows.map((r) => {
    const x = Float64Array.from(r);
    scaler.apply(x);
    return x;
  });
  const model: LayersModel = await loadTfModel(pkg);
  try {
    const tf = await tfPredict(model, scaled, 15);
    const net = new FastPolicyNet(pkg.layers);
    let worst = 0;
    let lo = Infinity;
    let hi = -Infinity;
    scaled.forEach((x, i) => {
      const y = net.forward(x);
      worst = Math.max(worst, Math.abs(y - tf[i]!));
      lo = Math.min(lo, y);
      hi = Math.max(hi, y);
    });
    return { worst, spread: hi - lo };
  } finally {
    model.dispose();
  }
}

describe('TF.js vs FastPolicyNet on real observations', () => {
  const dirs: string[] = [];
  const dir = (): string => {
    const d = tempDir('agree');
    dirs.push(d);
    return d;
  };
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('returns agreement within 1e-5 on one real day from test/fixtures (fresh clone)', async () => {
    const rows = realObservations([FIXTURE_DAY], 1440);
    expect(rows).toHaveLength(1440);
    const { worst, spread } = await compare(rows, dir());
    expect(spread, 'the outputs vary, so agreement is not trivial').toBeGreaterThan(0.1);
    expect(worst).toBeLessThan(1e-5);
    expect(tfBackendInfo()?.detail, 'loadTf reports its backend').toMatch(/^TF\.js 4\.\d+\.\d+ \w+ backend/);
  });

  describe.skipIf(!sharedEthDays(1))(
    `on 10,000 observations from ../shared/data (${SKIP_NOTE} otherwise)`,
    () => {
      let rows: Float64Array[] = [];
      beforeAll(() => {
        rows = realObservations(sharedEthDays(8)!, 10_000);
      });

      it('returns agreement within 1e-5 on all 10,000', async () => {
        expect(rows).toHaveLength(10_000);
        const { worst, spread } = await compare(rows, dir());
        expect(spread).toBeGreaterThan(0.1);
        expect(worst, 'float64 fast path vs float32 TF.js').toBeLessThan(1e-5);
      });
    },
  );
});
