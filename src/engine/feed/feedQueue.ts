/**
 * A single-consumer async queue. The producer never waits; the consumer pulls one item at a time,
 * so it can await its own work (a decision, an order) before it sees the next item. Items marked
 * coalescible replace a coalescible item still waiting at the tail: a slow consumer gets the
 * latest price tick, not a backlog of stale ones, while bars are never dropped.
 */
export class FeedQueue<T> implements AsyncIterable<T> {
  private readonly items: { value: T; coalescible: boolean }[] = [];
  private head = 0;
  private waiter: ((r: IteratorResult<T>) => void) | null = null;
  private closed = false;
  private iterated = false;

  push(value: T, coalescible = false): void {
    if (this.closed) return;
    if (this.waiter) {
      const w = this.waiter;
      this.waiter = null;
      w({ value, done: false });
      return;
    }
    const tail = this.items[this.items.length - 1];
    if (coalescible && tail?.coalescible && this.items.length > this.head) {
      tail.value = value;
      return;
    }
    this.items.push({ value, coalescible });
  }

  /** No more items; the consumer still receives what is queued, then the iteration ends. */
  close(): void {
    this.closed = true;
    if (this.waiter && this.head >= this.items.length) {
      const w = this.waiter;
      this.waiter = null;
      w({ value: undefined, done: true });
    }
  }

  get size(): number {
    return this.items.length - this.head;
  }

  private next(): Promise<IteratorResult<T>> {
    if (this.head < this.items.length) {
      const item = this.items[this.head++] as { value: T };
      if (this.head > 1024 && this.head * 2 > this.items.length) {
        this.items.splice(0, this.head);
        this.head = 0;
      }
      return Promise.resolve({ value: item.value, done: false });
    }
    if (this.closed) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => {
      this.waiter = resolve;
    });
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    if (this.iterated) throw new Error('FeedQueue has a single consumer: iterate it once');
    this.iterated = true;
    return {
      next: () => this.next(),
      return: () => {
        this.close();
        this.items.length = 0;
        this.head = 0;
        return Promise.resolve({ value: undefined, done: true });
      },
    };
  }
}
