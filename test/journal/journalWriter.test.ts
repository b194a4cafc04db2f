import { appendFileSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  JournalWriter,
  SecretRegistry,
  readJournal,
  redact,
} from '../../src/engine/journal/journalWriter.js';
import { useTmpDir } from './tmpDir.js';

const tmp = useTmpDir();

describe('JournalWriter and readJournal', () => {
  it('returns every appended record, one JSON object per line', () => {
    const path = join(tmp(), 'sub', 'session.jsonl');
    const j = new JournalWriter(path);
    j.append({ type: 'decision', openTime: 1704067200000, target: 0.1, note: 'line\nbreak' });
    j.append({ type: 'fill', price: 2282.2 });
    j.close();
    const lines = readFileSync(path, 'utf8').split('\n');
    expect(lines.length, 'two lines and the final newline').toBe(3);
    const r = readJournal(path);
    expect(r.records).toEqual([
      { type: 'decision', openTime: 1704067200000, target: 0.1, note: 'line\nbreak' },
      { type: 'fill', price: 2282.2 },
    ]);
    expect(r.tornTail).toBe(false);
    expect(r.badLines).toEqual([]);
    expect(j.appended).toBe(2);
  });

  it('returns the complete records and tornTail=true when the last line was cut mid-write', () => {
    const path = join(tmp(), 'j.jsonl');
    const j = new JournalWriter(path);
    j.append({ seq: 1 });
    j.append({ seq: 2 });
    j.close();
    appendFileSync(path, '{"seq":3,"pri'); // a crash in the middle of a write
    const r = readJournal(path);
    expect(r.records).toEqual([{ seq: 1 }, { seq: 2 }]);
    expect(r.tornTail).toBe(true);
    expect(r.badLines, 'a torn tail is not a bad line').toEqual([]);
  });

  it('returns the file length in bytes as it grows: reopened, torn tail ended, multi-byte text', () => {
    const path = join(tmp(), 'j.jsonl');
    writeFileSync(path, '{"seq":1}\n{"seq":2,"x');
    const j = new JournalWriter(path);
    expect(j.bytes, 'the torn fragment and the newline that ends it').toBe(statSync(path).size);
    j.append({ seq: 3, note: 'ETH → 2282.2 €' });
    expect(j.bytes).toBe(statSync(path).size);
    j.append({ seq: 4 });
    expect(j.bytes).toBe(statSync(path).size);
    j.close();
  });

  it('returns bad middle lines by number and keeps reading past them', () => {
    const path = join(tmp(), 'j.jsonl');
    writeFileSync(path, '{"a":1}\nnot json\n\n{"a":2}\n');
    const r = readJournal(path);
    expect(r.records).toEqual([{ a: 1 }, { a: 2 }]);
    expect(r.badLines).toEqual([2]);
    expect(r.tornTail).toBe(false);
  });

  it('returns a clean record after reopening a journal with a torn tail (the fragment stays its own line)', () => {
    const path = join(tmp(), 'j.jsonl');
    writeFileSync(path, '{"seq":1}\n{"seq":2,"x');
    const j = new JournalWriter(path);
    j.append({ seq: 3 });
    j.close();
    const r = readJournal(path);
    expect(r.records).toEqual([{ seq: 1 }, { seq: 3 }]);
    expect(r.badLines, 'the old torn fragment is line 2').toEqual([2]);
    expect(r.tornTail).toBe(false);
  });

  it('returns records that span the 1 MB read chunk intact, multi-byte text included', () => {
    const path = join(tmp(), 'big.jsonl');
    const j = new JournalWriter(path);
    const text = 'é€🙂'.repeat(40_000); // ~360 KB per record: lines cross chunk boundaries
    for (let i = 0; i < 8; i++) j.append({ i, text });
    j.close();
    const r = readJournal(path);
    expect(r.records.length).toBe(8);
    expect((r.records[7] as { text: string }).text).toBe(text);
  });

  it('throws a one-line error after close, for unserialisable records and for a missing file', () => {
    const path = join(tmp(), 'j.jsonl');
    const j = new JournalWriter(path);
    expect(() => j.append({ n: 1n })).toThrow(/not JSON-serialisable/);
    j.close();
    expect(() => j.append({})).toThrow(/closed/);
    expect(() => readJournal(join(tmp(), 'none.jsonl'))).toThrow(/journal not found/);
  });

  it('returns a journal file with no secret in it, even JSON-escaped', () => {
    const secrets = new SecretRegistry();
    const key = 'vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A';
    const odd = 'pa"ss\\word-42';
    secrets.register(key);
    secrets.register(odd);
    const path = join(tmp(), 'j.jsonl');
    const j = new JournalWriter(path, { secrets });
    j.append({ type: 'error', message: `signed url https://api/x?apiKey=${key}&sig=1`, odd });
    j.close();
    const raw = readFileSync(path, 'utf8');
    expect(raw).not.toContain(key);
    expect(raw).not.toContain(JSON.stringify(odd).slice(1, -1));
    expect(raw).not.toContain('ss\\\\word');
    expect(readJournal(path).records).toEqual([
      { type: 'error', message: 'signed url https://api/x?apiKey=***&sig=1', odd: '***' },
    ]);
  });
});

describe('redact and SecretRegistry', () => {
  it('returns text with every secret and its URL-encoded form replaced, longest first', () => {
    expect(redact('a=abcd1234 b=abcd1234XYZ', ['abcd1234', 'abcd1234XYZ'])).toBe('a=*** b=***');
    expect(redact('q=a%2Bb%2Fc%3D', ['a+b/c='])).toBe('q=***');
    expect(redact('nothing here', [])).toBe('nothing here');
  });

  it('returns false for values too short to be secrets and registers secret-looking env names', () => {
    const s = new SecretRegistry();
    expect(s.register('1')).toBe(false);
    expect(s.register(undefined)).toBe(false);
    const names = s.registerFromEnv({
      BINANCE_API_KEY: 'k'.repeat(64),
      BINANCE_API_SECRET: 's'.repeat(64),
      REDDIT_CLIENT_SECRET: 'reddit-secret-value',
      DEBUG: 'true',
      HOME: '/root',
      FEATURE_TOKEN: 'x',
    });
    expect(names).toEqual(['BINANCE_API_KEY', 'BINANCE_API_SECRET', 'REDDIT_CLIENT_SECRET']);
    expect(s.redact(`home /root secret reddit-secret-value ${'k'.repeat(64)}`)).toBe(
      'home /root secret *** ***',
    );
  });
});
