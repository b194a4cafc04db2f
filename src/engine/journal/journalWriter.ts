import {
  closeSync,
  existsSync,
  fstatSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readSync,
  writeSync,
} from 'node:fs';
import { dirname } from 'node:path';
import { SecretRegistry } from './secretRegistry.js';

export { redact, SecretRegistry, REDACTED } from './secretRegistry.js';

export interface JournalWriterOptions {
  /** Every line passes through this before it is written. */
  readonly secrets?: SecretRegistry;
  /**
   * fsync after every line. Off by default: writeSync already hands the line to the kernel, which
   * survives a process crash; fsync adds protection against power loss at ~1 ms per line.
   */
  readonly fsync?: boolean;
}

/**
 * The append-only audit journal: one JSON object per line, written with a synchronous write so a
 * record is in the file before the engine takes its next step. The journal is the authority; the
 * session report and snapshots are projections of it.
 */
export class JournalWriter {
  private fd: number | null;
  private readonly secrets: SecretRegistry;
  private readonly fsync: boolean;
  private lines = 0;
  private size: number;

  constructor(
    readonly path: string,
    opts: JournalWriterOptions = {},
  ) {
    this.secrets = opts.secrets ?? new SecretRegistry();
    this.fsync = opts.fsync ?? false;
    mkdirSync(dirname(path), { recursive: true });
    const tornTail = existsSync(path) && !endsWithNewline(path);
    // 0644: the journal holds decisions and fills, never keys (and lines are redacted anyway).
    this.fd = openSync(path, 'a', 0o644);
    // A torn last line from a crash must not swallow our first record: end it first.
    this.size = fstatSync(this.fd).size;
    if (tornTail) this.size += writeSync(this.fd, '\n');
  }

  /** Serialise one record to one line and append it. Throws if the record cannot be serialised. */
  append(record: object): void {
    if (this.fd === null) throw new Error(`journal ${this.path} is closed`);
    let json: string;
    try {
      json = JSON.stringify(record);
    } catch (e) {
      throw new Error(
        `journal record is not JSON-serialisable: ${e instanceof Error ? e.message : String(e)}`,
      );
    }
    this.size += writeSync(this.fd, `${this.secrets.redact(json)}\n`);
    if (this.fsync) fsyncSync(this.fd);
    this.lines++;
  }

  /**
   * The file's length in bytes, counted as lines are written: a live commit records it before each
   * order, and a stat() per bar cost as much as the write itself.
   */
  get bytes(): number {
    return this.size;
  }

  /** Lines appended by this writer (not counting what the file already held). */
  get appended(): number {
    return this.lines;
  }

  close(): void {
    if (this.fd === null) return;
    fsyncSync(this.fd);
    closeSync(this.fd);
    this.fd = null;
  }
}

function endsWithNewline(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    if (size === 0) return true;
    const b = Buffer.alloc(1);
    readSync(fd, b, 0, 1, size - 1);
    return b[0] === 0x0a;
  } finally {
    closeSync(fd);
  }
}

export interface JournalReadResult {
  readonly records: unknown[];
  /** The file ended in an incomplete line (a crash mid-write); it is left out of `records`. */
  readonly tornTail: boolean;
  /** 1-based numbers of lines that are not valid JSON, other than a torn tail. */
  readonly badLines: number[];
}

const CHUNK = 1 << 20;

/**
 * Read a journal back. Reads in 1 MB chunks and splits on '\n' bytes before decoding (a newline is
 * never part of a multi-byte UTF-8 sequence), so the file is never held as one giant string.
 * A last line without its newline that does not parse is a torn tail: reported, not fatal.
 */
export function readJournal(path: string): JournalReadResult {
  if (!existsSync(path)) throw new Error(`journal not found: ${path}`);
  const records: unknown[] = [];
  const badLines: number[] = [];
  const fd = openSync(path, 'r');
  let lineNo = 0;
  let carry: Buffer = Buffer.alloc(0);
  const take = (bytes: Buffer): void => {
    lineNo++;
    const text = bytes.toString('utf8').trim();
    if (text.length === 0) return;
    try {
      records.push(JSON.parse(text));
    } catch {
      badLines.push(lineNo);
    }
  };
  try {
    const buf = Buffer.alloc(CHUNK);
    for (;;) {
      const n = readSync(fd, buf, 0, CHUNK, null);
      if (n === 0) break;
      let data = Buffer.concat([carry, buf.subarray(0, n)]);
      let nl = data.indexOf(0x0a);
      while (nl !== -1) {
        take(data.subarray(0, nl));
        data = data.subarray(nl + 1);
        nl = data.indexOf(0x0a);
      }
      carry = Buffer.from(data);
    }
  } finally {
    closeSync(fd);
  }
  let tornTail = false;
  if (carry.length > 0) {
    const before = badLines.length;
    take(carry);
    if (badLines.length > before) {
      badLines.pop();
      tornTail = true;
    }
  }
  return { records, tornTail, badLines };
}
