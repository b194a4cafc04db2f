import type { Activation, DenseLayer } from './fastForward.js';

type Vec = Float32Array | Float64Array;

function activate(kind: Activation, s: number): number {
  return kind === 'tanh' ? Math.tanh(s) : kind === 'relu' ? Math.max(0, s) : kind === 'sigmoid' ? 1 / (1 + Math.exp(-s)) : s; // prettier-ignore
}

/** d(activation)/d(pre-activation), from the activation's output v. */
function slope(kind: Activation, v: number): number {
  return kind === 'tanh' ? 1 - v * v : kind === 'sigmoid' ? v * (1 - v) : kind === 'relu' ? (v > 0 ? 1 : 0) : 1; // prettier-ignore
}

/** y = act(W a + b), summed in input order (the order every recorded reason was computed in). */
function forwardLayer(W: Vec, b: Vec, kind: Activation, a: Float64Array): Float64Array {
  const units = b.length;
  const inputs = a.length;
  const y = new Float64Array(units);
  for (let o = 0; o < units; o++) {
    let s = b[o]!;
    const row = o * inputs;
    for (let i = 0; i < inputs; i++) s += W[row + i]! * a[i]!;
    y[o] = activate(kind, s);
  }
  return y;
}

/**
 * Gradient × input for the first output: how much each (scaled) input pushes the action away
 * from what an all-zero input (the training mean, under a standard scaler) would give, to first
 * order. Used only to write a vote's reason ("z_score=-1.80, rsi=0.31"): computed at most once a
 * bar, when a journal or the screen reads the vote. Returns one contribution per input.
 * Weights and activations are read into locals so the loops stay monomorphic (a Float32Array
 * weight beside a Float64Array activation made the old loops ~10× slower); the sums are taken in
 * the same order as before, so recorded reasons verify unchanged.
 */
export function inputAttribution(layers: readonly DenseLayer[], x: Float64Array): Float64Array {
  const outs: Float64Array[] = [];
  let a: Float64Array = x;
  for (const l of layers) {
    a = forwardLayer(l.W, l.b, l.activation, a);
    outs.push(a);
  }
  // Backward: g holds d(output0)/d(activation of the current layer).
  let g = new Float64Array(outs[outs.length - 1]!.length);
  g[0] = 1;
  for (let k = layers.length - 1; k >= 0; k--) {
    const l = layers[k]!;
    const W = l.W;
    const y = outs[k]!;
    const prev = k > 0 ? outs[k - 1]! : x;
    const n = prev.length;
    const dz = new Float64Array(y.length);
    for (let o = 0; o < y.length; o++) dz[o] = g[o]! * slope(l.activation, y[o]!);
    const gPrev = new Float64Array(n);
    for (let o = 0; o < y.length; o++) {
      const row = o * n;
      const d = dz[o]!;
      for (let i = 0; i < n; i++) gPrev[i]! += W[row + i]! * d;
    }
    g = gPrev;
  }
  for (let i = 0; i < x.length; i++) g[i] = g[i]! * x[i]!;
  return g;
}
