import type { BarChunk } from './types.js';

/** Bars per chunk: 6 columns × 4096 × 8 bytes ≈ 196 KB, small enough to stay in cache. */
export const CHUNK_BARS = 4096;

/**
 * Collects accepted bars into column chunks. Every chunk gets its own freshly allocated arrays, so
 * a consumer may keep any chunk it was given for as long as it likes.
 */
export class ChunkBuilder {
  private n = 0;
  private openTime = new Float64Array(0);
  private open = new Float64Array(0);
  private high = new Float64Array(0);
  private low = new Float64Array(0);
  private close = new Float64Array(0);
  private volume = new Float64Array(0);
  private done: BarChunk[] = [];

  constructor(private readonly capacity = CHUNK_BARS) {}

  push(openTime: number, open: number, high: number, low: number, close: number, volume: number): void {
    const n = this.n;
    if (n === 0) this.allocate();
    this.openTime[n] = openTime;
    this.open[n] = open;
    this.high[n] = high;
    this.low[n] = low;
    this.close[n] = close;
    this.volume[n] = volume;
    this.n = n + 1;
    if (this.n === this.capacity) this.flush();
  }

  /** Closes the chunk being filled, even if short. */
  flush(): void {
    const n = this.n;
    if (n === 0) return;
    const cut = (a: Float64Array): Float64Array => (n === a.length ? a : a.subarray(0, n));
    this.done.push({
      length: n,
      openTime: cut(this.openTime),
      open: cut(this.open),
      high: cut(this.high),
      low: cut(this.low),
      close: cut(this.close),
      volume: cut(this.volume),
    });
    this.n = 0;
  }

  /** The chunks completed since the last call. */
  take(): BarChunk[] {
    const out = this.done;
    this.done = [];
    return out;
  }

  private allocate(): void {
    const size = this.capacity;
    this.openTime = new Float64Array(size);
    this.open = new Float64Array(size);
    this.high = new Float64Array(size);
    this.low = new Float64Array(size);
    this.close = new Float64Array(size);
    this.volume = new Float64Array(size);
  }
}
