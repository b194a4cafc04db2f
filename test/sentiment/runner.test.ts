import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/engine/core/clock.js';
import { aggregateDay } from '../../src/engine/sentiment/aggregate.js';
import { cleanText, postText } from '../../src/engine/sentiment/clean.js';
import { DEFAULT_KEYWORDS, DEFAULT_MODELS, sentimentConfig } from '../../src/engine/sentiment/config.js';
import type { SentimentOverrides } from '../../src/engine/sentiment/config.js';
import { keywordMatcher } from '../../src/engine/sentiment/fetchDay.js';
import { SentimentRunner } from '../../src/engine/sentiment/sentimentRunner.js';
import type { SentimentStatus } from '../../src/engine/sentiment/sentimentRunner.js';
import { SentimentSeries } from '../../src/engine/sentiment/sentimentSeries.js';
import { LABEL_VALUE } from '../../src/engine/sentiment/types.js';
import { vaderCompound } from '../../src/engine/sentiment/vader.js';
import { expectedLabel, startLlmServer } from '../support/llmServer.js';
import type { LlmServer } from '../support/llmServer.js';
import { startRedditServer } from '../support/redditServer.js';
import type { RedditServer } from '../support/redditServer.js';
import { fixturePosts, postsOfDay, recordingSleep, tempDir } from './fixture.js';

let reddit: RedditServer | null = null;
let llm: LlmServer | null = null;

afterEach(async () => {
  await reddit?.close();
  await llm?.close();
  reddit = llm = null;
});

async function setup(
  o: { now?: string; overrides?: SentimentOverrides; env?: Record<string, string>; dir?: string } = {},
) {
  reddit ??= await startRedditServer({ posts: { ethereum: fixturePosts() } });
  llm ??= await startLlmServer({ models: [...DEFAULT_MODELS] });
  const dir = o.dir ?? tempDir();
  const env = o.env ?? {
    REDDIT_CLIENT_ID: reddit.clientId,
    REDDIT_CLIENT_SECRET: reddit.clientSecret,
    REDDIT_USER_AGENT: 'node:drl-tui-test:0.1',
  };
  const cfg = sentimentConfig(env, {
    redditUrl: reddit.url,
    llmUrl: llm.url,
    dataDir: dir,
    subreddits: ['ethereum'],
    llmTimeoutMs: 2000,
    ...o.overrides,
  });
  const seen: SentimentStatus[] = [];
  const runner = new SentimentRunner(cfg, {
    clock: new ManualClock(Date.parse(`${o.now ?? '2021-04-10T12:00:00'}Z`)),
    sleep: recordingSleep().sleep,
    onProgress: (s) => seen.push(s),
  });
  return { runner, dir, seen, reddit, llm };
}

/** The 2021-04-09 row computed independently from the CSV rows and the server's labelling rule. */
function expectedRow(day: string) {
  const match = keywordMatcher(DEFAULT_KEYWORDS);
  const scored = postsOfDay(fixturePosts(), day)
    .map((p) => ({ p, text: cleanText(postText(p.title, p.selftext)) }))
    .filter((x): x is { p: (typeof x)['p']; text: string } => x.text !== null && match(x.text))
    .map(({ p, text }) => {
      const v = LABEL_VALUE[expectedLabel(text.slice(0, 256))];
      return {
        id: p.id,
        score: p.score,
        numComments: p.numComments,
        vader: vaderCompound(text),
        s: [v, v, v, v, v],
      };
    });
  return aggregateDay(day, scored);
}

const fmt = (x: number | null): string => (x === null ? '' : String(Math.round(x * 1e6) / 1e6));

