import type { Parsed } from '../core/types.js';
import { ACTIVATIONS, layerShapes } from './fastForward.js';
import type { Activation, DenseLayer } from './fastForward.js';
import { ShapeError, int, obj, str } from './jsonShape.js';
import type { Obj } from './jsonShape.js';
import { WEIGHTS_FILE } from './policyJson.js';

/**
 * The TF.js layers-model files: `model.json` (topology + weightsManifest) and the raw weights.
 * Written exactly as `tf.LayersModel.save()` writes them (format "layers-model", a Sequential of
 * Dense layers, kernel [in][out] and bias [out] as little-endian float32 in manifest order), so
 * `tf.loadLayersModel` reads our packages and we read packages TF.js saved.
 */

export interface WeightSpec {
  readonly name: string;
  readonly shape: readonly number[];
  readonly dtype: string;
}

export interface ModelJsonFile {
  readonly format: 'layers-model';
  readonly generatedBy: string;
  readonly convertedBy: string | null;
  readonly modelTopology: Obj;
  readonly weightsManifest: readonly {
    readonly paths: readonly string[];
    readonly weights: readonly WeightSpec[];
  }[];
}

export interface ParsedModel {
  readonly inputWidth: number;
  /** W row-major [out][in] (transposed from the Keras kernel), as FastPolicyNet takes it. */
  readonly layers: readonly DenseLayer[];
}

const SAFE_PATH = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** model.json + weights.bin bytes for dense layers whose W is row-major [out][in]. */
export function buildModelFiles(
  layers: readonly DenseLayer[],
  inputWidth: number,
): { modelJson: ModelJsonFile; weights: Uint8Array } {
  const shapes = layerShapes(layers, inputWidth);
  if (typeof shapes === 'string') throw new Error(`cannot write the model: ${shapes}`);
  const total = shapes.reduce((n, s) => n + s.inputs * s.units + s.units, 0);
  const data = new Float32Array(total);
  const specs: WeightSpec[] = [];
  const configs: Obj[] = [];
  let at = 0;
  shapes.forEach(({ inputs, units }, k) => {
    const l = layers[k]!;
    const name = `dense_${k + 1}`;
    for (let i = 0; i < inputs; i++) for (let o = 0; o < units; o++) data[at++] = l.W[o * inputs + i]!;
    for (let o = 0; o < units; o++) data[at++] = l.b[o]!;
    specs.push({ name: `${name}/kernel`, shape: [inputs, units], dtype: 'float32' });
    specs.push({ name: `${name}/bias`, shape: [units], dtype: 'float32' });
    configs.push({
      class_name: 'Dense',
      config: {
        units,
        activation: l.activation,
        use_bias: true,
        kernel_initializer: { class_name: 'Zeros', config: {} },
        bias_initializer: { class_name: 'Zeros', config: {} },
        kernel_regularizer: null,
        bias_regularizer: null,
        activity_regularizer: null,
        kernel_constraint: null,
        bias_constraint: null,
        name,
        trainable: true,
        ...(k === 0 ? { batch_input_shape: [null, inputWidth] } : {}),
        dtype: 'float32',
      },
    });
  });
  const modelJson: ModelJsonFile = {
    format: 'layers-model',
    generatedBy: 'drl-tui writePolicyPackage (TensorFlow.js layers format)',
    convertedBy: null,
    modelTopology: {
      class_name: 'Sequential',
      config: { name: 'policy', layers: configs },
      keras_version: 'tfjs-layers 4.22.0',
      backend: 'tensor_flow.js',
    },
    weightsManifest: [{ paths: [WEIGHTS_FILE], weights: specs }],
  };
  return { modelJson, weights: new Uint8Array(data.buffer) };
}

