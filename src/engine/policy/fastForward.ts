import { activationCode, instantiateKernel } from './wasmKernel.js';
import type { DenseFn } from './wasmKernel.js';

export type Activation = 'linear' | 'relu' | 'tanh' | 'sigmoid';
export const ACTIVATIONS: readonly Activation[] = ['linear', 'relu', 'tanh', 'sigmoid'];

/**
 * One dense layer as FastPolicyNet takes it. W is row-major [out][in] (W[o*inputs + i]), the
 * layout of a PyTorch Linear weight; a TF.js/Keras kernel is [in][out] and is transposed by the
 * package loader. Float32Array (what packages store) or Float64Array.
 */
export interface DenseLayer {
  readonly W: Float32Array | Float64Array;
  readonly b: Float32Array | Float64Array;
  readonly activation: Activation;
}

export type ForwardKernel = 'wasm-simd' | 'js';

const BLOCK = 8; // outputs per kernel block (4 f64x2 accumulators)

interface Shape {
  readonly inputs: number;
  readonly units: number;
}

/** Checks the layer chain and returns each layer's shape, or a one-line reason. */
export function layerShapes(layers: readonly DenseLayer[], inputWidth: number): Shape[] | string {
  if (layers.length === 0) return 'the network has no layers';
  const shapes: Shape[] = [];
  let inputs = inputWidth;
  for (const [k, l] of layers.entries()) {
    const units = l.b.length;
    if (units === 0) return `layer ${k} has no units`;
    if (l.W.length !== units * inputs)
      return `layer ${k}: W holds ${l.W.length} values, expected ${units}×${inputs} = ${units * inputs}`;
    if (!ACTIVATIONS.includes(l.activation))
      return `layer ${k}: unknown activation "${String(l.activation)}"`;
    shapes.push({ inputs, units });
    inputs = units;
  }
  return shapes;
}

/**
 * The policy's forward pass for one observation, for hot loops (backtest, rollouts). Same dense
 * weights as the TF.js model, computed in float64 (TF.js computes in float32, so the two agree to
 * about 1e-6 and the test holds them to 1e-5).
 *
 * `forward` allocates nothing: the weights live in a WebAssembly memory laid out once in the
 * constructor and each layer is one call into the SIMD kernel (wasmKernel.ts). Runtimes without
 * WebAssembly SIMD, or `{ kernel: 'js' }`, use a plain loop over preallocated Float64Arrays.
 * `setWeights` replaces the weights in place (same shapes), e.g. after each training update.
 */
export class FastPolicyNet {
  readonly inputWidth: number;
  readonly outputWidth: number;
  readonly kernel: ForwardKernel;
  private readonly shapes: Shape[];
  private readonly acts: Int32Array;
  // js path: W [out][in] and b per layer, plus one output buffer per layer
  private readonly jsW: Float64Array[] = [];
  private readonly jsB: Float64Array[] = [];
  private readonly jsBuf: Float64Array[] = [];
  // wasm path
  private readonly dense: DenseFn | null = null;
  private readonly mem: Float64Array = new Float64Array(0);
  private readonly plan: Int32Array; // per layer: w, b, x, y byte offsets, nIn, nBlocks, act
  private readonly outputIndex: number = 0;

