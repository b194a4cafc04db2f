import type { DenseLayer } from './fastForward.js';

/**
 * Gradient × input for the first output: how much each (scaled) input pushes the action away
 * from what an all-zero input (the training mean, under a standard scaler) would give, to first
 * order. Used only to write a vote's reason ("z_score=-1.80, rsi=0.31"), never on the hot path,
 * so it allocates freely. Returns one contribution per input.
 */
export function inputAttribution(layers: readonly DenseLayer[], x: Float64Array): Float64Array {
  const outs: Float64Array[] = [];
  let a: Float64Array = x;
  for (const l of layers) {
    const units = l.b.length;
    const inputs = a.length;
    const y = new Float64Array(units);
    for (let o = 0; o < units; o++) {
      let s = l.b[o]!;
      for (let i = 0; i < inputs; i++) s += l.W[o * inputs + i]! * a[i]!;
      y[o] = l.activation === 'tanh' ? Math.tanh(s) : l.activation === 'relu' ? Math.max(0, s) : l.activation === 'sigmoid' ? 1 / (1 + Math.exp(-s)) : s; // prettier-ignore
    }
    outs.push(y);
    a = y;
  }
  // Backward: g holds d(output0)/d(activation of the current layer).
  let g = new Float64Array(outs[outs.length - 1]!.length);
  g[0] = 1;
  for (let k = layers.length - 1; k >= 0; k--) {
    const l = layers[k]!;
    const y = outs[k]!;
    const prev = k > 0 ? outs[k - 1]! : x;
    const dz = new Float64Array(y.length);
    for (let o = 0; o < y.length; o++) {
      const v = y[o]!;
      const d = l.activation === 'tanh' ? 1 - v * v : l.activation === 'sigmoid' ? v * (1 - v) : l.activation === 'relu' ? (v > 0 ? 1 : 0) : 1; // prettier-ignore
      dz[o] = g[o]! * d;
    }
    const gPrev = new Float64Array(prev.length);
    for (let o = 0; o < y.length; o++) {
      const row = o * prev.length;
      for (let i = 0; i < prev.length; i++) gPrev[i]! += l.W[row + i]! * dz[o]!;
    }
    g = gPrev;
  }
  for (let i = 0; i < x.length; i++) g[i] = g[i]! * x[i]!;
  return g;
}
