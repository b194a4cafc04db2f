import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CHUNK_BARS } from '../../src/engine/data/chunkBuilder.js';
import { describeQuality, openCandles } from '../../src/engine/data/openCandles.js';
import { FIXTURES, collect, demoZip, iso, tempDir } from './collect.js';

const MIN = 60_000;
const GENERIC = join(FIXTURES, 'ETHUSDT-2022-08-14-generic.csv');
const BAD = join(FIXTURES, 'ETHUSDT-1m-2022-08-15-bad.csv');
const MICROS = join(FIXTURES, 'ETHUSDT-1m-2024-01-01-us.csv');

/** The CSV inside a demo zip, unpacked with fflate (an independent path from the reader's). */
function demoCsv(day: 29 | 30 | 31): string {
  const files = unzipSync(readFileSync(demoZip(day)));
  const [bytes] = Object.values(files);
  return new TextDecoder().decode(bytes);
}

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => tmp.cleanup());

describe('openCandles on Binance kline files', () => {
  it('returns identical bars for a day read from its zip and from its CSV', () => {
    const csvPath = join(tmp.dir, 'ETHUSDT-1m-2024-03-30.csv');
    writeFileSync(csvPath, demoCsv(30));
    const fromZip = collect(openCandles(demoZip(30)));
    const fromCsv = collect(openCandles(csvPath));
    expect(fromZip.openTime).toHaveLength(1440);
    expect(fromCsv, 'same day, same bars').toEqual(fromZip);
    expect(iso(fromZip.openTime[0] ?? 0)).toBe('2024-03-30T00:00:00.000Z');
  });

  it('returns the exact values of the source rows', () => {
    const bars = collect(openCandles(demoZip(29)));
    const firstRow = demoCsv(29).split('\n')[0]?.split(',') ?? [];
    expect([bars.openTime[0], bars.open[0], bars.high[0], bars.low[0], bars.close[0], bars.volume[0]]).toEqual(
      firstRow.slice(0, 6).map(Number),
    );
  });

  it('returns ms open times for files that carry them in µs', () => {
    const micro = collect(openCandles(MICROS));
    expect(micro.openTime).toEqual([0, 1, 2, 3, 4].map((k) => Date.UTC(2024, 0, 1) + k * MIN));
    const ms = join(tmp.dir, 'ms.csv');
    const msRows = readFileSync(MICROS, 'utf8').replace(/^(\d{13})000,/gm, '$1,');
    writeFileSync(ms, msRows);
    expect(collect(openCandles(ms)), 'the same rows in ms give the same bars').toEqual(micro);
  });

  it('returns the same bars for a Binance CSV that starts with a header line', () => {
    const header = 'open_time,open,high,low,close,volume,close_time,quote_volume,count,taker_buy_volume,taker_buy_quote_volume,ignore';
    const path = join(tmp.dir, 'with-header.csv');
    writeFileSync(path, `${header}\r\n${demoCsv(31).replace(/\n/g, '\r\n')}`);
    const source = openCandles(path);
    expect(collect(source)).toEqual(collect(openCandles(demoZip(31))));
    expect(source.quality).toMatchObject({ rows: 1440, bars: 1440, invalid: 0 });
  });

  it('returns the symbol from Binance-style names and null otherwise', () => {
    expect(openCandles(demoZip(29)).symbol).toBe('ETHUSDT');
    expect(openCandles(GENERIC).symbol).toBeNull();
  });
});

