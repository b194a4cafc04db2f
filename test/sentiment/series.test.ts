import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  readDaily,
  minutePath,
  writeDaily,
  writeMinutes,
} from '../../src/engine/sentiment/sentimentFiles.js';
import { SentimentSeries } from '../../src/engine/sentiment/sentimentSeries.js';
import type { SentimentStatus } from '../../src/engine/sentiment/sentimentRunner.js';
import { sentimentView } from '../../src/engine/sentiment/sentimentView.js';
import type { DayRow } from '../../src/engine/sentiment/types.js';
import { tempDir } from './fixture.js';

const d8: DayRow = {
  day: '2021-04-08',
  vader: 0.25,
  s: [1, 0, null, -1, 0.5],
  posts: 12,
  combined: (0.25 + 1 + 0 - 1 + 0.5) / 5,
};
const d9: DayRow = {
  day: '2021-04-09',
  vader: -0.1,
  s: [null, null, null, null, null],
  posts: 4,
  combined: -0.1,
};
const d11: DayRow = {
  day: '2021-04-11',
  vader: null,
  s: [null, null, null, null, null],
  posts: 0,
  combined: null,
};

const at = (iso: string): number => Date.parse(`${iso}Z`);

function table(...rows: DayRow[]): Map<string, DayRow> {
  return new Map(rows.map((r) => [r.day, r]));
}

describe('T+1 alignment', () => {
  it('returns minute rows of day D+1 carrying day D scores, ts as UTC "YYYY-MM-DD HH:MM:SS"', async () => {
    const dir = tempDir();
    const n = await writeMinutes(dir, table(d9, d8));
    const lines = readFileSync(minutePath(dir), 'utf8').trimEnd().split('\n');
    expect(n).toBe(2 * 1440);
    expect(lines[0]).toBe('ts,vader,s1,s2,s3,s4,s5');
    expect(lines[1]).toBe('2021-04-09 00:00:00,0.25,1,0,,-1,0.5');
    expect(lines[1440]).toBe('2021-04-09 23:59:00,0.25,1,0,,-1,0.5');
    expect(lines[1441]).toBe('2021-04-10 00:00:00,-0.1,,,,,');
    expect(lines).toHaveLength(1 + 2 * 1440);
  });

  it('returns for every minute of day D the combined score of day D−1, and 0 where that day is missing', () => {
    const s = SentimentSeries.fromRows([d8, d9]);
    expect(s.valueAt(at('2021-04-08T12:00:00')), 'its own day is never used').toBe(0);
    expect(s.dayFor(at('2021-04-08T12:00:00'))).toBeNull();
    expect(s.valueAt(at('2021-04-09T00:00:00'))).toBeCloseTo(d8.combined as number, 12);
    expect(s.valueAt(at('2021-04-09T23:59:00'))).toBeCloseTo(d8.combined as number, 12);
    expect(s.valueAt(at('2021-04-10T00:00:00'))).toBe(-0.1);
    expect(s.dayFor(at('2021-04-10T05:00:00'))).toMatchObject({ day: '2021-04-09', vader: -0.1, posts: 4 });
    expect(s.valueAt(at('2021-04-11T00:00:00')), '04-10 is missing').toBe(0);
  });

  it('returns the same value from the minute file as from the series for every minute', async () => {
    const dir = tempDir();
    writeDaily(dir, table(d8, d9));
    await writeMinutes(dir, readDaily(dir));
    const series = SentimentSeries.load(dir);
    for (const line of readFileSync(minutePath(dir), 'utf8').trimEnd().split('\n').slice(1)) {
      const [ts, ...cols] = line.split(',');
      const vals = cols.filter((c) => c !== '').map(Number);
      const mean = vals.reduce((a, b) => a + b, 0) / vals.length;
      expect(series.valueAt(Date.parse(`${(ts as string).replace(' ', 'T')}Z`))).toBeCloseTo(mean, 6);
    }
  });
});

describe('SentimentSeries files', () => {
  it('returns 0 everywhere when the daily file does not exist', () => {
    const s = SentimentSeries.load(tempDir());
    expect(s.days).toBe(0);
    expect(s.valueAt(at('2021-04-10T00:00:00'))).toBe(0);
  });

  it('returns a recorded empty day as 0 with its row (not pending)', () => {
    const s = SentimentSeries.fromRows([d11]);
    expect(s.valueAt(at('2021-04-12T10:00:00'))).toBe(0);
    expect(s.dayFor(at('2021-04-12T10:00:00'))).toMatchObject({ day: '2021-04-11', posts: 0, combined: 0 });
  });

  it('returns true from reloadIfChanged once after a new day lands, and the new value after', () => {
    const dir = tempDir();
    writeDaily(dir, table(d8));
    const s = SentimentSeries.load(dir);
    const t = at('2021-04-10T08:00:00');
    expect(s.valueAt(t)).toBe(0);
    expect(s.reloadIfChanged()).toBe(false);
    writeDaily(dir, table(d8, d9));
    expect(s.reloadIfChanged()).toBe(true);
    expect(s.reloadIfChanged()).toBe(false);
    expect(s.valueAt(t), 'the cached minute value is refreshed').toBe(-0.1);
  });

  it('returns rows from the daily file as written, with empty cells as null', () => {
    const dir = tempDir();
    writeDaily(dir, table(d9, d8, d11));
    const text = readFileSync(`${dir}/sentiment_daily_vader_s1_s5.csv`, 'utf8');
    expect(text.split('\n').slice(0, 2)).toEqual([
      'day,vader,s1,s2,s3,s4,s5,posts,combined',
      '2021-04-08,0.25,1,0,,-1,0.5,12,0.15',
    ]);
    expect(readDaily(dir).get('2021-04-11')).toEqual(d11);
  });
});

describe('sentimentView', () => {
  const base: SentimentStatus = {
    state: 'ready',
    configured: true,
    progress: 'idle',
    day: null,
    columns: [],
    lastError: null,
    queued: 0,
  };

  it('returns the previous day scores and the runner state', () => {
    const v = sentimentView(base, SentimentSeries.fromRows([d8]), at('2021-04-09T10:00:00'));
    expect(v).toMatchObject({
      state: 'ready',
      day: '2021-04-08',
      vader: 0.25,
      s: [1, 0, null, -1, 0.5],
      progress: 'idle',
    });
    expect(v.combined).toBeCloseTo(0.15, 12);
  });

  it('returns pending with 0 while the previous day has not landed, and not configured without credentials', () => {
    const empty = SentimentSeries.fromRows([]);
    expect(sentimentView({ ...base, state: 'running' }, empty, at('2021-04-09T10:00:00'))).toMatchObject({
      state: 'pending',
      combined: 0,
      day: null,
    });
    expect(
      sentimentView({ ...base, state: 'stopped', configured: false }, empty, at('2021-04-09T10:00:00')).state,
    ).toBe('not configured');
    expect(sentimentView({ ...base, state: 'faulted' }, empty, at('2021-04-09T10:00:00')).state).toBe(
      'faulted',
    );
  });
});
