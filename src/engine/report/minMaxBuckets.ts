/**
 * Min/max-preserving downsampling, online: up to `capacity` buckets of `width` consecutive samples;
 * each keeps, per series, its lowest and highest value with their times. When the buckets are full,
 * neighbours merge pairwise and the width doubles, so memory is fixed and the work per sample is
 * O(series) amortised (a merge touches every bucket once per doubling). Peaks and troughs are never
 * averaged away, which is what matters when a drawdown or a spike is the point of the chart.
 */
export class MinMaxBuckets {
  // Closed buckets, series-major: index s * capacity + b.
  private readonly min: Float64Array;
  private readonly max: Float64Array;
  private readonly tMin: Float64Array;
  private readonly tMax: Float64Array;
  // The open bucket, one slot per series: the per-sample work touches only these.
  private readonly oMin: Float64Array;
  private readonly oMax: Float64Array;
  private readonly oTMin: Float64Array;
  private readonly oTMax: Float64Array;
  private readonly first: Float64Array;
  private readonly last: Float64Array;
  private firstT = 0;
  private lastT = 0;
  private closed = 0;
  private fill = 0;
  private samples = 0;
  /** Samples per bucket (a power of two). */
  width = 1;

  constructor(
    private readonly series: number,
    readonly capacity: number,
  ) {
    if (capacity < 2 || capacity % 2 !== 0)
      throw new Error(`MinMaxBuckets: capacity must be even, got ${capacity}`);
    const n = series * capacity;
    this.min = new Float64Array(n);
    this.max = new Float64Array(n);
    this.tMin = new Float64Array(n);
    this.tMax = new Float64Array(n);
    this.oMin = new Float64Array(series);
    this.oMax = new Float64Array(series);
    this.oTMin = new Float64Array(series);
    this.oTMax = new Float64Array(series);
    this.first = new Float64Array(series);
    this.last = new Float64Array(series);
  }

  /** Buckets in use, the open one included (≤ capacity). */
  get buckets(): number {
    return this.closed + (this.fill > 0 ? 1 : 0);
  }

  /** One sample: a time and one value per series (times must not decrease). */
  add(t: number, values: ArrayLike<number>): void {
    if (this.fill === this.width) this.closeBucket();
    const n = this.series;
    // Locals, not `this.` in the loop: this runs once a bar for every series of the chart.
    const oMin = this.oMin;
    const oMax = this.oMax;
    const oTMin = this.oTMin;
    const oTMax = this.oTMax;
    const last = this.last;
    if (this.fill === 0) {
      if (this.samples === 0) {
        this.firstT = t;
        for (let s = 0; s < n; s++) this.first[s] = values[s]!;
      }
      for (let s = 0; s < n; s++) {
        oMin[s] = oMax[s] = last[s] = values[s]!;
        oTMin[s] = oTMax[s] = t;
      }
    } else {
      for (let s = 0; s < n; s++) {
        const v = values[s]!;
        last[s] = v;
        // Strict comparisons keep the earliest time of a repeated extreme.
        if (v < oMin[s]!) {
          oMin[s] = v;
          oTMin[s] = t;
        } else if (v > oMax[s]!) {
          oMax[s] = v;
          oTMax[s] = t;
        }
      }
    }
    this.fill++;
    this.samples++;
    this.lastT = t;
  }

  /** Move the full open bucket into storage; when storage is full, halve it first by merging neighbours. */
  private closeBucket(): void {
    const cap = this.capacity;
    const b = this.closed++;
    for (let s = 0; s < this.series; s++) {
      const k = s * cap + b;
      this.min[k] = this.oMin[s]!;
      this.max[k] = this.oMax[s]!;
      this.tMin[k] = this.oTMin[s]!;
      this.tMax[k] = this.oTMax[s]!;
    }
    this.fill = 0;
    // `closed` reaching the capacity means every stored bucket is full at the current width.
    if (this.closed === cap) this.merge();
  }

  private merge(): void {
    const cap = this.capacity;
    const half = cap / 2;
    for (let s = 0; s < this.series; s++) {
      const o = s * cap;
      for (let i = 0; i < half; i++) {
        const a = o + 2 * i;
        const b = a + 1;
        const k = o + i;
        if (this.min[b]! < this.min[a]!) {
          this.min[k] = this.min[b]!;
          this.tMin[k] = this.tMin[b]!;
        } else {
          this.min[k] = this.min[a]!;
          this.tMin[k] = this.tMin[a]!;
        }
        if (this.max[b]! > this.max[a]!) {
          this.max[k] = this.max[b]!;
          this.tMax[k] = this.tMax[b]!;
        } else {
          this.max[k] = this.max[a]!;
          this.tMax[k] = this.tMax[a]!;
        }
      }
    }
    this.closed = half;
    this.width *= 2;
  }

  /**
   * The drawable lines: the first sample, each bucket's min and max in time order, the last sample
   * (so the line starts and ends on the true values). At most 2 × capacity + 2 points per series.
   */
  lines(series = this.series): { t: number[]; v: number[] }[] {
    const out: { t: number[]; v: number[] }[] = [];
    const cap = this.capacity;
    for (let s = 0; s < series; s++) {
      const t: number[] = [];
      const v: number[] = [];
      const push = (time: number, value: number): void => {
        const n = t.length;
        if (n > 0 && t[n - 1] === time) return;
        t.push(time);
        v.push(value);
      };
      if (this.samples > 0) push(this.firstT, this.first[s]!);
      const pair = (lo: number, vLo: number, hi: number, vHi: number): void => {
        if (lo <= hi) {
          push(lo, vLo);
          push(hi, vHi);
        } else {
          push(hi, vHi);
          push(lo, vLo);
        }
      };
      for (let b = 0; b < this.closed; b++) {
        const k = s * cap + b;
        pair(this.tMin[k]!, this.min[k]!, this.tMax[k]!, this.max[k]!);
      }
      if (this.fill > 0) pair(this.oTMin[s]!, this.oMin[s]!, this.oTMax[s]!, this.oMax[s]!);
      if (this.samples > 0) push(this.lastT, this.last[s]!);
      out.push({ t, v });
    }
    return out;
  }
}
