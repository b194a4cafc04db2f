import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runBacktest } from '../../src/engine/backtest.js';
import { countRecords, journalRecords, newScanStats } from '../../src/engine/journal/journalReader.js';
import { JournalWriter, readJournal } from '../../src/engine/journal/journalWriter.js';
import { findBar } from '../../src/engine/verify/findBar.js';
import { formatExplain } from '../../src/engine/verify/formatExplain.js';
import { formatVerify } from '../../src/engine/verify/formatVerify.js';
import { verifyJournal } from '../../src/engine/verify/verifyJournal.js';
import { RUNS, damaged, expectOneLineError, tempFolder } from './support.js';

const dir = tempFolder('journal');

// A real journal: 240 real minutes (ETHUSDT 2024-03-29 00:00–03:59) through the ensemble, paper fills.
const zip = readFileSync(join(import.meta.dirname, '../../data/ETHUSDT-1m-2024-03-29.zip'));
const csv = new TextDecoder().decode(Object.values(unzipSync(new Uint8Array(zip)))[0]!);
const candles = join(dir, 'ETHUSDT-1m-2024-03-29.csv');
writeFileSync(candles, csv.split('\n').slice(0, 240).join('\n'));
const REAL = join(dir, 'real.jsonl');
await runBacktest({
  data: candles,
  market: 'spot',
  strategy: 'ensemble',
  modelDir: null,
  sentimentDir: null,
  startCash: 10_000,
  feeRate: 0.001,
  slippageBps: 1,
  journalPath: REAL,
});
const REAL_BYTES = new Uint8Array(readFileSync(REAL));

let k = 0;
function file(bytes: Uint8Array | string): string {
  const p = join(dir, `j${k++}.jsonl`);
  writeFileSync(p, bytes);
  return p;
}

/** Both readers agree, and every non-blank line is a record, a bad line or the torn tail. */
function readBoth(path: string): void {
  const whole = readJournal(path);
  const stats = newScanStats();
  const streamed = [...journalRecords(path, stats)].map((l) => l.record);
  expect(streamed).toEqual(whole.records);
  expect(stats.badLines).toEqual(whole.badLines);
  expect(stats.tornTail).toBe(whole.tornTail);
  const text = readFileSync(path).toString('utf8');
  const lines = text.split('\n').filter((l) => l.trim().length > 0).length;
  expect(whole.records.length + whole.badLines.length + (whole.tornTail ? 1 : 0)).toBe(lines);
  // The progress count reads most lines by their first bytes: it must agree with parsing them all.
  const decisions = whole.records.filter((r) => (r as { type?: unknown } | null)?.type === 'decision');
  expect(countRecords(path, 'decision')).toBe(decisions.length);
}