/** The weight file names model.json lists, in order, or a one-line reason. */
export function weightPaths(modelJson: unknown): Parsed<string[]> {
  try {
    const manifest = readManifest(obj(modelJson, 'model.json'));
    return { ok: true, value: manifest.flatMap((g) => g.paths) };
  } catch (e) {
    if (e instanceof ShapeError) return { ok: false, error: `model.json: ${e.message}` };
    throw e;
  }
}

/** Validates model.json against the concatenated weight bytes and returns dense layers. */
export function parseModelFiles(modelJson: unknown, weightData: Uint8Array): Parsed<ParsedModel> {
  try {
    return { ok: true, value: readModel(modelJson, weightData) };
  } catch (e) {
    if (e instanceof ShapeError) return { ok: false, error: `model.json: ${e.message}` };
    throw e;
  }
}

function readManifest(o: Obj): { paths: string[]; weights: WeightSpec[] }[] {
  if (!Array.isArray(o['weightsManifest']) || o['weightsManifest'].length === 0)
    throw new ShapeError('weightsManifest is missing');
  return o['weightsManifest'].map((g, gi) => {
    const go = obj(g, `weightsManifest[${gi}]`);
    if (!Array.isArray(go['paths'])) throw new ShapeError(`weightsManifest[${gi}].paths must be an array`);
    const paths = go['paths'].map((p, i) => {
      const s = str(p, `weightsManifest[${gi}].paths[${i}]`);
      if (!SAFE_PATH.test(s))
        throw new ShapeError(`weight file "${s}" must be a plain file name next to model.json`);
      return s;
    });
    if (!Array.isArray(go['weights']))
      throw new ShapeError(`weightsManifest[${gi}].weights must be an array`);
    const weights = go['weights'].map((w, i) => {
      const wo = obj(w, `weightsManifest[${gi}].weights[${i}]`);
      const name = str(wo['name'], `weightsManifest[${gi}].weights[${i}].name`);
      if (!Array.isArray(wo['shape'])) throw new ShapeError(`weight ${name}: shape must be an array`);
      const shape = wo['shape'].map((d, j) => int(d, `weight ${name} shape[${j}]`, 0));
      const dtype = str(wo['dtype'], `weight ${name} dtype`);
      if (dtype !== 'float32' || wo['quantization'] !== undefined)
        throw new ShapeError(
          `weight ${name}: ${wo['quantization'] ? 'quantized' : dtype} weights are not supported (float32 only)`,
        );
      return { name, shape, dtype };
    });
    return { paths, weights };
  });
}

function topologyLayers(o: Obj): Obj[] {
  let topo = obj(o['modelTopology'], 'modelTopology');
  // Keras-converted files wrap the model in model_config.
  if (topo['model_config'] !== undefined) topo = obj(topo['model_config'], 'modelTopology.model_config');
  const cls = topo['class_name'];
  if (cls !== 'Sequential')
    throw new ShapeError(
      `modelTopology is ${JSON.stringify(cls)}, only Sequential dense models are supported`,
    );
  const config = topo['config'];
  const layers = Array.isArray(config) ? config : obj(config, 'modelTopology.config')['layers'];
  if (!Array.isArray(layers) || layers.length === 0) throw new ShapeError('modelTopology has no layers');
  return layers.map((l, i) => obj(l, `layer ${i}`));
}

function batchWidth(config: Obj): number | null {
  const shape = config['batch_input_shape'] ?? config['batchInputShape'] ?? config['batch_shape'];
  if (!Array.isArray(shape)) return null;
  if (shape.length !== 2) throw new ShapeError(`input shape ${JSON.stringify(shape)} must be [null, width]`);
  return int(shape[1], 'input width', 1);
}

