import type { io, LayersModel } from '@tensorflow/tfjs';
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
