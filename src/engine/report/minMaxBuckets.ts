/**
 * Min/max-preserving downsampling, online: up to `capacity` buckets of `width` consecutive samples;
 * each keeps, per series, its lowest and highest value with their times. When the buckets are full,
 * neighbours merge pairwise and the width doubles, so memory is fixed and the work per sample is
 * O(series) amortised (a merge touches every bucket once per doubling). Peaks and troughs are never
 * averaged away, which is what matters when a drawdown or a spike is the point of the chart.
 */
export class MinMaxBuckets {
  private readonly min: Float64Array;
  private readonly max: Float64Array;
  private readonly tMin: Float64Array;
  private readonly tMax: Float64Array;
  private readonly first: Float64Array;
  private readonly last: Float64Array;
  private firstT = 0;
  private lastT = 0;
  private count = 0;
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
    this.first = new Float64Array(series);
    this.last = new Float64Array(series);
  }

  /** Buckets in use (≤ capacity). */
  get buckets(): number {
    return this.count;
  }

  /** One sample: a time and one value per series (times must not decrease). */
  add(t: number, values: ArrayLike<number>): void {
    const n = this.series;
    const cap = this.capacity;
    if (this.samples === 0) {
      this.firstT = t;
      for (let s = 0; s < n; s++) this.first[s] = values[s]!;
    }
    this.samples++;
    this.lastT = t;
    for (let s = 0; s < n; s++) this.last[s] = values[s]!;
    if (this.count === 0 || this.fill === this.width) {
      if (this.count === cap) this.merge();
      const b = this.count++;
      this.fill = 1;
      for (let s = 0; s < n; s++) {
        const k = s * cap + b;
        this.min[k] = this.max[k] = values[s]!;
        this.tMin[k] = this.tMax[k] = t;
      }
      return;
    }
    this.fill++;
    const b = this.count - 1;
    for (let s = 0; s < n; s++) {
      const k = s * cap + b;
      const v = values[s]!;
      // Strict comparisons keep the earliest time of a repeated extreme.
      if (v < this.min[k]!) {
        this.min[k] = v;
        this.tMin[k] = t;
      }
      if (v > this.max[k]!) {
        this.max[k] = v;
        this.tMax[k] = t;
      }
    }
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
    this.count = half;
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
      for (let b = 0; b < this.count; b++) {
        const k = s * cap + b;
        const lo = this.tMin[k]!;
        const hi = this.tMax[k]!;
        if (lo <= hi) {
          push(lo, this.min[k]!);
          push(hi, this.max[k]!);
        } else {
          push(hi, this.max[k]!);
          push(lo, this.min[k]!);
        }
      }
      if (this.samples > 0) push(this.lastT, this.last[s]!);
      out.push({ t, v });
    }
    return out;
  }
}
