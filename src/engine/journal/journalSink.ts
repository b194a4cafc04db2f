/**
 * Where the engine's journal records go: the append-only file (JournalWriter) in a session, an
 * in-memory collector when `drl-tui verify` recomputes a journal and compares record by record.
 */
export interface JournalSink {
  append(record: object): void;
  close(): void;
}

/** Keeps every record, as the JSON a JournalWriter would write would read back, for comparison. */
export class CollectingJournal implements JournalSink {
  readonly records: unknown[] = [];

  append(record: object): void {
    // Round-trip through JSON: -0 becomes 0, NaN becomes null, exactly as in the file.
    this.records.push(JSON.parse(JSON.stringify(record)) as unknown);
  }

  /** Everything collected since the last call, in order. */
  take(): unknown[] {
    return this.records.splice(0, this.records.length);
  }

  close(): void {}
}