function readModel(raw: unknown, weightData: Uint8Array): ParsedModel {
  const o = obj(raw, 'the file');
  if (o['format'] !== undefined && o['format'] !== 'layers-model')
    throw new ShapeError(
      `format "${String(o['format'])}" is not a layers model (graph models are not supported)`,
    );
  const specs = readManifest(o).flatMap((g) => g.weights);
  const byName = new Map<string, { spec: WeightSpec; offset: number }>();
  let offset = 0;
  for (const spec of specs) {
    byName.set(spec.name, { spec, offset });
    offset += spec.shape.reduce((a, b) => a * b, 1) * 4;
  }
  if (offset !== weightData.byteLength)
    throw new ShapeError(
      `the manifest describes ${offset} bytes of weights, the weight files hold ${weightData.byteLength}`,
    );
  const floats = new Float32Array(
    weightData.buffer.slice(weightData.byteOffset, weightData.byteOffset + offset),
  );

  let inputWidth: number | null = null;
  const dense: Obj[] = [];
  for (const [i, layer] of topologyLayers(o).entries()) {
    const config = obj(layer['config'], `layer ${i} config`);
    const cls = layer['class_name'];
    if (cls === 'InputLayer' && i === 0) inputWidth = batchWidth(config);
    else if (cls === 'Dense') dense.push(config);
    else throw new ShapeError(`layer ${i} is ${JSON.stringify(cls)}; only Dense layers are supported`);
    if (i === 0 && cls === 'Dense') inputWidth = batchWidth(config);
  }
  if (dense.length === 0) throw new ShapeError('the model has no Dense layers');
  if (inputWidth === null) throw new ShapeError('the first layer declares no input shape');

  const find = (
    layerName: string,
    part: 'kernel' | 'bias',
  ): { spec: WeightSpec; offset: number } | undefined => {
    const exact = byName.get(`${layerName}/${part}`);
    if (exact) return exact;
    for (const [n, v] of byName) if (n.endsWith(`/${layerName}/${part}`)) return v;
    return undefined;
  };

  const layers: DenseLayer[] = [];
  let inputs = inputWidth;
  for (const [k, config] of dense.entries()) {
    const name = str(config['name'], `dense layer ${k} name`);
    const units = int(config['units'], `${name}.units`, 1);
    const act = config['activation'] ?? 'linear';
    if (typeof act !== 'string' || !(ACTIVATIONS as readonly string[]).includes(act))
      throw new ShapeError(
        `${name}: unknown activation ${JSON.stringify(act)} (supported: ${ACTIVATIONS.join(', ')})`,
      );
    const kernel = find(name, 'kernel');
    if (!kernel) throw new ShapeError(`${name}: no kernel weights in the manifest`);
    const [kIn, kOut] = kernel.spec.shape;
    if (kernel.spec.shape.length !== 2 || kIn !== inputs || kOut !== units)
      throw new ShapeError(
        `${name}: kernel shape [${kernel.spec.shape.join(', ')}] does not match [${inputs}, ${units}]`,
      );
    const W = new Float32Array(units * inputs);
    const kBase = kernel.offset / 4;
    for (let i = 0; i < inputs; i++)
      for (let u = 0; u < units; u++) W[u * inputs + i] = floats[kBase + i * units + u]!;
    const b = new Float32Array(units);
    if (config['use_bias'] !== false) {
      const bias = find(name, 'bias');
      if (!bias) throw new ShapeError(`${name}: no bias weights in the manifest`);
      if (bias.spec.shape.length !== 1 || bias.spec.shape[0] !== units)
        throw new ShapeError(`${name}: bias shape [${bias.spec.shape.join(', ')}] does not match [${units}]`);
      b.set(floats.subarray(bias.offset / 4, bias.offset / 4 + units));
    }
    const bad = firstNonFinite(W) ?? firstNonFinite(b);
    if (bad !== null) throw new ShapeError(`${name}: weights contain ${bad} (a corrupt or diverged model)`);
    layers.push({ W, b, activation: act as Activation });
    inputs = units;
  }
  return { inputWidth, layers };
}

function firstNonFinite(a: Float32Array): string | null {
  for (let i = 0; i < a.length; i++) {
    const v = a[i]!;
    if (!Number.isFinite(v)) return Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
  }
  return null;
}