describe('SentimentRunner end to end on loopback Reddit + LLM servers', () => {
  it('returns a written day and writes both CSVs with the right columns, weights and T+1 minutes', async () => {
    const { runner, dir, seen, llm } = await setup();
    const out = await runner.runYesterday();
    const exp = expectedRow('2021-04-09');
    expect(out).toMatchObject({ day: '2021-04-09', status: 'written', reason: null });
    expect(exp.posts).toBeGreaterThan(10);
    const daily = readFileSync(join(dir, 'sentiment_daily_vader_s1_s5.csv'), 'utf8').trimEnd().split('\n');
    expect(daily).toEqual([
      'day,vader,s1,s2,s3,s4,s5,posts,combined',
      ['2021-04-09', fmt(exp.vader), ...exp.s.map(fmt), String(exp.posts), fmt(exp.combined)].join(','),
    ]);
    const minutes = readFileSync(join(dir, 'sentiment_1min_vader_s1_s5.csv'), 'utf8').trimEnd().split('\n');
    expect(minutes[0]).toBe('ts,vader,s1,s2,s3,s4,s5');
    expect(minutes).toHaveLength(1441);
    expect(minutes[1]).toBe(`2021-04-10 00:00:00,${[exp.vader, ...exp.s].map(fmt).join(',')}`);
    expect(minutes[1440]?.startsWith('2021-04-10 23:59:00,')).toBe(true);
    expect(llm.requests, 'one request per post and model').toBe(5 * exp.posts);
    expect(runner.status).toMatchObject({ state: 'ready', day: '2021-04-09' });
    expect(runner.status.columns.map((c) => [c.name, c.scored])).toEqual([
      ['vader', exp.posts],
      ...['s1', 's2', 's3', 's4', 's5'].map((s) => [s, exp.posts]),
    ]);
    const progress = seen.map((s) => s.progress);
    expect(progress).toContain('fetching r/ethereum page 1');
    expect(progress).toContain(`scoring ${exp.posts}/${exp.posts} with s5`);
    expect(seen.some((s) => s.state === 'running')).toBe(true);
    const series = SentimentSeries.load(dir);
    expect(series.valueAt(Date.parse('2021-04-10T15:30:00Z'))).toBeCloseTo(exp.combined as number, 6);
  });

  it('returns cached with zero LLM and Reddit requests on a second run, and zero LLM requests when forced', async () => {
    const first = await setup();
    await first.runner.runYesterday();
    const llmBefore = first.llm.requests;
    const redditBefore = first.reddit.listingRequests;
    const second = await setup({ dir: first.dir });
    expect((await second.runner.runYesterday()).status).toBe('cached');
    expect(first.llm.requests).toBe(llmBefore);
    expect(first.reddit.listingRequests).toBe(redditBefore);
    const forced = await setup({ dir: first.dir });
    expect((await forced.runner.runYesterday({ force: true })).status).toBe('written');
    expect(first.reddit.listingRequests, 'forced refetches the posts').toBeGreaterThan(redditBefore);
    expect(first.llm.requests, 'labels come from the on-disk cache').toBe(llmBefore);
  });

  it('returns degraded with an empty column and its reason when a model is not loaded; VADER still lands', async () => {
    const { runner, dir, llm } = await setup();
    llm.models = llm.models.filter((m) => m !== 'google/gemma-2-9b');
    const out = await runner.runYesterday();
    expect(out.status).toBe('written');
    expect(runner.status.state).toBe('degraded');
    expect(runner.status.columns[2]?.reason).toMatch(/^model google\/gemma-2-9b is not available \(404/);
    const row =
      readFileSync(join(dir, 'sentiment_daily_vader_s1_s5.csv'), 'utf8').split('\n')[1]?.split(',') ?? [];
    expect(row[1], 'vader').not.toBe('');
    expect(row[3], 's2 empty').toBe('');
    expect(row[2], 's1 present').not.toBe('');
    // load the model: a plain rerun fills s2 from the stored posts, without asking Reddit again
    llm.models.push('google/gemma-2-9b');
    const listings = reddit?.listingRequests;
    const before = llm.requests;
    expect((await runner.runYesterday()).status).toBe('written');
    expect(reddit?.listingRequests).toBe(listings);
    expect(llm.requests - before, 'only s2 is asked').toBe(expectedRow('2021-04-09').posts);
    expect(runner.status.state).toBe('ready');
  });

  it('returns VADER only, with the reason, when the LLM server is down', async () => {
    const { runner } = await setup({ overrides: { llmUrl: 'http://127.0.0.1:9/v1' } });
    const out = await runner.runYesterday();
    expect(out.row?.vader).not.toBeNull();
    expect(out.row?.s).toEqual([null, null, null, null, null]);
    expect(runner.status.state).toBe('degraded');
    expect(runner.status.columns.slice(1).map((c) => c.reason)).toEqual(
      Array(5).fill('LLM server unreachable at http://127.0.0.1:9/v1'),
    );
  });

  it('returns empty days recorded once and never refetched; backfill fills the missing days newest first', async () => {
    const { runner, reddit } = await setup({ now: '2021-04-14T03:00:00' });
    const outs = await runner.backfill(6);
    expect(outs.map((o) => [o.day, o.status, o.row?.posts])).toEqual([
      ['2021-04-13', 'written', 0],
      ['2021-04-12', 'written', 0],
      ['2021-04-11', 'written', 0],
      ['2021-04-10', 'written', 0],
      ['2021-04-09', 'written', expectedRow('2021-04-09').posts],
      ['2021-04-08', 'written', expectedRow('2021-04-08').posts],
    ]);
    expect(runner.missingDays(6)).toEqual([]);
    const listings = reddit.listingRequests;
    expect((await runner.runDay('2021-04-11')).status).toBe('cached');
    expect(await runner.backfill(6)).toEqual([]);
    expect(reddit.listingRequests, 'an empty day is not fetched again').toBe(listings);
  });

  it('returns failed without recording the day when Reddit refuses the credentials', async () => {
    const { runner, reddit } = await setup();
    reddit.fail('token', 401, { times: Infinity });
    const out = await runner.runYesterday();
    expect(out).toMatchObject({
      status: 'failed',
      reason: 'reddit token: 401 — check REDDIT_CLIENT_ID / REDDIT_CLIENT_SECRET',
    });
    expect(runner.status).toMatchObject({ state: 'faulted', lastError: out.reason });
    expect(runner.missingDays(1), 'retried next time').toEqual(['2021-04-09']);
  });

  it('returns stopped with a one-line reason when Reddit is not configured', async () => {
    const { runner, dir } = await setup({ env: {} });
    expect(runner.status.state).toBe('stopped');
    const out = await runner.runYesterday();
    expect(out.reason).toBe(
      'not configured: set REDDIT_CLIENT_ID and REDDIT_CLIENT_SECRET (environment or .env)',
    );
    expect(existsSync(join(dir, 'sentiment_daily_vader_s1_s5.csv'))).toBe(false);
  });

  it('returns failed for today or a malformed day', async () => {
    const { runner } = await setup();
    expect((await runner.runDay('2021-04-10')).reason).toBe(
      '2021-04-10 is not over yet (UTC); only past days are scored',
    );
    expect((await runner.runDay('2021-02-30')).reason).toBe('not a UTC day (YYYY-MM-DD): 2021-02-30');
  });

  it('returns runs one at a time in call order', async () => {
    const { runner } = await setup();
    const a = runner.runDay('2021-04-09');
    const b = runner.runDay('2021-04-09');
    expect(runner.status.queued, 'both requested, none started yet').toBe(2);
    expect([(await a).status, (await b).status]).toEqual(['written', 'cached']);
    expect(runner.status.queued).toBe(0);
  });
});
