import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/engine/core/rng.js';
import { FastPolicyNet } from '../../src/engine/policy/fastForward.js';
import type { Activation } from '../../src/engine/policy/fastForward.js';
import { simdAvailable } from '../../src/engine/policy/wasmKernel.js';
import { naiveForward, randomLayers } from './helpers.js';

function inputs(n: number, width: number, seed: number, scale: number): Float64Array[] {
  const rng = new Rng(seed);
  return Array.from({ length: n }, () => Float64Array.from({ length: width }, () => rng.normal() * scale));
}

describe('FastPolicyNet', () => {
  it('returns the WebAssembly SIMD kernel on Node 20', () => {
    expect(
      simdAvailable(),
      'V8 in Node 20 supports wasm SIMD; without it the 5 µs budget is out of reach',
    ).toBe(true);
    expect(new FastPolicyNet(randomLayers([15, 64, 64, 1], 1)).kernel).toBe('wasm-simd');
  });

  for (const act of ['tanh', 'relu', 'sigmoid', 'linear'] as const satisfies readonly Activation[]) {
    it(`returns the naive float64 result within 1e-12 for ${act} hidden layers (both kernels)`, () => {
      const layers = randomLayers([15, 64, 64, 1], 7, act);
      const wasm = new FastPolicyNet(layers);
      const js = new FastPolicyNet(layers, { kernel: 'js' });
      let worst = 0;
      for (const x of inputs(2000, 15, 3, 3)) {
        const want = naiveForward(layers, x);
        worst = Math.max(worst, Math.abs(wasm.forward(x) - want), Math.abs(js.forward(x) - want));
      }
      expect(worst).toBeLessThan(1e-12);
    });
  }

  it('returns correct results for widths that are not multiples of the 8-unit block', () => {
    for (const sizes of [
      [3, 5, 1],
      [19, 13, 9, 1],
      [1, 1],
      [15, 8, 8, 1],
      [40, 100, 1],
    ]) {
      const layers = randomLayers(sizes, sizes.length * 31);
      const net = new FastPolicyNet(layers);
      for (const x of inputs(200, sizes[0]!, 5, 2)) {
        expect(Math.abs(net.forward(x) - naiveForward(layers, x)), `sizes ${sizes.join('→')}`).toBeLessThan(
          1e-12,
        );
      }
    }
  });

  it('returns tanh saturated to ±1 for huge pre-activations and NaN for a NaN input', () => {
    const one = (activation: Activation): FastPolicyNet =>
      new FastPolicyNet([{ W: new Float64Array([1]), b: new Float64Array([0]), activation }]);
    const tanh = one('tanh');
    const sigmoid = one('sigmoid');
    expect(tanh.forward(new Float64Array([1e6]))).toBe(1);
    expect(tanh.forward(new Float64Array([-1e6]))).toBe(-1);
    expect(
      sigmoid.forward(new Float64Array([-1e6])),
      'e^708 is the clamp: 1/(1+e^708) ≈ 3e-308',
    ).toBeLessThan(1e-300);
    expect(
      Number.isNaN(tanh.forward(new Float64Array([NaN]))),
      'a NaN must not become a plausible action',
    ).toBe(true);
    let worst = 0;
    for (let v = -40; v <= 40; v += 0.001) {
      worst = Math.max(worst, Math.abs(tanh.forward(new Float64Array([v])) - Math.tanh(v)));
      worst = Math.max(worst, Math.abs(sigmoid.forward(new Float64Array([v])) - 1 / (1 + Math.exp(-v))));
    }
    expect(worst, 'the vector exp is accurate to ~1e-15').toBeLessThan(1e-13);
  });

  it('returns a one-line error for a malformed layer chain or input', () => {
    const layers = randomLayers([15, 8, 1], 2);
    expect(() => new FastPolicyNet(layers, { inputWidth: 14 })).toThrow(
      /^policy network: layer 0: W holds 120 values, expected 8×14/,
    );
    expect(() => new FastPolicyNet(layers).forward(new Float64Array(14))).toThrow(
      'policy input has 14 values, the network takes 15',
    );
  });

  it('returns the same output when called again with the same input (no state between calls)', () => {
    const net = new FastPolicyNet(randomLayers([15, 64, 64, 1], 9));
    const [a, b] = inputs(2, 15, 11, 1);
    const first = net.forward(a!);
    net.forward(b!);
    expect(net.forward(a!)).toBe(first);
  });

  it("returns the new weights' output after setWeights, on both kernels, and refuses another shape", () => {
    const a = randomLayers([15, 64, 64, 1], 21);
    const b = randomLayers([15, 64, 64, 1], 22);
    for (const kernel of ['wasm-simd', 'js'] as const) {
      const net = new FastPolicyNet(a, { kernel });
      net.setWeights(b);
      for (const x of inputs(50, 15, 23, 1))
        expect(Math.abs(net.forward(x) - naiveForward(b, x))).toBeLessThan(1e-12);
      expect(() => net.setWeights(randomLayers([15, 32, 1], 1))).toThrow(
        'setWeights needs the same layer sizes and activations',
      );
    }
  });
});
