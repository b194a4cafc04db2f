import { parseDecimal } from './decimal.js';
import { parseTimeField } from './timeParse.js';

/**
 * Row scanning over CSV text. Field bounds are kept as indices and numbers are parsed in place,
 * so no row ever becomes an array of strings.
 */

/** Where the six candle columns sit in a file's rows, and how many columns a row must have. */
export interface CsvLayout {
  readonly kind: 'binance' | 'generic';
  readonly hasHeader: boolean;
  readonly columns: number;
  readonly time: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
}

/**
 * Where parsed rows go: `row` for rows that parsed (still unvalidated), `bad` for those that did
 * not, with the row's open time when that much could be read (NaN otherwise).
 */
export interface RowSink {
  row(openTime: number, open: number, high: number, low: number, close: number, volume: number, line: number): void;
  bad(reason: string, line: number, openTime: number): void;
}

/** Field bounds beyond this many columns are not kept (the count still is). */
export const MAX_FIELDS = 256;

const CR = 13;
const QUOTE = 34;
const COMMA = 44;

/**
 * Walks the complete lines of one block of CSV text. After `next()` returns true, `fields`,
 * `start(k)`, `end(k)` and `lineNo` describe the current non-blank line. Lines and commas are
 * found with String#indexOf, which V8 runs far faster than a per-character loop; only blocks that
 * contain a double quote take the slower quote-aware path (quoted fields may hold commas; the
 * quotes are not part of the field).
 */
export class RowScanner {
  fields = 0;
  /** 1-based line number of the current row, counted across blocks of the same file. */
  lineNo = 0;
  private readonly starts = new Int32Array(MAX_FIELDS);
  private readonly ends = new Int32Array(MAX_FIELDS);
  private text = '';
  private quoted = false;
  private lineStart = 0;
  private lineEnd = 0;
  private pos = 0;
  private stop = 0;
  /** Next comma at or after the last one used (text.length if none): keeps rows without commas linear. */
  private comma = -1;

  /** Scans text[start, stop), whose first line is line `linesBefore + 1` of the file. */
  reset(text: string, start: number, stop: number, linesBefore: number): void {
    this.text = text;
    this.pos = start;
    this.stop = stop;
    this.lineNo = linesBefore;
    this.comma = -1;
    const quote = text.indexOf('"', start);
    this.quoted = quote >= 0 && quote < stop;
  }

  start(k: number): number {
    return this.starts[k] ?? 0;
  }

  end(k: number): number {
    return this.ends[k] ?? 0;
  }

  next(): boolean {
    const text = this.text;
    const stop = this.stop;
    while (this.pos < stop) {
      const lineStart = this.pos;
      let newline = text.indexOf('\n', lineStart);
      if (newline < 0 || newline > stop) newline = stop;
      this.pos = newline + 1;
      this.lineNo++;
      let lineEnd = newline;
      if (lineEnd > lineStart && text.charCodeAt(lineEnd - 1) === CR) lineEnd--;
      if (lineEnd === lineStart) continue; // blank line
      this.lineStart = lineStart;
      this.lineEnd = lineEnd;
      this.fields = this.quoted ? this.splitQuoted(lineStart, lineEnd) : this.split(lineStart, lineEnd);
      return true;
    }
    return false;
  }

  /** The current row's field k as text (for headers and messages). */
  fieldText(k: number): string {
    return this.text.slice(this.start(k), this.end(k));
  }

  /** The current row as text, cut to `max` characters (for messages). */
  lineText(max = 80): string {
    const line = this.text.slice(this.lineStart, this.lineEnd);
    return line.length > max ? `${line.slice(0, max)}…` : line;
  }