describe('openCandles on the damaged fixture', () => {
  it('returns every quality counter as the fixture README states', () => {
    const source = openCandles(BAD);
    const bars = collect(source);
    const q = source.quality;
    expect(q).toMatchObject({
      rows: 303,
      bars: 299,
      invalid: 2,
      duplicates: 1,
      outOfOrder: 1,
      gaps: 2,
      missingMinutes: 181,
      firstOpenTime: Date.UTC(2022, 7, 15, 0, 0),
      lastOpenTime: Date.UTC(2022, 7, 15, 7, 59),
    });
    expect(bars.openTime).toHaveLength(299);
    expect(
      bars.openTime.every((t, i) => i === 0 || t > (bars.openTime[i - 1] ?? 0)),
      'emitted bars strictly increase',
    ).toBe(true);
  });

  it('returns one example per problem with the file, line, UTC time and values', () => {
    const source = openCandles(BAD);
    collect(source);
    const name = 'ETHUSDT-1m-2022-08-15-bad.csv';
    const { examples } = source.quality;
    expect(examples.invalid).toEqual([
      `invalid line 51 of ${name}: expected 12 columns, got 3 ("garbage line: not,a,kline")`,
      expect.stringMatching(new RegExp(`^invalid line 102 of ${name}, 2022-08-15 01:40 UTC: close is NaN \\("1660527600000,`)),
    ]);
    expect(examples.duplicate).toEqual([
      expect.stringMatching(new RegExp(`^duplicate 2022-08-15 02:00 UTC, line 123 of ${name} \\(dropped: O `)),
    ]);
    expect(examples.outOfOrder).toEqual([
      expect.stringMatching(new RegExp(`^out of order 2022-08-15 00:30 UTC after 02:30, line 154 of ${name} `)),
    ]);
    expect(examples.gap).toEqual([
      `gap 2022-08-15 01:40 → 01:41 UTC (1 min missing), before line 103 of ${name}`,
      `gap 2022-08-15 03:00 → 06:00 UTC (180 min missing), before line 184 of ${name}`,
    ]);
  });

  it('returns report lines with the counters and the examples', () => {
    const source = openCandles(BAD);
    collect(source);
    const lines = describeQuality(source.quality);
    expect(lines[0]).toBe('299 bars from 303 rows, 2022-08-15 00:00 → 2022-08-15 07:59 UTC');
    expect(lines[1]).toBe('gaps: 2 (181 minutes missing) · duplicates: 1 · out of order: 1 · invalid: 2');
    expect(lines.slice(2).every((l) => l.startsWith('  ')), 'examples are indented').toBe(true);
    expect(lines).toHaveLength(2 + 2 + 1 + 1 + 2);
  });
});

