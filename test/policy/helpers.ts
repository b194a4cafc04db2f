import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { unzipSync } from 'fflate';
import { DEFAULT_FEATURE_PARAMS, OBSERVATION_FEATURES } from '../../src/engine/core/types.js';
import { Rng } from '../../src/engine/core/rng.js';
import { FeatureEngine } from '../../src/engine/features/featureEngine.js';
import { ObservationBuilder } from '../../src/engine/features/observation.js';
import type { Activation, DenseLayer } from '../../src/engine/policy/fastForward.js';
import { ACTION_MEANING, POLICY_FORMAT_VERSION } from '../../src/engine/policy/policyJson.js';
import type { PolicyJsonDraft, PolicyScaler } from '../../src/engine/policy/policyJson.js';
import { SHARED_DATA } from '../support/sharedData.js';

export const FIXTURE_DIR = resolve(import.meta.dirname, '../fixtures/policy');
export const FIXTURE_DAY = join(FIXTURE_DIR, 'ETHUSDT-1m-2024-03-15.zip');

export function tempDir(tag: string): string {
  return mkdtempSync(join(tmpdir(), `drl-policy-${tag}-`));
}

/** close, volume of every row of the Binance daily kline zips, in file order. */
export function readKlineZips(
  paths: readonly string[],
  maxBars: number,
): { close: number[]; volume: number[] } {
  const close: number[] = [];
  const volume: number[] = [];
  for (const p of paths) {
    const files = unzipSync(new Uint8Array(readFileSync(p)));
    const csv = new TextDecoder().decode(Object.values(files)[0]);
    for (const line of csv.split('\n')) {
      const cols = line.split(',');
      if (cols.length < 6 || !/^\d/.test(cols[0]!)) continue;
      close.push(Number(cols[4]));
      volume.push(Number(cols[5]));
      if (close.length >= maxBars) return { close, volume };
    }
  }
  return { close, volume };
}

/** Real ETHUSDT daily zips from ../shared/data (first `days`), or null when it is absent. */
export function sharedEthDays(days: number): string[] | null {
  if (!SHARED_DATA) return null;
  const dir = join(SHARED_DATA, 'binance', 'ETHUSDT');
  return readdirSync(dir)
    .filter((f) => /^ETHUSDT-1m-2024-\d\d-\d\d\.zip$/.test(f))
    .sort()
    .slice(0, days)
    .map((f) => join(dir, f));
}

/**
 * Real 15-D observations: the project's FeatureEngine over real candles (sentiment 0), with a
 * position path that follows price momentum in steps of 0.1 (deterministic), built by the
 * ObservationBuilder in the default order.
 */
export function realObservations(paths: readonly string[], n: number): Float64Array[] {
  const { close, volume } = readKlineZips(paths, n);
  const engine = new FeatureEngine(DEFAULT_FEATURE_PARAMS);
  const builder = new ObservationBuilder(OBSERVATION_FEATURES);
  const out: Float64Array[] = [];
  let position = 0;
  for (let i = 0; i < close.length; i++) {
    const values = engine.update(close[i]!, volume[i]!, 0);
    const momentum = values[2]!;
    const next = Math.max(-1, Math.min(1, position + (momentum > 0 ? 0.1 : momentum < 0 ? -0.1 : 0)));
    const change = next - position;
    position = Math.round(next * 10) / 10;
    const obs = new Float64Array(15);
    builder.fill(values, position, change, obs);
    out.push(obs);
  }
  return out;
}

/** A standard scaler fitted on `rows` (what a trainer would fit on its training split). */
export function fitStandard(rows: readonly Float64Array[]): PolicyScaler {
  const w = rows[0]!.length;
  const mean = new Array<number>(w).fill(0);
  const sq = new Array<number>(w).fill(0);
  for (const r of rows) for (let i = 0; i < w; i++) mean[i]! += r[i]! / rows.length;
  for (const r of rows) for (let i = 0; i < w; i++) sq[i]! += (r[i]! - mean[i]!) ** 2 / rows.length;
  return { kind: 'standard', mean, std: sq.map(Math.sqrt), fittedOn: null };
}

/** Seeded dense layers with Glorot-like scale, so hidden units are neither saturated nor dead. */
export function randomLayers(
  sizes: readonly number[],
  seed: number,
  hidden: Activation = 'tanh',
): DenseLayer[] {
  const rng = new Rng(seed);
  const layers: DenseLayer[] = [];
  for (let k = 1; k < sizes.length; k++) {
    const inputs = sizes[k - 1]!;
    const units = sizes[k]!;
    const scale = Math.sqrt(2 / (inputs + units));
    layers.push({
      W: Float32Array.from({ length: units * inputs }, () => rng.normal() * scale),
      b: Float32Array.from({ length: units }, () => rng.normal() * 0.1),
      activation: k === sizes.length - 1 ? 'linear' : hidden,
    });
  }
  return layers;
}

export function draft(overrides: Partial<PolicyJsonDraft> = {}): PolicyJsonDraft {
  return {
    formatVersion: POLICY_FORMAT_VERSION,
    name: 'test-policy',
    observation: { features: [...OBSERVATION_FEATURES], width: 15 },
    featureParams: DEFAULT_FEATURE_PARAMS,
    scaler: { kind: 'none' },
    clip: { observation: null, action: [-1, 1] },
    action: { meaning: ACTION_MEANING, low: -1, high: 1 },
    training: { algo: 'test', steps: null, seed: 1, train: null, eval: null, command: null, source: null },
    metrics: {},
    ...overrides,
  };
}

/** The naive reference forward pass: W row-major [out][in], float64, Math.tanh. */
export function naiveForward(layers: readonly DenseLayer[], x: ArrayLike<number>): number {
  let a = Array.from(x);
  for (const l of layers) {
    const units = l.b.length;
    const y: number[] = [];
    for (let o = 0; o < units; o++) {
      let s = l.b[o]!;
      for (let i = 0; i < a.length; i++) s += l.W[o * a.length + i]! * a[i]!;
      y.push(l.activation === 'tanh' ? Math.tanh(s) : l.activation === 'relu' ? Math.max(0, s) : l.activation === 'sigmoid' ? 1 / (1 + Math.exp(-s)) : s); // prettier-ignore
    }
    a = y;
  }
  return a[0]!;
}