  constructor(layers: readonly DenseLayer[], options: { inputWidth?: number; kernel?: ForwardKernel } = {}) {
    const first = layers[0];
    const inputWidth = options.inputWidth ?? (first ? first.W.length / first.b.length : 0);
    const shapes = layerShapes(layers, inputWidth);
    if (typeof shapes === 'string') throw new Error(`policy network: ${shapes}`);
    this.shapes = shapes;
    this.inputWidth = inputWidth;
    this.outputWidth = shapes[shapes.length - 1]!.units;
    this.acts = Int32Array.from(layers, (l) => activationCode(l.activation));
    this.plan = new Int32Array(layers.length * 7);

    // Memory (float64 slots): [input, padded to 2], then per layer [weight blocks][bias padded to
    // 8][output padded to 8]. A layer reads the previous layer's padded output; the padding lanes
    // hold act(0) and meet zero weights in the next layer.
    let slots = Math.ceil(inputWidth / 2) * 2;
    let x = 0;
    let nIn = inputWidth;
    shapes.forEach(({ units }, k) => {
      const blocks = Math.ceil(units / BLOCK);
      const w = slots;
      const b = w + blocks * BLOCK * nIn;
      const y = b + blocks * BLOCK;
      slots = y + blocks * BLOCK;
      this.plan.set([w * 8, b * 8, x * 8, y * 8, nIn, blocks, this.acts[k]!], k * 7);
      x = y;
      nIn = blocks * BLOCK;
    });
    const wasm = options.kernel === 'js' ? null : instantiateKernel(slots * 8);
    if (wasm) {
      this.kernel = 'wasm-simd';
      this.dense = wasm.dense;
      this.mem = new Float64Array(wasm.buffer);
      this.outputIndex = x;
    } else {
      this.kernel = 'js';
      for (const { inputs, units } of shapes) {
        this.jsW.push(new Float64Array(units * inputs));
        this.jsB.push(new Float64Array(units));
        this.jsBuf.push(new Float64Array(units));
      }
    }
    this.setWeights(layers);
  }

  /** Replaces all weights in place. Shapes and activations must match the constructor's. */
  setWeights(layers: readonly DenseLayer[]): void {
    const shapes = layerShapes(layers, this.inputWidth);
    if (typeof shapes === 'string') throw new Error(`policy network: ${shapes}`);
    const same =
      shapes.length === this.shapes.length &&
      shapes.every(
        (sh, k) =>
          sh.units === this.shapes[k]!.units && activationCode(layers[k]!.activation) === this.acts[k],
      );
    if (!same) throw new Error('policy network: setWeights needs the same layer sizes and activations');
    layers.forEach((l, k) => {
      const { inputs, units } = this.shapes[k]!;
      if (this.dense) {
        const w = this.plan[k * 7]! / 8;
        const b = this.plan[k * 7 + 1]! / 8;
        const nIn = this.plan[k * 7 + 4]!;
        for (let u = 0; u < units; u++) {
          const base = w + Math.floor(u / BLOCK) * nIn * BLOCK + (u % BLOCK);
          for (let i = 0; i < inputs; i++) this.mem[base + i * BLOCK] = l.W[u * inputs + i]!;
          this.mem[b + u] = l.b[u]!;
        }
      } else {
        this.jsW[k]!.set(l.W);
        this.jsB[k]!.set(l.b);
      }
    });
  }

  /** The first output (the action mean) for one observation of `inputWidth` values. */
  forward(input: Float64Array): number {
    if (input.length !== this.inputWidth)
      throw new Error(`policy input has ${input.length} values, the network takes ${this.inputWidth}`);
    const dense = this.dense;
    if (dense === null) return this.forwardJs(input);
    const plan = this.plan;
    this.mem.set(input, 0);
    for (let p = 0; p < plan.length; p += 7) {
      dense(plan[p]!, plan[p + 1]!, plan[p + 2]!, plan[p + 3]!, plan[p + 4]!, plan[p + 5]!, plan[p + 6]!);
    }
    return this.mem[this.outputIndex]!;
  }

  private forwardJs(input: Float64Array): number {
    let x: Float64Array = input;
    for (let k = 0; k < this.shapes.length; k++) {
      const { inputs, units } = this.shapes[k]!;
      const W = this.jsW[k]!;
      const b = this.jsB[k]!;
      const y = this.jsBuf[k]!;
      for (let o = 0; o < units; o++) {
        let s = b[o]!;
        const row = o * inputs;
        for (let i = 0; i < inputs; i++) s += W[row + i]! * x[i]!;
        y[o] = s;
      }
      const act = this.acts[k]!;
      if (act === ACT_TANH) for (let o = 0; o < units; o++) y[o] = Math.tanh(y[o]!);
      else if (act === ACT_RELU) for (let o = 0; o < units; o++) y[o] = y[o]! < 0 ? 0 : y[o]!;
      else if (act === ACT_SIGMOID) for (let o = 0; o < units; o++) y[o] = 1 / (1 + Math.exp(-y[o]!));
      x = y;
    }
    return x[0]!;
  }
}

const ACT_TANH = activationCode('tanh');
const ACT_RELU = activationCode('relu');
const ACT_SIGMOID = activationCode('sigmoid');
