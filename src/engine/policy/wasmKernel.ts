/**
 * A hand-assembled WebAssembly SIMD kernel for one dense layer (f64x2 lanes), used by
 * FastPolicyNet. No toolchain and no npm package: the module's bytes are emitted below from a
 * readable instruction list (opcodes from the WebAssembly SIMD spec, BinarySIMD.md).
 *
 * Exported function
 *   dense(w, b, x, y, nIn, nBlocks, act)      all i32 byte offsets / counts
 * computes y = act(W·x + b) for nBlocks blocks of 8 outputs. Weights are stored block by block,
 * input-major inside a block: for block k, row i holds W[8k..8k+7][i] (64 bytes), so the inner
 * loop is one splat of x[i] and four f64x2 multiply-adds over contiguous memory, with no
 * horizontal sums. Outputs are padded to a multiple of 8 with zero weights (see fastForward.ts).
 * act: 0 linear, 1 relu, 2 tanh, 3 sigmoid.
 *
 * tanh(a) = 1 − 2/(e^{2a}+1) and sigmoid(a) = 1/(1+e^{−a}) over a vector exp: argument clamped
 * to ±708, k = round(a·log2 e), r = a − k·ln2 (Cody–Waite split), e^r by its Taylor series to
 * degree 11 (|r| ≤ 0.347 → truncation < 7e-15 relative), times 2^k built in the exponent bits.
 * Absolute error of tanh/sigmoid is ~1e-15, far inside the 1e-5 the policy needs. NaN
 * propagates (min/max return NaN), so a bad input cannot turn into a plausible action.
 */

const ACT_CODES = { linear: 0, relu: 1, tanh: 2, sigmoid: 3 } as const;
export type KernelActivation = keyof typeof ACT_CODES;
export function activationCode(a: KernelActivation): number {
  return ACT_CODES[a];
}

// --- a tiny assembler ------------------------------------------------------------------------

type Bytes = number[];

