import { Rng } from '../core/rng.js';
import { FastPolicyNet } from './fastForward.js';
import type { DenseLayer } from './fastForward.js';
import { buildModelFiles } from './modelJson.js';
import { loadTf, tfBackendInfo } from './tfBackend.js';
import { packageIOHandler } from './tfModel.js';

export interface PolicyBenchResult {
  readonly net: string;
  /** Mean µs per decision (one observation → one action) on each path. */
  readonly fastUs: number;
  readonly fastKernel: string;
  readonly jsUs: number;
  readonly tfPredictUs: number;
  /** µs per row when TF.js predicts 1,000 rows in one batch (how a trainer would use it). */
  readonly tfBatchUsPerRow: number;
  readonly tfBackend: string;
  readonly calls: { readonly fast: number; readonly tf: number };
}

/**
 * µs per decision of a seeded 15→64→64→1 tanh policy: the WASM SIMD fast path, the plain-JS
 * fallback, one TF.js `predict` per decision, and TF.js batched. For `npm run bench`; the caller
 * passes its clock (e.g. performance.now), as the engine never reads time itself.
 */
export async function benchPolicyDecision(opts: {
  readonly now: () => number;
  readonly fastCalls?: number;
  readonly tfCalls?: number;
}): Promise<PolicyBenchResult> {
  const fastCalls = opts.fastCalls ?? 200_000;
  const tfCalls = opts.tfCalls ?? 2_000;
  const rng = new Rng(2024);
  const sizes = [15, 64, 64, 1];
  const layers: DenseLayer[] = sizes.slice(1).map((units, k) => {
    const inputs = sizes[k]!;
    const scale = Math.sqrt(2 / (inputs + units));
    return {
      W: Float32Array.from({ length: units * inputs }, () => rng.normal() * scale),
      b: Float32Array.from({ length: units }, () => rng.normal() * 0.1),
      activation: k === sizes.length - 2 ? 'linear' : 'tanh',
    };
  });
  const inputs = Array.from({ length: 256 }, () => Float64Array.from({ length: 15 }, () => rng.normal()));

  const perCall = (net: FastPolicyNet, n: number): number => {
    let sink = 0;
    for (let i = 0; i < 20_000; i++) sink += net.forward(inputs[i & 255]!); // warm-up: let V8 optimise
    const t0 = opts.now();
    for (let i = 0; i < n; i++) sink += net.forward(inputs[i & 255]!);
    const us = ((opts.now() - t0) * 1000) / n;
    return Number.isFinite(sink) ? us : NaN;
  };
  const fast = new FastPolicyNet(layers);
  const fastUs = perCall(fast, fastCalls);
  const jsUs = perCall(new FastPolicyNet(layers, { kernel: 'js' }), Math.max(1, fastCalls >> 2));

  const tf = await loadTf();
  const { modelJson, weights } = buildModelFiles(layers, 15);
  const model = await tf.loadLayersModel(
    packageIOHandler({ modelJson: JSON.parse(JSON.stringify(modelJson)), weightData: weights }),
  );
  const predictOne = (x: Float64Array): number =>
    tf.tidy(() => {
      const y = model.predict(tf.tensor2d(Float32Array.from(x), [1, 15]));
      return (Array.isArray(y) ? y[0]! : y).dataSync()[0]!;
    });
  for (let i = 0; i < 200; i++) predictOne(inputs[i & 255]!);
  let t0 = opts.now();
  for (let i = 0; i < tfCalls; i++) predictOne(inputs[i & 255]!);
  const tfPredictUs = ((opts.now() - t0) * 1000) / tfCalls;

  const batch = new Float32Array(1000 * 15);
  for (let r = 0; r < 1000; r++) batch.set(inputs[r & 255]!, r * 15);
  const predictBatch = (): void => {
    tf.tidy(() => {
      const y = model.predict(tf.tensor2d(batch, [1000, 15]));
      (Array.isArray(y) ? y[0]! : y).dataSync();
    });
  };
  predictBatch();
  t0 = opts.now();
  for (let i = 0; i < 10; i++) predictBatch();
  const tfBatchUsPerRow = ((opts.now() - t0) * 1000) / 10_000;
  model.dispose();

  return {
    net: '15→64→64→1 tanh',
    fastUs,
    fastKernel: fast.kernel,
    jsUs,
    tfPredictUs,
    tfBatchUsPerRow,
    tfBackend: tfBackendInfo()?.detail ?? 'unknown',
    calls: { fast: fastCalls, tf: tfCalls },
  };
}
