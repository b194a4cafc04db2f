import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { RedditPost } from '../../src/engine/sentiment/types.js';
import { loadRedditCsv } from '../support/redditServer.js';

/** Real r/ethereum posts, 2021-04-08 … 2021-04-16 UTC (no posts on 04-10 … 04-13). See its README. */
export const FIXTURE_CSV = resolve(import.meta.dirname, '../fixtures/sentiment/r_ethereum_2021-04-08_16.csv');

let cached: RedditPost[] | null = null;
export function fixturePosts(): RedditPost[] {
  cached ??= loadRedditCsv(FIXTURE_CSV);
  return cached;
}

export function postsOfDay(posts: readonly RedditPost[], day: string): RedditPost[] {
  const start = Date.parse(`${day}T00:00:00Z`) / 1000;
  return posts.filter((p) => p.createdUtc >= start && p.createdUtc < start + 86400);
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'drl-sentiment-'));
}

/** A sleep that records what it was asked and returns at once (rate limits, backoff). */
export function recordingSleep(): { sleep: (ms: number) => Promise<void>; calls: number[] } {
  const calls: number[] = [];
  return { calls, sleep: async (ms) => void calls.push(ms) };
}