function uleb(n: number): Bytes {
  const out: Bytes = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

function sleb(n: number): Bytes {
  const out: Bytes = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    const done = (n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

function str(s: string): Bytes {
  const b = [...new TextEncoder().encode(s)];
  return [...uleb(b.length), ...b];
}

function section(id: number, body: Bytes): Bytes {
  return [id, ...uleb(body.length), ...body];
}

function vec(items: Bytes[]): Bytes {
  return [...uleb(items.length), ...items.flat()];
}

const I32 = 0x7f;
const V128 = 0x7b;

const get = (i: number): Bytes => [0x20, ...uleb(i)];
const set = (i: number): Bytes => [0x21, ...uleb(i)];
const tee = (i: number): Bytes => [0x22, ...uleb(i)];
const i32c = (n: number): Bytes => [0x41, ...sleb(n)];
const i32add: Bytes = [0x6a];
const i32sub: Bytes = [0x6b];
const i32eq: Bytes = [0x46];
const loop: Bytes = [0x03, 0x40];
const ifVoid: Bytes = [0x04, 0x40];
const end: Bytes = [0x0b];
const brIf = (depth: number): Bytes => [0x0d, ...uleb(depth)];

const simd = (op: number): Bytes => [0xfd, ...uleb(op)];
const v128load = (offset: number): Bytes => [...simd(0x00), 4, ...uleb(offset)];
const v128store = (offset: number): Bytes => [...simd(0x0b), 4, ...uleb(offset)];
const load64splat = (offset: number): Bytes => [...simd(0x0a), 3, ...uleb(offset)];
const f64x2 = {
  add: simd(0xf0),
  sub: simd(0xf1),
  mul: simd(0xf2),
  div: simd(0xf3),
  min: simd(0xf4),
  max: simd(0xf5),
  nearest: simd(0x94),
};
const i32x4TruncSatF64x2SZero = simd(0xfc);
const i64x2ExtendLowI32x4S = simd(0xc7);
const i64x2Add = simd(0xce);
const i64x2Shl = simd(0xcb);

function constF64x2(v: number): Bytes {
  const buf = new DataView(new ArrayBuffer(16));
  buf.setFloat64(0, v, true);
  buf.setFloat64(8, v, true);
  return [...simd(0x0c), ...new Uint8Array(buf.buffer)];
}

function constI64x2(v: number): Bytes {
  const buf = new DataView(new ArrayBuffer(16));
  buf.setBigInt64(0, BigInt(v), true);
  buf.setBigInt64(8, BigInt(v), true);
  return [...simd(0x0c), ...new Uint8Array(buf.buffer)];
}

// --- the function --------------------------------------------------------------------------

function factorial(n: number): number {
  let f = 1;
  for (let i = 2; i <= n; i++) f *= i;
  return f;
}

// Locals. Parameters first (i32), then the loop counters, then v128 values. Vector constants live
// in locals set once per call, so V8 does not rematerialise a v128.const at every use.
const W = 0, B = 1, X = 2, Y = 3, N_IN = 4, N_BLOCKS = 5, ACT = 6, I = 7, XP = 8; // prettier-ignore
const ACC = 9; // 4 accumulators (one block of 8 outputs)
const XS = 13; // x[i] splatted
const K = 14; // 4 × k for exp
const R = 18; // 4 × r for exp
const P = 22; // 4 × polynomial
const CONSTS = 26;
const DEGREE = 11; // Taylor degree of e^r, |r| ≤ ln2/2
const CONST_VALUES: [string, number, 'f64' | 'i64'][] = [
  ['log2e', Math.LOG2E, 'f64'],
  ['ln2hi', 6.9314718036912381649e-1, 'f64'], // ln 2 split in two (Cody–Waite): k·ln2hi is exact
  ['ln2lo', 1.90821492927058770002e-10, 'f64'],
  ['lo', -708, 'f64'],
  ['hi', 708, 'f64'],
  ['zero', 0, 'f64'],
  ['one', 1, 'f64'],
  ['two', 2, 'f64'],
  ['bias', 1023, 'i64'],
  ...Array.from({ length: DEGREE + 1 }, (_, n): [string, number, 'f64'] => [
    `c${n}`,
    1 / factorial(n),
    'f64',
  ]),
];
const C = Object.fromEntries(CONST_VALUES.map(([name], i) => [name, CONSTS + i])) as Record<string, number>;
const ACCS = [0, 1, 2, 3];

/** Emits f for each of the 4 lanes-pairs in turn: 4 independent dependency chains, interleaved. */
const each = (f: (k: number) => Bytes): Bytes => ACCS.flatMap(f);
const c = (name: string): Bytes => get(C[name]!);

/** acc[k] ← e^(acc[k]) for all four accumulators. */
function exp4(): Bytes {
  const horner: Bytes = each((k) => [...c(`c${DEGREE}`), ...set(P + k)]);
  for (let n = DEGREE - 1; n >= 0; n--)
    horner.push(
      ...each((k) => [
        ...get(P + k),
        ...get(R + k),
        ...f64x2.mul,
        ...c(`c${n}`),
        ...f64x2.add,
        ...set(P + k),
      ]),
    );
  return [
    ...each((k) => [...get(ACC + k), ...c('lo'), ...f64x2.max, ...c('hi'), ...f64x2.min, ...set(ACC + k)]),
    ...each((k) => [...get(ACC + k), ...c('log2e'), ...f64x2.mul, ...f64x2.nearest, ...set(K + k)]),
    ...each((k) => [
      ...get(ACC + k), ...get(K + k), ...c('ln2hi'), ...f64x2.mul, ...f64x2.sub,
      ...get(K + k), ...c('ln2lo'), ...f64x2.mul, ...f64x2.sub, ...set(R + k),
    ]),
    ...horner,
    ...each((k) => [
      ...get(P + k),
      ...get(K + k), ...i32x4TruncSatF64x2SZero, ...i64x2ExtendLowI32x4S, ...c('bias'), ...i64x2Add,
      ...i32c(52), ...i64x2Shl, ...f64x2.mul, ...set(ACC + k),
    ]),
  ]; // prettier-ignore
}

function whenAct(code: number, body: Bytes): Bytes {
  return [...get(ACT), ...i32c(code), ...i32eq, ...ifVoid, ...body, ...end];
}

function denseBody(): Bytes {
  const init = CONST_VALUES.flatMap(([, v, kind], i) => [
    ...(kind === 'f64' ? constF64x2(v) : constI64x2(v)),
    ...set(CONSTS + i),
  ]);
  const code: Bytes = [
    ...init,
    ...loop, // over blocks of 8 outputs
    ...each((k) => [...get(B), ...v128load(k * 16), ...set(ACC + k)]),
    ...get(X), ...set(XP),
    ...get(N_IN), ...set(I),
    ...loop, // over inputs
    ...get(XP), ...load64splat(0), ...set(XS),
    ...each((k) => [...get(ACC + k), ...get(W), ...v128load(k * 16), ...get(XS), ...f64x2.mul, ...f64x2.add, ...set(ACC + k)]),
    ...get(W), ...i32c(64), ...i32add, ...set(W),
    ...get(XP), ...i32c(8), ...i32add, ...set(XP),
    ...get(I), ...i32c(1), ...i32sub, ...tee(I), ...brIf(0),
    ...end,
    ...whenAct(ACT_CODES.relu, each((k) => [...get(ACC + k), ...c('zero'), ...f64x2.max, ...set(ACC + k)])),
    // tanh(a) = 1 − 2/(e^{2a} + 1)
    ...whenAct(ACT_CODES.tanh, [
      ...each((k) => [...get(ACC + k), ...get(ACC + k), ...f64x2.add, ...set(ACC + k)]),
      ...exp4(),
      ...each((k) => [...c('one'), ...c('two'), ...get(ACC + k), ...c('one'), ...f64x2.add, ...f64x2.div, ...f64x2.sub, ...set(ACC + k)]),
    ]),
    // sigmoid(a) = 1/(1 + e^{−a})
    ...whenAct(ACT_CODES.sigmoid, [
      ...each((k) => [...c('zero'), ...get(ACC + k), ...f64x2.sub, ...set(ACC + k)]),
      ...exp4(),
      ...each((k) => [...c('one'), ...c('one'), ...get(ACC + k), ...f64x2.add, ...f64x2.div, ...set(ACC + k)]),
    ]),
    ...each((k) => [...get(Y), ...get(ACC + k), ...v128store(k * 16)]),
    ...get(B), ...i32c(64), ...i32add, ...set(B),
    ...get(Y), ...i32c(64), ...i32add, ...set(Y),
    ...get(N_BLOCKS), ...i32c(1), ...i32sub, ...tee(N_BLOCKS), ...brIf(0),
    ...end,
    ...end,
  ]; // prettier-ignore
  return [
    ...vec([
      [2, I32],
      [CONSTS - ACC + CONST_VALUES.length, V128],
    ]),
    ...code,
  ];
}

function moduleBytes(): Uint8Array {
  const typeDense = [0x60, ...vec(Array.from({ length: 7 }, () => [I32])), 0];
  const body = (b: Bytes): Bytes => [...uleb(b.length), ...b];
  const bytes: Bytes = [
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec([typeDense])),
    ...section(2, vec([[...str('env'), ...str('mem'), 0x02, 0x00, 0x01]])),
    ...section(3, vec([uleb(0)])),
    ...section(7, vec([[...str('dense'), 0x00, 0]])),
    ...section(10, vec([body(denseBody())])),
  ]; // prettier-ignore
  return new Uint8Array(bytes);
}

export type DenseFn = (
  w: number,
  b: number,
  x: number,
  y: number,
  nIn: number,
  nBlocks: number,
  act: number,
) => void;

// The WebAssembly global, typed here: the project's lib settings (ES2023, no DOM) do not declare it.
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { readonly exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number; maximum?: number }) => { readonly buffer: ArrayBuffer };
}
const wasmApi = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;

let compiled: object | null | undefined;

function kernelModule(): object | null {
  if (compiled === undefined) {
    const bytes = moduleBytes();
    compiled = wasmApi?.validate(bytes) ? new wasmApi.Module(bytes) : null;
  }
  return compiled;
}

/** True when this runtime runs the SIMD kernel (WebAssembly with 128-bit SIMD). */
export function simdAvailable(): boolean {
  return kernelModule() !== null;
}

/**
 * A kernel instance over its own memory of `bytes` bytes (synchronous: the module is a few
 * hundred bytes), or null when this runtime has no WebAssembly SIMD and callers use plain JS.
 */
export function instantiateKernel(bytes: number): { dense: DenseFn; buffer: ArrayBuffer } | null {
  const mod = kernelModule();
  if (!mod || !wasmApi) return null;
  const pages = Math.ceil(bytes / 65536) + 1;
  const memory = new wasmApi.Memory({ initial: pages, maximum: pages });
  const inst = new wasmApi.Instance(mod, { env: { mem: memory } });
  return { dense: inst.exports['dense'] as DenseFn, buffer: memory.buffer };
}
