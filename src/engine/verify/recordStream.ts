import type { JournalLine } from '../journal/journalReader.js';

/** A journal's records with look-ahead: verify must see a paper fill's bar before replaying it. */
export class RecordStream {
  private readonly buf: JournalLine[] = [];
  private done = false;

  constructor(private readonly source: Iterator<JournalLine>) {}

  /** The i-th record after the current position (0 = the next one), or undefined past the end. */
  peek(i = 0): JournalLine | undefined {
    while (!this.done && this.buf.length <= i) {
      const r = this.source.next();
      if (r.done) this.done = true;
      else this.buf.push(r.value);
    }
    return this.buf[i];
  }

  next(): JournalLine | undefined {
    const r = this.peek(0);
    if (r !== undefined) this.buf.shift();
    return r;
  }

  /** The first record ahead (within `limit`) matching `pred`, stopping early when `stop` matches one. */
  find(
    pred: (r: Record<string, unknown>) => boolean,
    stop: (r: Record<string, unknown>) => boolean,
    limit = 256,
  ): JournalLine | undefined {
    for (let i = 0; i < limit; i++) {
      const line = this.peek(i);
      if (line === undefined) return undefined;
      const r = line.record;
      if (typeof r !== 'object' || r === null || Array.isArray(r)) continue;
      const rec = r as Record<string, unknown>;
      if (pred(rec)) return line;
      if (stop(rec)) return undefined;
    }
    return undefined;
  }
}
