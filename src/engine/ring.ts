/**
 * Fixed-capacity ring of numbers for the screen's history (prices, equity). Pushing is O(1) and
 * allocation-free, so a million-bar replay keeps flat memory; `toArray` copies oldest-first for a
 * snapshot.
 */
export class NumberRing {
  private readonly buf: Float64Array;
  private start = 0;
  private size = 0;

  constructor(readonly capacity: number) {
    this.buf = new Float64Array(capacity);
  }

  push(x: number): void {
    if (this.size < this.capacity) {
      this.buf[(this.start + this.size) % this.capacity] = x;
      this.size++;
    } else {
      this.buf[this.start] = x;
      this.start = (this.start + 1) % this.capacity;
    }
  }

  get length(): number {
    return this.size;
  }

  toArray(): number[] {
    const out = new Array<number>(this.size);
    for (let i = 0; i < this.size; i++) out[i] = this.buf[(this.start + i) % this.capacity]!;
    return out;
  }
}

/** Fixed-capacity ring of objects, newest first when read. */
export class Ring<T> {
  private readonly buf: (T | undefined)[];
  private next = 0;
  private size = 0;

  constructor(readonly capacity: number) {
    this.buf = new Array<T | undefined>(capacity);
  }

  push(x: T): void {
    this.buf[this.next] = x;
    this.next = (this.next + 1) % this.capacity;
    if (this.size < this.capacity) this.size++;
  }

  /** Newest first. */
  newest(limit = this.size): T[] {
    const n = Math.min(limit, this.size);
    const out: T[] = [];
    for (let i = 1; i <= n; i++) out.push(this.buf[(this.next - i + this.capacity) % this.capacity]!);
    return out;
  }
}
