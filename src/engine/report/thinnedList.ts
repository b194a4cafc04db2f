/**
 * Keeps at most `cap` items out of a stream, evenly spaced by arrival: every item until full, then
 * every 2nd, 4th, … (each time the list fills, every other kept item is dropped and the stride
 * doubles). Memory is bounded by `cap`; `every` says which items survived (index % every === 0).
 */
export class ThinnedList<T> {
  private kept: T[] = [];
  private n = 0;
  private stride = 1;

  constructor(private readonly cap: number) {
    if (!(cap >= 1)) throw new Error(`ThinnedList: cap must be at least 1, got ${cap}`);
  }

  add(item: T): void {
    if (this.n % this.stride === 0) {
      this.kept.push(item);
      if (this.kept.length > this.cap) {
        this.kept = this.kept.filter((_, i) => i % 2 === 0);
        this.stride *= 2;
      }
    }
    this.n++;
  }

  /** Items seen, kept or not. */
  get total(): number {
    return this.n;
  }

  get every(): number {
    return this.stride;
  }

  items(): readonly T[] {
    return this.kept;
  }
}
