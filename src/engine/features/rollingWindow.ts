/**
 * A fixed-size rolling window of numbers with O(1) mean and variance: a ring buffer in a
 * preallocated Float64Array plus running sums.
 *
 * Precision: the sums are kept *shifted* — Σ(x−K) and Σ(x−K)² for an anchor K close to the data —
 * because Σx² − (Σx)²/n on raw ETH prices (~3,000, variance ~1) cancels away about 9 of the 16
 * significant digits. Every `anchorEvery` pushes the window re-anchors: K becomes the newest value
 * and both sums are recomputed exactly from the buffer, so the rounding that add/remove updates
 * accumulate never lives longer than one anchor period. Recomputing costs `size` additions once
 * per `anchorEvery` (≥ 8·size) pushes: O(1) amortised. The first push anchors too, so K starts
 * at the first value instead of 0.
 *
 * Warm-up: until `size` values have arrived, mean and variance are over the values seen so far.
 */
export class RollingWindow {
  readonly size: number;
  readonly anchorEvery: number;
  /** Raw values, ring order; `head` is the slot the next push overwrites (the oldest once full). */
  readonly buf: Float64Array;
  head = 0;
  private n = 0;
  shift = 0;
  sum = 0;
  sumSq = 0;
  sinceAnchor: number;
  /** ddof for `variance` (0 population, 1 sample). */
  readonly ddof: number;
  // 1/filled and 1/(filled − ddof) (0 while filled ≤ ddof): they change only during warm-up, so the
  // hot path multiplies instead of dividing.
  private inv = 0;
  private invDof = 0;

  constructor(size: number, ddof = 0) {
    if (!Number.isInteger(size) || size < 1)
      throw new Error(`rolling window size must be an integer ≥ 1, got ${size}`);
    this.size = size;
    this.ddof = ddof;
    this.anchorEvery = Math.max(256, size * 8);
    this.buf = new Float64Array(size);
    this.sinceAnchor = this.anchorEvery - 1; // the first push re-anchors
  }

  push(x: number): void {
    const buf = this.buf;
    const head = this.head;
    const d = x - this.shift;
    if (this.n === this.size) {
      const old = buf[head]! - this.shift;
      this.sum += d - old;
      this.sumSq += (d - old) * (d + old);
    } else {
      this.setFilled(this.n + 1);
      this.sum += d;
      this.sumSq += d * d;
    }
    buf[head] = x;
    this.head = head + 1 === this.size ? 0 : head + 1;
    if (++this.sinceAnchor >= this.anchorEvery) this.reanchor(x);
  }

  /** Values in the window (≤ size). */
  get filled(): number {
    return this.n;
  }

  private setFilled(n: number): void {
    this.n = n;
    this.inv = 1 / n;
    this.invDof = n > this.ddof ? 1 / (n - this.ddof) : 0;
  }

  /** Mean of the values in the window (0 when empty). */
  mean(): number {
    return this.shift + this.sum * this.inv;
  }

  /** x − mean, computed in shifted space so a price near the mean keeps its digits. */
  deviation(x: number): number {
    return x - this.shift - this.sum * this.inv;
  }

  /** Variance with the window's ddof; 0 while filled ≤ ddof. Never negative. */
  variance(): number {
    const v = (this.sumSq - this.sum * this.sum * this.inv) * this.invDof;
    return v > 0 ? v : 0;
  }

  private reanchor(k: number): void {
    const buf = this.buf;
    const size = this.size;
    // Unfilled slots hold 0 and must not count: walk back from the newest value `filled` times.
    let s = 0;
    let sq = 0;
    let i = this.head;
    for (let j = 0; j < this.n; j++) {
      i = i === 0 ? size - 1 : i - 1;
      const d = buf[i]! - k;
      s += d;
      sq += d * d;
    }
    this.shift = k;
    this.sum = s;
    this.sumSq = sq;
    this.sinceAnchor = 0;
  }

  toState(): RollingWindowState {
    return {
      size: this.size,
      head: this.head,
      filled: this.filled,
      shift: this.shift,
      sum: this.sum,
      sumSq: this.sumSq,
      sinceAnchor: this.sinceAnchor,
      buf: Array.from(this.buf),
    };
  }

  /** Restores a window exactly; returns a one-line reason when the state is not one this class wrote. */
  static fromState(s: unknown, size: number, ddof: number, name: string): RollingWindow | string {
    if (typeof s !== 'object' || s === null) return `${name} is not an object`;
    const o = s as Record<string, unknown>;
    if (o.size !== size) return `${name}.size is ${String(o.size)}, expected ${size}`;
    const w = new RollingWindow(size, ddof);
    for (const key of ['head', 'filled', 'sinceAnchor'] as const) {
      const v = o[key];
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) return `${name}.${key} is not a count`;
    }
    const head = o.head as number;
    const filled = o.filled as number;
    const sinceAnchor = o.sinceAnchor as number;
    if (head >= size || filled > size || sinceAnchor >= w.anchorEvery)
      return `${name} has an index out of range`;
    for (const key of ['shift', 'sum', 'sumSq'] as const) {
      if (!isFiniteNumber(o[key])) return `${name}.${key} is not a finite number`;
    }
    const buf = o.buf;
    if (!Array.isArray(buf) || buf.length !== size) return `${name}.buf must hold ${size} numbers`;
    for (let i = 0; i < size; i++) {
      const v: unknown = buf[i];
      if (!isFiniteNumber(v)) return `${name}.buf[${i}] is not a finite number`;
      w.buf[i] = v;
    }
    w.head = head;
    if (filled > 0) w.setFilled(filled);
    w.sinceAnchor = sinceAnchor;
    w.shift = o.shift as number;
    w.sum = o.sum as number;
    w.sumSq = o.sumSq as number;
    // A hand-edited buffer whose sums no longer match would give silently wrong features.
    const sum = w.sum;
    const sumSq = w.sumSq;
    w.reanchor(w.shift);
    const tol = 1e-6 * (1 + Math.abs(w.sumSq));
    if (Math.abs(w.sum - sum) > 1e-6 * (1 + Math.abs(w.sum)) || Math.abs(w.sumSq - sumSq) > tol) {
      return `${name} sums do not match its buffer`;
    }
    w.sum = sum;
    w.sumSq = sumSq;
    w.sinceAnchor = sinceAnchor;
    return w;
  }
}

export interface RollingWindowState {
  readonly size: number;
  readonly head: number;
  readonly filled: number;
  readonly shift: number;
  readonly sum: number;
  readonly sumSq: number;
  readonly sinceAnchor: number;
  readonly buf: readonly number[];
}

export function isFiniteNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}