describe('journal lines under fuzzing', () => {
  it('returns records, bad lines and the torn tail for random bytes without throwing', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2048 }), (b) => readBoth(file(b))),
      RUNS,
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.json(), fc.string({ maxLength: 40 })), { maxLength: 30 }), (lines) =>
        readBoth(file(lines.join('\n'))),
      ),
      RUNS,
    );
  });

  it('returns the complete lines of a real journal cut anywhere, and reports the torn one', () => {
    const lines = new TextDecoder().decode(REAL_BYTES).split('\n');
    fc.assert(
      fc.property(fc.nat({ max: REAL_BYTES.length }), (cut) => {
        const p = file(REAL_BYTES.slice(0, cut));
        readBoth(p);
        const j = readJournal(p);
        const complete = new TextDecoder().decode(REAL_BYTES.slice(0, cut)).split('\n');
        const tail = complete.pop()!;
        // A cut right before a newline leaves a whole record: it is read, not reported as torn.
        const whole = lines.includes(tail);
        expect(j.records.length).toBe(complete.filter((l) => l.length > 0).length + (whole && tail ? 1 : 0));
        expect(j.tornTail, 'a cut inside a line is a torn tail').toBe(tail.length > 0 && !whole);
        expect(j.badLines).toEqual([]);
      }),
      RUNS,
    );
  });

  it('returns the decision count of a real journal read by line starts, whatever the key order or a look-alike type', () => {
    const real = new TextDecoder().decode(REAL_BYTES);
    const decisions = readJournal(REAL).records.filter((r) => (r as { type: string }).type === 'decision');
    expect(decisions.length, 'the 240 real minutes').toBe(240);
    expect(countRecords(REAL, 'decision')).toBe(240);
    const p = file(
      `${real}{"ts":1,"type":"decision"}\n{"type":"decisionX","ts":2}\n\n{"type":"decision","ts":3}\n{"type":"decision","ts":4,"tor`,
    );
    expect(
      countRecords(p, 'decision'),
      'reordered keys count; a look-alike type and a torn tail do not',
    ).toBe(242);
    readBoth(p);
  });

  it('returns every old record and the new one after appending to a torn journal (nothing is lost or merged)', () => {
    fc.assert(
      fc.property(fc.nat({ max: REAL_BYTES.length }), (cut) => {
        const p = file(REAL_BYTES.slice(0, cut));
        const before = readJournal(p);
        const w = new JournalWriter(p);
        w.append({ type: 'note', ts: cut });
        w.close();
        const after = readJournal(p);
        expect(after.records).toEqual([...before.records, { type: 'note', ts: cut }]);
        expect(after.tornTail).toBe(false);
        expect(after.badLines.length, 'the torn piece is now an ordinary bad line').toBe(
          before.tornTail ? 1 : 0,
        );
      }),
      { ...RUNS, numRuns: 100 },
    );
  });

  it('returns an outcome or a one-line error from verify and explain on damaged real journals', async () => {
    await fc.assert(
      fc.asyncProperty(damaged(REAL_BYTES), fc.integer({ min: -3, max: 250 }), async (bytes, at) => {
        const p = file(bytes);
        try {
          const v = await verifyJournal(p);
          expect(['identical', 'partial', 'diverged']).toContain(v.status);
        } catch (e) {
          expectOneLineError(e, 'verifyJournal');
        }
        try {
          formatExplain(findBar(p, { kind: 'index', i: at }));
        } catch (e) {
          expectOneLineError(e, 'findBar');
        }
      }),
      { ...RUNS, numRuns: 60 },
    );
  });

  it('returns an outcome or a one-line error when any header or record field holds anything', async () => {
    const lines = new TextDecoder()
      .decode(REAL_BYTES)
      .split('\n')
      .filter((l) => l.length > 0);
    const header = JSON.parse(lines[0]!) as Record<string, unknown>;
    const paths = Object.entries(header).flatMap(([k, v]) =>
      typeof v === 'object' && v !== null && !Array.isArray(v)
        ? [[k], ...Object.keys(v).map((n) => [k, n])]
        : [[k]],
    );
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: 40 }),
        fc.constantFrom(...paths),
        fc.jsonValue(),
        async (line, path, value) => {
          const recs = lines.map((l) => JSON.parse(l) as Record<string, Record<string, unknown>>);
          const r = recs[line % 2 === 0 ? 0 : line]!;
          const key = line % 2 === 0 ? path : [Object.keys(r)[line % Object.keys(r).length]!];
          if (key.length === 1) (r as Record<string, unknown>)[key[0]!] = value;
          else if (typeof r[key[0]!] === 'object' && r[key[0]!] !== null) r[key[0]!]![key[1]!] = value;
          const p = file(recs.map((x) => JSON.stringify(x)).join('\n'));
          try {
            const v = await verifyJournal(p);
            expect(['identical', 'partial', 'diverged']).toContain(v.status);
            formatVerify(v, 'x.jsonl');
          } catch (e) {
            expectOneLineError(e, 'verifyJournal');
          }
          for (const i of [0, Math.floor(line / 3), -1])
            try {
              formatExplain(findBar(p, { kind: 'index', i }));
            } catch (e) {
              expectOneLineError(e, 'explain');
            }
        },
      ),
      { ...RUNS, numRuns: 120 },
    );
  });

  it('returns identical for the untouched real journal (the harness itself is sound)', async () => {
    expect((await verifyJournal(REAL)).status).toBe('identical');
  });
});
