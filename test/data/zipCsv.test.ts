import { readFileSync } from 'node:fs';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { isZip, peekZipCsv, unzipCsv, unzipCsvWithFflate } from '../../src/engine/data/zipCsv.js';
import { demoZip } from './collect.js';

const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

describe('unzipCsv', () => {
  it('returns the same bytes as fflate for the real Binance zips', () => {
    for (const day of [29, 30, 31] as const) {
      const zip = readFileSync(demoZip(day));
      const ours = unzipCsv(zip, 'demo');
      expect(ours.length, 'a daily 1m file is ~210 KB of CSV').toBeGreaterThan(200_000);
      expect(Buffer.from(ours).equals(Buffer.from(unzipCsvWithFflate(zip)))).toBe(true);
    }
  });

  it('returns the CSV from a stored (uncompressed) entry', () => {
    const zip = zipSync({ 'a.csv': strToU8('1,2\n') }, { level: 0 });
    expect(text(unzipCsv(zip, 'stored.zip'))).toBe('1,2\n');
  });

  it('returns the only .csv when the archive also holds other files', () => {
    const zip = zipSync({ 'README.txt': strToU8('hi'), 'dir/x.csv': strToU8('a\n') });
    expect(text(unzipCsv(zip, 'two.zip'))).toBe('a\n');
  });

  it('returns a one-line error for two CSVs, an empty archive and damaged data', () => {
    const two = zipSync({ 'a.csv': strToU8('a'), 'b.csv': strToU8('b') });
    expect(() => unzipCsv(two, 'two.zip')).toThrow('two.zip: not a readable zip file (the archive holds 2 files; expected one CSV)');
    expect(() => unzipCsv(zipSync({}), 'empty.zip')).toThrow('empty.zip: not a readable zip file (the archive is empty)');
    const stored = zipSync({ 'a.csv': strToU8('1704067200000,1,2\n') }, { level: 0 });
    const damaged = stored.slice();
    const at = Buffer.from(damaged).indexOf('1704067200000');
    damaged[at] = 0x39; // '1' -> '9' inside the stored data
    expect(() => unzipCsv(damaged, 'bad.zip')).toThrow('bad.zip: not a readable zip file (CRC or size mismatch');
    expect(() => unzipCsv(strToU8('PK\u0003\u0004 not really'), 'fake.zip')).toThrow('fake.zip: not a readable zip file');
  });
});

describe('peekZipCsv', () => {
  it('returns a prefix of the CSV without inflating all of it', () => {
    const zip = readFileSync(demoZip(29));
    const full = text(unzipCsv(zip, 'demo'));
    const head = peekZipCsv(zip, 'demo');
    expect(head.complete).toBe(false);
    expect(head.bytes.length).toBeGreaterThan(1000);
    expect(head.bytes.length).toBeLessThan(full.length);
    expect(full.startsWith(text(head.bytes))).toBe(true);
    expect(peekZipCsv(zip, 'demo', zip.length).complete).toBe(true);
  });
});

describe('isZip', () => {
  it('returns true only for the zip magic bytes', () => {
    expect(isZip(readFileSync(demoZip(30)))).toBe(true);
    expect(isZip(strToU8('1704067200000,'))).toBe(false);
  });
});
