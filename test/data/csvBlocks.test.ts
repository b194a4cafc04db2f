import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BINANCE_LAYOUT } from '../../src/engine/data/binanceKlines.js';
import { fileBlocks, readHead } from '../../src/engine/data/csvBlocks.js';
import { RowScanner, parseRows } from '../../src/engine/data/csvRows.js';
import type { RowSink } from '../../src/engine/data/csvRows.js';
import { FIXTURES, demoZip, tempDir } from './collect.js';

const BAD = join(FIXTURES, 'ETHUSDT-1m-2022-08-15-bad.csv');

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => tmp.cleanup());

describe('fileBlocks', () => {
  it('returns blocks of whole lines that add up to the file', () => {
    const blocks = [...fileBlocks(BAD, false, 4096)];
    expect(blocks.length, 'a 45 KB file in 4 KB reads').toBeGreaterThan(10);
    expect(blocks.join('')).toBe(readFileSync(BAD, 'utf8'));
    expect(blocks.every((b) => b.endsWith('\n'))).toBe(true);
  });

  it('returns a line longer than the block whole, and a last line without newline', () => {
    const path = join(tmp.dir, 'long.csv');
    const long = 'x'.repeat(10_000);
    writeFileSync(path, `a\n${long}\nb`);
    expect([...fileBlocks(path, false, 64)].join('')).toBe(`a\n${long}\nb`);
    expect([...fileBlocks(path, false, 64)].at(-1)).toBe('b');
  });

  it('returns a zip as one block of its CSV', () => {
    const blocks = [...fileBlocks(demoZip(29), true)];
    expect(blocks).toHaveLength(1);
    expect(blocks[0]?.split('\n').filter((l) => l !== '')).toHaveLength(1440);
  });
});

describe('RowScanner across blocks', () => {
  it('returns the file line numbers however the file is cut into blocks', () => {
    const found: Array<[string, number]> = [];
    const sink: RowSink = {
      row: () => undefined,
      bad: (reason, line) => found.push([reason.split(' (')[0] ?? '', line]),
    };
    const scanner = new RowScanner();
    let linesBefore = 0;
    for (const block of fileBlocks(BAD, false, 1000)) {
      scanner.reset(block, 0, block.length, linesBefore);
      parseRows(scanner, block, BINANCE_LAYOUT, sink);
      linesBefore = scanner.lineNo;
    }
    expect(linesBefore).toBe(303);
    expect(found).toEqual([
      ['expected 12 columns, got 3', 51],
      ['close is NaN', 102],
    ]);
  });
});

describe('RowScanner fields', () => {
  it('returns fields right for lines without commas between lines with them', () => {
    const scanner = new RowScanner();
    const text = 'a,b\r\nno commas\n\nalso none\nc,,d,\n"x,y",z\n';
    scanner.reset(text, 0, text.indexOf('"x'), 0);
    const rows: string[][] = [];
    while (scanner.next()) rows.push(Array.from({ length: scanner.fields }, (_, k) => scanner.fieldText(k)));
    expect(rows).toEqual([['a', 'b'], ['no commas'], ['also none'], ['c', '', 'd', '']]);
    expect(scanner.lineNo, 'the blank line is counted').toBe(5);
    scanner.reset(text, text.indexOf('"x'), text.length, 5);
    expect(scanner.next()).toBe(true);
    expect([scanner.fields, scanner.fieldText(0), scanner.fieldText(1), scanner.lineNo]).toEqual([2, 'x,y', 'z', 6]);
  });
});

describe('readHead', () => {
  it('returns whole first lines of a zip and tells it is one', () => {
    const head = readHead(demoZip(31));
    expect(head.zip).toBe(true);
    expect(head.text.endsWith('\n')).toBe(true);
    expect(head.text.startsWith('1711843200000,')).toBe(true);
  });
});