  private split(lineStart: number, lineEnd: number): number {
    const text = this.text;
    const starts = this.starts;
    const ends = this.ends;
    let n = 0;
    let fieldStart = lineStart;
    for (;;) {
      let comma = this.comma;
      if (comma < fieldStart) {
        comma = text.indexOf(',', fieldStart);
        if (comma < 0) comma = text.length;
        this.comma = comma;
      }
      const fieldEnd = comma > lineEnd ? lineEnd : comma;
      if (n < MAX_FIELDS) {
        starts[n] = fieldStart;
        ends[n] = fieldEnd;
      }
      n++;
      if (fieldEnd === lineEnd) return n;
      fieldStart = fieldEnd + 1;
    }
  }

  private splitQuoted(lineStart: number, lineEnd: number): number {
    const text = this.text;
    let n = 0;
    let fieldStart = lineStart;
    let inQuotes = false;
    for (let i = lineStart; i <= lineEnd; i++) {
      const c = i === lineEnd ? COMMA : text.charCodeAt(i);
      if (c === QUOTE) inQuotes = !inQuotes;
      if (c !== COMMA || (inQuotes && i < lineEnd)) continue;
      let s = fieldStart;
      let e = i;
      if (e - s >= 2 && text.charCodeAt(s) === QUOTE && text.charCodeAt(e - 1) === QUOTE) {
        s++;
        e--;
      }
      if (n < MAX_FIELDS) {
        this.starts[n] = s;
        this.ends[n] = e;
      }
      n++;
      fieldStart = i + 1;
    }
    return n;
  }
}

const NAMES = ['open', 'high', 'low', 'close', 'volume'] as const;

function describeBadNumber(scanner: RowScanner, k: number, name: string): string {
  const text = scanner.fieldText(k).trim();
  if (text === '') return `${name} is empty`;
  if (text.toLowerCase() === 'nan') return `${name} is NaN`;
  return `${name} is not a number (${JSON.stringify(text.slice(0, 24))})`;
}

/** Parses every row left in the scanner's block with `layout` and hands the results to `sink`. */
export function parseRows(scanner: RowScanner, text: string, layout: CsvLayout, sink: RowSink): void {
  const columns = [layout.open, layout.high, layout.low, layout.close, layout.volume];
  while (scanner.next()) {
    const line = scanner.lineNo;
    if (scanner.fields !== layout.columns) {
      const got = `expected ${layout.columns} columns, got ${scanner.fields}`;
      sink.bad(`${got} (${JSON.stringify(scanner.lineText())})`, line, Number.NaN);
      continue;
    }
    const t = parseTimeField(text, scanner.start(layout.time), scanner.end(layout.time));
    const o = parseDecimal(text, scanner.start(layout.open), scanner.end(layout.open));
    const h = parseDecimal(text, scanner.start(layout.high), scanner.end(layout.high));
    const l = parseDecimal(text, scanner.start(layout.low), scanner.end(layout.low));
    const c = parseDecimal(text, scanner.start(layout.close), scanner.end(layout.close));
    const v = parseDecimal(text, scanner.start(layout.volume), scanner.end(layout.volume));
    const unparsed =
      Number.isNaN(t) ||
      Number.isNaN(o) ||
      Number.isNaN(h) ||
      Number.isNaN(l) ||
      Number.isNaN(c) ||
      Number.isNaN(v);
    if (unparsed) {
      sink.bad(rowProblem(scanner, layout, columns, [o, h, l, c, v], t), line, t);
      continue;
    }
    sink.row(t, o, h, l, c, v, line);
  }
}

function rowProblem(
  scanner: RowScanner,
  layout: CsvLayout,
  columns: readonly number[],
  parsed: readonly number[],
  t: number,
): string {
  if (Number.isNaN(t)) {
    const text = scanner.fieldText(layout.time).trim();
    return `time is not a date or epoch number (${JSON.stringify(text.slice(0, 32))})`;
  }
  const k = parsed.findIndex((x) => Number.isNaN(x));
  const problem = describeBadNumber(scanner, columns[k] ?? 0, NAMES[k] ?? 'value');
  return `${problem} (${JSON.stringify(scanner.lineText())})`;
}
