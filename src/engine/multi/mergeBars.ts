import type { BarChunk } from '../data/types.js';

/**
 * A k-way merge of several symbols' bar streams into one time order: at each minute every symbol's
 * bar for that minute, in stream order (the order of --symbols). Driving every engine from this one
 * order keeps the combined account causal: when minute t is marked, no engine has seen t + 1.
 *
 * It is a cursor, not a generator of bar objects: `next()` copies the bar's six numbers into this
 * object's fields and says which stream it came from. Each stream keeps one chunk (4,096 bars) in
 * hand and pulls the next only when it is used up, so memory does not grow with the data. A
 * pull-style cursor also suits a paced replay: the caller decides when to ask for the next bar.
 *
 * Each stream must be in increasing openTime order (openCandles guarantees it); equal times across
 * streams go to the lower stream index first. N is a handful of symbols, so the head scan is linear.
 */
export class BarMerge {
  openTime = 0;
  open = 0;
  high = 0;
  low = 0;
  close = 0;
  volume = 0;
  /** Bars taken from each stream so far. */
  readonly taken: number[];

  private readonly iterators: Iterator<BarChunk>[];
  private readonly chunks: (BarChunk | null)[];
  private readonly index: number[];
  /** openTime of each stream's next bar; +Infinity once the stream is exhausted. */
  private readonly head: Float64Array;

  constructor(streams: readonly Iterable<BarChunk>[]) {
    const n = streams.length;
    this.iterators = streams.map((s) => s[Symbol.iterator]());
    this.chunks = new Array<BarChunk | null>(n).fill(null);
    this.index = new Array<number>(n).fill(0);
    this.taken = new Array<number>(n).fill(0);
    this.head = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
    for (let k = 0; k < n; k++) this.pull(k);
  }

  /** Moves to the next bar in merged order; returns its stream index, or -1 when every stream is done. */
  next(): number {
    const head = this.head;
    let k = -1;
    let t = Number.POSITIVE_INFINITY;
    for (let i = 0; i < head.length; i++) {
      if (head[i]! < t) {
        t = head[i]!;
        k = i;
      }
    }
    if (k < 0) return -1;
    const c = this.chunks[k]!;
    const i = this.index[k]!;
    this.openTime = c.openTime[i]!;
    this.open = c.open[i]!;
    this.high = c.high[i]!;
    this.low = c.low[i]!;
    this.close = c.close[i]!;
    this.volume = c.volume[i]!;
    this.taken[k]!++;
    if (i + 1 < c.length) {
      this.index[k] = i + 1;
      head[k] = c.openTime[i + 1]!;
    } else {
      this.pull(k);
    }
    return k;
  }

  /** Stops early (a console that quits mid-run): lets each stream's generator close its files. */
  stop(): void {
    for (let k = 0; k < this.iterators.length; k++) {
      if (this.chunks[k] !== null || this.head[k] !== Number.POSITIVE_INFINITY) this.iterators[k]!.return?.();
      this.chunks[k] = null;
      this.head[k] = Number.POSITIVE_INFINITY;
    }
  }

  /** Loads stream k's next non-empty chunk, or marks the stream done. */
  private pull(k: number): void {
    for (;;) {
      const r = this.iterators[k]!.next();
      if (r.done === true) {
        this.chunks[k] = null;
        this.head[k] = Number.POSITIVE_INFINITY;
        return;
      }
      if (r.value.length > 0) {
        this.chunks[k] = r.value;
        this.index[k] = 0;
        this.head[k] = r.value.openTime[0]!;
        return;
      }
    }
  }
}
