/**
 * Streaming accumulators for the performance tracker. Both are O(1) memory and allocation-free per
 * update, so they can sit on the per-bar hot path of a year-long 1-minute backtest.
 */

/**
 * Welford's online mean and variance. A naive Σx² − n·mean² loses every significant digit on
 * per-minute returns (mean ~1e-6, values ~1e-3); Welford's update keeps them.
 */
export class Welford {
  n = 0;
  mean = 0;
  private m2 = 0;

  add(x: number): void {
    this.n++;
    const d = x - this.mean;
    this.mean += d / this.n;
    this.m2 += d * (x - this.mean);
  }

  /** Sample variance (ddof = 1), as pandas/QuantStats use; null below two values. */
  sampleVariance(): number | null {
    return this.n < 2 ? null : this.m2 / (this.n - 1);
  }

  sampleStd(): number | null {
    const v = this.sampleVariance();
    return v === null ? null : Math.sqrt(Math.max(v, 0));
  }
}

/** Kahan–Babuška (Neumaier) compensated sum: fees and notionals add up over 100k+ fills without drift. */
export class CompensatedSum {
  private sum = 0;
  private c = 0;

  add(x: number): void {
    const t = this.sum + x;
    if (Math.abs(this.sum) >= Math.abs(x)) this.c += this.sum - t + x;
    else this.c += x - t + this.sum;
    this.sum = t;
  }

  get value(): number {
    return this.sum + this.c;
  }
}
