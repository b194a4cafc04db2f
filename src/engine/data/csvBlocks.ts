import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { basename } from 'node:path';
import { isZip, peekZipCsv, unzipCsv } from './zipCsv.js';

/**
 * The text of a candle file as blocks of whole lines: a zip's CSV in one piece (a daily file
 * inflates to ~210 KB), a plain CSV in ~1 MB reads so a file of any size streams in constant
 * memory.
 */

export const BLOCK_BYTES = 1 << 20;
// Big enough to hold a whole daily zip (~66 KB), so peeking one reads it from disk only once.
const PEEK_BYTES = 128 * 1024;
const NEWLINE = 10;

// Blocks end on a newline, so no UTF-8 sequence is ever split; a leading BOM is dropped.
const decoder = new TextDecoder('utf-8');

function decode(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}

function readPrefix(path: string, limit: number): { readonly bytes: Uint8Array; readonly complete: boolean } {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const buf = new Uint8Array(Math.min(size, limit));
    let filled = 0;
    while (filled < buf.length) {
      const n = readSync(fd, buf, filled, buf.length - filled, null);
      if (n === 0) break;
      filled += n;
    }
    return { bytes: buf.subarray(0, filled), complete: size <= limit && filled === size };
  } finally {
    closeSync(fd);
  }
}

export interface FileHead {
  /** True when the file is a zip archive (told by its magic bytes, not its name). */
  readonly zip: boolean;
  /** The first whole lines of the CSV text. */
  readonly text: string;
}

/** The first lines of a candle file, without reading or inflating all of it. */
export function readHead(path: string): FileHead {
  let { bytes, complete } = readPrefix(path, PEEK_BYTES);
  const zip = isZip(bytes);
  if (zip) ({ bytes, complete } = peekZipCsv(complete ? bytes : readFileSync(path), basename(path)));
  if (!complete) {
    const lastNewline = bytes.lastIndexOf(NEWLINE);
    if (lastNewline < 0) throw new Error(`${basename(path)}: no line break in the first ${bytes.length} bytes; not a CSV`);
    bytes = bytes.subarray(0, lastNewline + 1);
  }
  return { zip, text: decode(bytes) };
}

/**
 * The file's CSV text as blocks that end on a line boundary (the last may lack its newline).
 */
export function* fileBlocks(path: string, zip: boolean, blockBytes = BLOCK_BYTES): Generator<string> {
  if (zip) {
    yield decode(unzipCsv(readFileSync(path), basename(path)));
    return;
  }
  const fd = openSync(path, 'r');
  try {
    let buf = new Uint8Array(blockBytes);
    let carry = 0;
    for (;;) {
      if (carry === buf.length) {
        // A line longer than the buffer: grow rather than split it.
        const bigger = new Uint8Array(buf.length * 2);
        bigger.set(buf);
        buf = bigger;
      }
      const n = readSync(fd, buf, carry, buf.length - carry, null);
      const filled = carry + n;
      if (n === 0) {
        if (filled > 0) yield decode(buf.subarray(0, filled));
        return;
      }
      const lastNewline = buf.lastIndexOf(NEWLINE, filled - 1);
      if (lastNewline < 0) {
        carry = filled;
        continue;
      }
      yield decode(buf.subarray(0, lastNewline + 1));
      buf.copyWithin(0, lastNewline + 1, filled);
      carry = filled - lastNewline - 1;
    }
  } finally {
    closeSync(fd);
  }
}
