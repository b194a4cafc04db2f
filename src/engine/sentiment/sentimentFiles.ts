import { mkdirSync, readFileSync } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { writeFileAtomic } from '../core/atomicWrite.js';
import { combine } from './aggregate.js';
import { DAY_MS, dayStartMs, parseDay } from './days.js';
import type { KeptPost } from './fetchDay.js';
import type { DayRow } from './types.js';
import { LLM_SLOTS } from './types.js';

/**
 * The files under the sentiment data dir:
 *   sentiment_daily_vader_s1_s5.csv  day,vader,s1,s2,s3,s4,s5,posts,combined — what trading reads
 *   sentiment_1min_vader_s1_s5.csv   ts,vader,s1..s5 — the research-compatible minute export
 *   llm_labels.jsonl                 LLM label cache (labelCache.ts)
 *   posts/<day>.json                 the day's kept posts (cleaned), so a missing LLM column can be
 *                                    filled later without asking Reddit again
 * Empty cells mean "no value" (no posts, or the column could not be scored).
 */
export const DAILY_FILE = 'sentiment_daily_vader_s1_s5.csv';
export const MINUTE_FILE = 'sentiment_1min_vader_s1_s5.csv';
export const LABEL_CACHE_FILE = 'llm_labels.jsonl';
export const DAILY_HEADER = 'day,vader,s1,s2,s3,s4,s5,posts,combined';
export const MINUTE_HEADER = 'ts,vader,s1,s2,s3,s4,s5';

export function dailyPath(dir: string): string {
  return join(dir, DAILY_FILE);
}
export function minutePath(dir: string): string {
  return join(dir, MINUTE_FILE);
}
export function postsPath(dir: string, day: string): string {
  return join(dir, 'posts', `${day}.json`);
}

function fmt(x: number | null): string {
  return x === null ? '' : String(Math.round(x * 1e6) / 1e6);
}

function cell(s: string | undefined): number | null {
  if (s === undefined || s.trim() === '') return null;
  const x = Number(s);
  return Number.isFinite(x) ? x : null;
}

/** Rows of the daily file by day; a missing file is an empty table, bad lines are skipped. */
export function readDaily(dir: string): Map<string, DayRow> {
  let text: string;
  try {
    text = readFileSync(dailyPath(dir), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
    throw new Error(`cannot read ${dailyPath(dir)}: ${(err as Error).message}`);
  }
  return parseDaily(text);
}

export function parseDaily(text: string): Map<string, DayRow> {
  const rows = new Map<string, DayRow>();
  for (const line of text.split(/\r?\n/)) {
    const f = line.split(',');
    const day = f[0] ?? '';
    if (parseDay(day) === null) continue; // header, blank or torn line
    const vader = cell(f[1]);
    const s = [2, 3, 4, 5, 6].map((i) => cell(f[i]));
    const posts = cell(f[7]) ?? 0;
    rows.set(day, { day, vader, s, posts, combined: cell(f[8]) ?? combine(vader, s) });
  }
  return rows;
}

export function writeDaily(dir: string, rows: ReadonlyMap<string, DayRow>): void {
  const days = [...rows.keys()].sort();
  const lines = [DAILY_HEADER];
  for (const d of days) {
    const r = rows.get(d) as DayRow;
    lines.push(
      [d, fmt(r.vader), ...r.s.slice(0, LLM_SLOTS).map(fmt), String(r.posts), fmt(r.combined)].join(','),
    );
  }
  writeFileAtomic(dailyPath(dir), `${lines.join('\n')}\n`);
}

const MINUTE_TIMES = Array.from({ length: 1440 }, (_, m) => {
  const hh = String(Math.floor(m / 60)).padStart(2, '0');
  const mm = String(m % 60).padStart(2, '0');
  return `${hh}:${mm}:00`;
});

/**
 * The minute export. T+1: the 1,440 minutes of day D+1 carry day D's scores, so a row never
 * holds information from its own day. ts is UTC `YYYY-MM-DD HH:MM:SS` (what pandas and the
 * research notebooks read directly; nothing on the trading path parses this file). Written
 * one day at a time with a yield in between, to a temp file renamed over the old one.
 */
export async function writeMinutes(
  dir: string,
  rows: ReadonlyMap<string, DayRow>,
  yieldFn?: () => Promise<void>,
): Promise<number> {
  const path = minutePath(dir);
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  const fh = await open(tmp, 'w');
  let n = 0;
  try {
    await fh.write(`${MINUTE_HEADER}\n`);
    for (const d of [...rows.keys()].sort()) {
      const r = rows.get(d) as DayRow;
      const next = new Date(dayStartMs(d) + DAY_MS).toISOString().slice(0, 10);
      const values = [fmt(r.vader), ...r.s.slice(0, LLM_SLOTS).map(fmt)].join(',');
      const chunk: string[] = [];
      for (const t of MINUTE_TIMES) chunk.push(`${next} ${t},${values}\n`);
      await fh.write(chunk.join(''));
      n += MINUTE_TIMES.length;
      if (yieldFn) await yieldFn();
    }
    await fh.sync();
  } catch (err) {
    await fh.close();
    await rm(tmp, { force: true });
    throw err;
  }
  await fh.close();
  await rename(tmp, path);
  return n;
}

/** A day's kept posts as stored: cleaned text and what weighting needs. */
export type StoredPost = Pick<KeptPost, 'id' | 'subreddit' | 'createdUtc' | 'score' | 'numComments' | 'text'>;

export function writePosts(dir: string, day: string, posts: readonly StoredPost[]): void {
  const slim = posts.map(({ id, subreddit, createdUtc, score, numComments, text }) => ({
    id,
    subreddit,
    createdUtc,
    score,
    numComments,
    text,
  }));
  writeFileAtomic(postsPath(dir, day), JSON.stringify(slim));
}

/** The stored posts of a day, or null when there are none on disk (or the file is unreadable). */
export function readPosts(dir: string, day: string): StoredPost[] | null {
  try {
    const x = JSON.parse(readFileSync(postsPath(dir, day), 'utf8')) as unknown;
    if (!Array.isArray(x)) return null;
    return x.filter(
      (p): p is StoredPost =>
        typeof p === 'object' &&
        p !== null &&
        typeof (p as StoredPost).id === 'string' &&
        typeof (p as StoredPost).text === 'string',
    );
  } catch {
    return null;
  }
}
