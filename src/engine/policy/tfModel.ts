import type { io, LayersModel } from '@tensorflow/tfjs';
import { ACTIVATIONS } from './fastForward.js';
import type { Activation, DenseLayer } from './fastForward.js';
import type { PolicyPackage } from './loadPolicy.js';
import { loadTf } from './tfBackend.js';

/**
 * An IOHandler serving a loaded package's model.json and weight bytes from memory. The pure-JS
 * @tensorflow/tfjs has no file:// handler on Node, and reading through the package loader means
 * TF.js sees exactly the bytes that were validated and hashed.
 */
export function packageIOHandler(pkg: Pick<PolicyPackage, 'modelJson' | 'weightData'>): io.IOHandler {
  const m = pkg.modelJson as {
    modelTopology: object;
    format?: string;
    generatedBy?: string;
    convertedBy?: string | null;
    weightsManifest: { weights: io.WeightsManifestEntry[] }[];
  };
  const data = pkg.weightData;
  return {
    load: () =>
      Promise.resolve({
        modelTopology: m.modelTopology,
        format: m.format,
        generatedBy: m.generatedBy,
        convertedBy: m.convertedBy ?? null,
        weightSpecs: m.weightsManifest.flatMap((g) => g.weights),
        weightData: data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer,
      }),
  };
}

/** The package as a TF.js LayersModel (loads TF.js on first use). Dispose it when done. */
export async function loadTfModel(
  pkg: Pick<PolicyPackage, 'modelJson' | 'weightData'>,
): Promise<LayersModel> {
  const tf = await loadTf();
  return tf.loadLayersModel(packageIOHandler(pkg));
}

/** TF.js predictions (first output) for rows of observations, batched, as float64 numbers. */
export async function tfPredict(
  model: LayersModel,
  rows: readonly Float64Array[],
  width: number,
): Promise<Float64Array> {
  const tf = await loadTf();
  const flat = new Float32Array(rows.length * width);
  rows.forEach((r, i) => flat.set(r, i * width));
  const out = tf.tidy(() => {
    const y = model.predict(tf.tensor2d(flat, [rows.length, width]));
    return (Array.isArray(y) ? y[0]! : y).dataSync();
  });
  return Float64Array.from(out);
}

/**
 * The dense layers of a TF.js Sequential model (e.g. the trainer's actor), W transposed from the
 * Keras kernel [in][out] to [out][in], ready for writePolicyPackage / FastPolicyNet.setWeights.
 */
export function denseLayersOf(model: LayersModel): DenseLayer[] {
  return model.layers.map((layer, k) => {
    const config = layer.getConfig();
    const activation = String(config['activation'] ?? 'linear');
    if (layer.getClassName() !== 'Dense' || !(ACTIVATIONS as readonly string[]).includes(activation))
      throw new Error(`layer ${k} (${layer.getClassName()}, ${activation}) is not a supported Dense layer`);
    const [kernel, bias] = layer.getWeights();
    if (!kernel || kernel.shape.length !== 2) throw new Error(`layer ${k} has no 2-D kernel`);
    const [inputs, units] = kernel.shape as [number, number];
    const k32 = kernel.dataSync();
    const W = new Float32Array(units * inputs);
    for (let i = 0; i < inputs; i++) for (let u = 0; u < units; u++) W[u * inputs + i] = k32[i * units + u]!;
    const b = bias ? Float32Array.from(bias.dataSync()) : new Float32Array(units);
    return { W, b, activation: activation as Activation };
  });
}