describe('openCandles on generic CSV', () => {
  it('returns the ISO fixture with its 3-hour hole counted', () => {
    const source = openCandles(GENERIC);
    const bars = collect(source);
    expect(bars.openTime).toHaveLength(600);
    expect(source.quality).toMatchObject({ rows: 600, bars: 600, gaps: 1, missingMinutes: 180, invalid: 0 });
    expect(source.quality.examples.gap[0]).toMatch(/^gap 2022-08-14 05:00 → 08:00 UTC \(180 min missing\)/);
    expect(bars.close[0], 'first real close of 2022-08-14').toBe(1982.29);
  });

  const reference = collect(openCandles(GENERIC));
  const formats: Array<[string, (ms: number) => string]> = [
    ['epoch seconds', (ms) => String(ms / 1000)],
    ['epoch ms', (ms) => String(ms)],
    ['epoch µs', (ms) => `${ms}000`],
    ['ISO with Z', (ms) => new Date(ms).toISOString().replace('.000', '')],
    ['ISO without zone (UTC)', (ms) => new Date(ms).toISOString().slice(0, 19)],
    ['ISO with +02:00', (ms) => `${new Date(ms + 2 * 3_600_000).toISOString().slice(0, 19)}+02:00`],
    ['YYYY-MM-DD HH:MM:SS', (ms) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ')],
  ];
  for (const [name, format] of formats) {
    it(`returns the same bars with times as ${name}, columns reordered and extras ignored`, () => {
      const lines = ['Volume,Close,note,DateTime,Low,High,Open'];
      reference.openTime.forEach((t, i) => {
        lines.push(
          [reference.volume[i], reference.close[i], 'x', format(t), reference.low[i], reference.high[i], reference.open[i]].join(','),
        );
      });
      const path = join(tmp.dir, 'generic.csv');
      writeFileSync(path, lines.join('\n'));
      const source = openCandles(path);
      expect(collect(source)).toEqual(reference);
      expect(source.quality.invalid).toBe(0);
    });
  }

  it('returns quoted fields and a BOM read correctly', () => {
    const path = join(tmp.dir, 'quoted.csv');
    writeFileSync(
      path,
      '\uFEFF"date","open","high","low","close","volume","comment"\n' +
        '"2022-08-14 00:00:00","1983.55","1983.90","1982.14","1982.29","205.131","a, b"\n',
    );
    const bars = collect(openCandles(path));
    expect(bars).toEqual({
      openTime: [Date.UTC(2022, 7, 14)],
      open: [1983.55],
      high: [1983.9],
      low: [1982.14],
      close: [1982.29],
      volume: [205.131],
    });
  });

  it('returns unparsable generic rows as invalid with the file and line', () => {
    const path = join(tmp.dir, 'odd.csv');
    writeFileSync(path, 'time,open,high,low,close,volume\n2022-08-14T00:00:00Z,1,2,0.5,1.5,3\nyesterday,1,2,0.5,1.5,3\n');
    const source = openCandles(path);
    collect(source);
    expect(source.quality).toMatchObject({ rows: 2, bars: 1, invalid: 1 });
    expect(source.quality.examples.invalid[0]).toBe('invalid line 3 of odd.csv: time is not a date or epoch number ("yesterday")');
  });
});

describe('openCandles with folders, patterns and lists', () => {
  it('returns files ordered by the first open time inside, not by name', () => {
    copyFileSync(demoZip(31), join(tmp.dir, 'a.zip'));
    copyFileSync(demoZip(29), join(tmp.dir, 'b.zip'));
    copyFileSync(demoZip(30), join(tmp.dir, 'c.zip'));
    writeFileSync(join(tmp.dir, 'notes.txt'), 'not data');
    const source = openCandles(tmp.dir);
    expect(source.files.map((f) => f.slice(tmp.dir.length + 1))).toEqual(['b.zip', 'c.zip', 'a.zip']);
    const bars = collect(source);
    expect(bars.openTime).toHaveLength(3 * 1440);
    expect(source.quality).toMatchObject({ gaps: 0, duplicates: 0, outOfOrder: 0, invalid: 0 });
    expect(iso(source.quality.firstOpenTime ?? 0)).toBe('2024-03-29T00:00:00.000Z');
    expect(iso(source.quality.lastOpenTime ?? 0)).toBe('2024-03-31T23:59:00.000Z');
  });

  it('returns the files a * pattern matches, mixed formats ordered by content', () => {
    const sub = join(tmp.dir, 'mixed');
    mkdirSync(sub);
    copyFileSync(demoZip(30), join(sub, 'day-1.zip'));
    writeFileSync(join(sub, 'day-2.csv'), demoCsv(29));
    copyFileSync(demoZip(31), join(sub, 'other.zip'));
    const source = openCandles(join(sub, 'day-*'));
    expect(source.files.map((f) => f.slice(sub.length + 1))).toEqual(['day-2.csv', 'day-1.zip']);
    expect(collect(source).openTime).toHaveLength(2880);
    expect(source.quality.gaps).toBe(0);
  });

  it('returns a list of inputs merged, each file once, with the day between them counted as a gap', () => {
    const source = openCandles([demoZip(31), demoZip(29), demoZip(31)]);
    expect(source.files).toEqual([demoZip(29), demoZip(31)]);
    collect(source);
    expect(source.quality).toMatchObject({ bars: 2880, gaps: 1, missingMinutes: 1440 });
  });

  it('returns chunks of at most CHUNK_BARS bars in separate arrays, and a fresh count on every pass', () => {
    const source = openCandles([demoZip(29), demoZip(30), demoZip(31)]);
    const chunks = [...source.chunks()];
    expect(chunks.map((c) => c.length)).toEqual([CHUNK_BARS, 4320 - CHUNK_BARS]);
    expect(chunks[1]?.close.length, 'arrays are cut to the chunk length').toBe(4320 - CHUNK_BARS);
    expect(chunks[0]?.close.buffer).not.toBe(chunks[1]?.close.buffer);
    expect(chunks[0]?.openTime[CHUNK_BARS - 1], 'chunks continue where the last one stopped').toBe(
      (chunks[1]?.openTime[0] ?? 0) - MIN,
    );
    collect(source);
    expect(source.quality.bars, 'a second pass starts counting from zero').toBe(4320);
  });
});

describe('openCandles errors', () => {
  it('returns a one-line error naming a missing file', () => {
    expect(() => openCandles(join(tmp.dir, 'nope.zip'))).toThrow(`candle data not found: ${join(tmp.dir, 'nope.zip')}`);
  });

  it('returns a one-line error for an empty folder, an empty list and a pattern without matches', () => {
    expect(() => openCandles(tmp.dir)).toThrow(`no .zip or .csv files in folder ${tmp.dir}`);
    expect(() => openCandles([])).toThrow('no candle data given');
    expect(() => openCandles(join(tmp.dir, 'ETH*.zip'))).toThrow(`no .zip or .csv files match ${join(tmp.dir, 'ETH*.zip')}`);
    expect(() => openCandles(join(tmp.dir, 'missing', '*.zip'))).toThrow('candle data folder not found');
    expect(() => openCandles(join(tmp.dir, '*', 'a.zip'))).toThrow("'*' is only supported in the file-name part");
  });

  it('returns a one-line error for a damaged zip, naming it', () => {
    const path = join(tmp.dir, 'ETHUSDT-1m-2024-03-29.zip');
    const zip = readFileSync(demoZip(29));
    writeFileSync(path, zip.subarray(0, zip.length - 100));
    expect(() => openCandles(path)).toThrow(/^ETHUSDT-1m-2024-03-29\.zip: not a readable zip file \(/);
  });

  it('returns a one-line error for a header without a time column or a price column', () => {
    const noTime = join(tmp.dir, 'no-time.csv');
    writeFileSync(noTime, 'when,open,high,low,close,volume\n1,2,3,4,5,6\n');
    expect(() => openCandles(noTime)).toThrow(/^no-time\.csv: no time column in the header \(expected one of open_time/);
    const noVolume = join(tmp.dir, 'no-volume.csv');
    writeFileSync(noVolume, 'date,open,high,low,close\n');
    expect(() => openCandles(noVolume)).toThrow('no-volume.csv: the header has no volume column');
  });

  it('returns a one-line error for headerless rows that are not 12-column klines', () => {
    const path = join(tmp.dir, 'six.csv');
    writeFileSync(path, '1704067200000,1,2,0.5,1.5,3\n');
    expect(() => openCandles(path)).toThrow("six.csv: a file without a header must have Binance's 12 kline columns");
  });

  it('returns a one-line error for files of two symbols or another interval', () => {
    copyFileSync(demoZip(29), join(tmp.dir, 'ETHUSDT-1m-2024-03-29.zip'));
    copyFileSync(demoZip(30), join(tmp.dir, 'BTCUSDT-1m-2024-03-30.zip'));
    expect(() => openCandles(tmp.dir)).toThrow('candle files for more than one symbol (BTCUSDT, ETHUSDT)');
    expect(() => openCandles(copyTo('ETHUSDT-5m-2024-03-29.zip'))).toThrow('ETHUSDT-5m-2024-03-29.zip holds 5m klines');
  });

  it('returns a one-line error for a file whose first 128 KB hold no line break', () => {
    const path = join(tmp.dir, 'blob.csv');
    writeFileSync(path, 'x'.repeat(200_000));
    expect(() => openCandles(path)).toThrow('blob.csv: no line break in the first 131072 bytes; not a CSV');
  });

  it('returns no bars and no error for an empty file', () => {
    const path = join(tmp.dir, 'empty.csv');
    writeFileSync(path, '');
    const source = openCandles(path);
    expect(collect(source).openTime).toEqual([]);
    expect(describeQuality(source.quality)[0]).toBe('0 bars from 0 rows, no usable bars');
  });
});

function copyTo(name: string): string {
  const path = join(tmp.dir, name);
  copyFileSync(demoZip(29), path);
  return path;
}
