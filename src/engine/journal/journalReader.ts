import { closeSync, existsSync, fstatSync, openSync, readSync } from 'node:fs';

/** One parsed journal line with its 1-based line number (for messages a user can look up). */
export interface JournalLine {
  readonly lineNo: number;
  readonly record: unknown;
}

/** What a scan found besides records; filled in as the scan goes, final when the generator ends. */
export interface JournalScanStats {
  lines: number;
  /** The file ended in an incomplete line (a crash mid-write); it is left out. */
  tornTail: boolean;
  /** 1-based numbers of lines that are not valid JSON, other than a torn tail. */
  badLines: number[];
}

export function newScanStats(): JournalScanStats {
  return { lines: 0, tornTail: false, badLines: [] };
}

const CHUNK = 1 << 20;

/**
 * Stream a journal's records in file order without holding the file (verify and explain read
 * journals of a year of bars). Same rules as readJournal: blank lines are skipped, a line that is
 * not JSON is counted in `badLines`, and a last line without its newline that does not parse is a
 * torn tail (reported in `stats.tornTail`, not an error). Throws a one-line Error when the file
 * is missing or unreadable.
 */
export function* journalRecords(
  path: string,
  stats: JournalScanStats = newScanStats(),
): Generator<JournalLine> {
  for (const { bytes, last } of journalLineBytes(path)) {
    stats.lines++;
    const text = bytes.toString('utf8').trim();
    if (text.length === 0) continue;
    try {
      yield { lineNo: stats.lines, record: JSON.parse(text) as unknown };
    } catch {
      if (last) stats.tornTail = true;
      else stats.badLines.push(stats.lines);
    }
  }
}

/**
 * How many records of one type a journal holds, for a progress total: a line our writer wrote
 * starts with `{"type":"…"`, so a complete line is counted from those bytes without parsing it —
 * about five times faster than journalRecords on a month of decisions (108 MB: 0.29 s, not 1.4 s). Other lines, and a
 * last line without its newline (maybe torn), are parsed. A damaged line in the middle that still
 * starts like a record of the type is counted; verify reports such lines.
 */
export function countRecords(path: string, type: string): number {
  const same = Buffer.from(`{"type":${JSON.stringify(type)}`);
  const anyType = Buffer.from('{"type":"');
  let n = 0;
  for (const { bytes, last } of journalLineBytes(path)) {
    if (!last && bytes.subarray(0, same.length).equals(same)) {
      // `{"type":"decision"` must not count `{"type":"decisionX"`: the next byte closes the string.
      if (bytes[same.length] === 0x2c || bytes[same.length] === 0x7d) n++;
      continue;
    }
    if (!last && bytes.subarray(0, anyType.length).equals(anyType)) continue;
    const text = bytes.toString('utf8').trim();
    if (text.length === 0) continue;
    try {
      const r = JSON.parse(text) as unknown;
      if (typeof r === 'object' && r !== null && (r as { type?: unknown }).type === type) n++;
    } catch {
      // not a record: journalRecords counts it as damage
    }
  }
  return n;
}

/** The raw lines of a journal (without their newline), read in 1 MB chunks; `last` marks a final line with no newline. */
function* journalLineBytes(path: string): Generator<{ bytes: Buffer; last: boolean }> {
  if (!existsSync(path)) throw new Error(`journal not found: ${path}`);
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    throw new Error(`cannot read journal ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  try {
    const buf = Buffer.alloc(CHUNK);
    let carry: Buffer = Buffer.alloc(0);
    for (;;) {
      let n: number;
      try {
        n = readSync(fd, buf, 0, CHUNK, null);
      } catch (e) {
        throw new Error(`cannot read journal ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
      }
      if (n === 0) break;
      const data = carry.length > 0 ? Buffer.concat([carry, buf.subarray(0, n)]) : buf.subarray(0, n);
      let start = 0;
      let nl = data.indexOf(0x0a, start);
      while (nl !== -1) {
        yield { bytes: data.subarray(start, nl), last: false };
        start = nl + 1;
        nl = data.indexOf(0x0a, start);
      }
      // Copy: `buf` is reused by the next read.
      carry = Buffer.from(data.subarray(start));
    }
    if (carry.length > 0) yield { bytes: carry, last: true };
  } finally {
    closeSync(fd);
  }
}

/** One line for the user about a scan's damage, or null when the file was clean. */
export function describeScan(stats: JournalScanStats): string | null {
  const parts: string[] = [];
  if (stats.tornTail) parts.push('the last line is torn (a crash mid-write) and was left out');
  if (stats.badLines.length > 0)
    parts.push(
      `${stats.badLines.length} line(s) are not JSON and were skipped (first: line ${stats.badLines[0]})`,
    );
  return parts.length > 0 ? parts.join('; ') : null;
}

/**
 * Whether the file ends in a torn line, without reading it all: the bytes after the last newline
 * (when the last 1 MB has one) that do not parse. For readers that stop early (explain).
 */
export function hasTornTail(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const n = Math.min(size, CHUNK);
    const buf = Buffer.alloc(n);
    readSync(fd, buf, 0, n, size - n);
    const nl = buf.lastIndexOf(0x0a);
    const tail = buf
      .subarray(nl + 1)
      .toString('utf8')
      .trim();
    if (tail.length === 0) return false;
    if (nl === -1 && size > n) return true; // one line longer than 1 MB with no end: not a record
    try {
      JSON.parse(tail);
      return false;
    } catch {
      return true;
    }
  } finally {
    closeSync(fd);
  }
}
