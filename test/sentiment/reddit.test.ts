import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/engine/core/clock.js';
import { cleanText, postText } from '../../src/engine/sentiment/clean.js';
import { DEFAULT_KEYWORDS } from '../../src/engine/sentiment/config.js';
import { fetchDay, keywordMatcher } from '../../src/engine/sentiment/fetchDay.js';
import { RedditClient } from '../../src/engine/sentiment/redditClient.js';
import type { RedditPost } from '../../src/engine/sentiment/types.js';
import { startRedditServer } from '../support/redditServer.js';
import type { RedditServer } from '../support/redditServer.js';
import { fixturePosts, postsOfDay, recordingSleep } from './fixture.js';

const NOW = Date.parse('2021-04-17T06:00:00Z');
let server: RedditServer | null = null;

afterEach(async () => {
  await server?.close();
  server = null;
});

async function setup(
  posts: Record<string, readonly RedditPost[]> = { ethereum: fixturePosts() },
  secret?: string,
) {
  server = await startRedditServer({ posts });
  const rec = recordingSleep();
  const client = new RedditClient({
    tokenUrl: server.url,
    apiUrl: server.url,
    credentials: {
      clientId: server.clientId,
      clientSecret: secret ?? server.clientSecret,
      userAgent: 'node:drl-tui-test:0.1 (by /u/tester)',
    },
    clock: new ManualClock(NOW),
    sleep: rec.sleep,
  });
  const cfg = {
    client,
    subreddits: ['ethereum'],
    keywords: DEFAULT_KEYWORDS,
    maxPostsPerSubreddit: 500,
    maxPagesPerSubreddit: 10,
  };
  return { server, client, cfg, sleeps: rec.calls };
}

/** What the day should hold, computed straight from the CSV rows. */
function expectedIds(day: string): string[] {
  const match = keywordMatcher(DEFAULT_KEYWORDS);
  return postsOfDay(fixturePosts(), day)
    .filter((p) => {
      const t = cleanText(postText(p.title, p.selftext));
      return t !== null && match(t);
    })
    .map((p) => p.id)
    .sort();
}

describe('keywordMatcher', () => {
  it('returns true only for whole-word keywords, in any case', () => {
    const m = keywordMatcher(DEFAULT_KEYWORDS);
    expect(m('ETH, to the moon')).toBe(true);
    expect(m('going short here')).toBe(true);
    expect(m('an ethereal feeling')).toBe(false);
    expect(m('nice shorts')).toBe(false);
  });
});

describe('fetchDay against the loopback Reddit', () => {
  it('returns the keyword-filtered posts of one UTC day, paging back with after', async () => {
    const { server, cfg } = await setup();
    const res = await fetchDay('2021-04-09', cfg);
    expect(res.failed).toBe(false);
    expect(res.posts.map((p) => p.id).sort()).toEqual(expectedIds('2021-04-09'));
    expect(res.posts.length, 'the real day has posts that pass the filter').toBeGreaterThan(10);
    expect(
      server.log.some((l) => l.includes('after=t3_')),
      'the day lies beyond the first page',
    ).toBe(true);
    expect(
      server.log.every((l) => !l.startsWith('/r/') || (l.includes('limit=100') && l.includes('raw_json=1'))),
    ).toBe(true);
    expect(
      server.userAgents.every((ua) => ua === 'node:drl-tui-test:0.1 (by /u/tester)'),
      'descriptive User-Agent on every call',
    ).toBe(true);
    expect(server.tokenRequests, 'the token is cached across pages').toBe(1);
  });

  it('returns no posts and not failed for a real empty day', async () => {
    const { cfg } = await setup();
    const res = await fetchDay('2021-04-11', cfg);
    expect(res).toMatchObject({ posts: [], failed: false });
  });

  it('returns at most the cap per subreddit and each id once across subreddits', async () => {
    const { cfg } = await setup({ ethereum: fixturePosts(), ethfinance: fixturePosts() });
    const capped = await fetchDay('2021-04-09', { ...cfg, maxPostsPerSubreddit: 3 });
    expect(capped.perSubreddit['ethereum']?.kept).toBe(3);
    const both = await fetchDay('2021-04-09', { ...cfg, subreddits: ['ethereum', 'ethfinance'] });
    expect(both.posts.map((p) => p.id).sort(), 'cross-listed duplicates are dropped').toEqual(
      expectedIds('2021-04-09'),
    );
  });

  it('returns a one-line credentials reason when the token endpoint answers 401', async () => {
    const { cfg } = await setup(undefined, 'wrong-secret');
    const res = await fetchDay('2021-04-09', cfg);
    expect(res.failed).toBe(true);
    expect(res.perSubreddit['ethereum']?.error).toBe(
      'reddit token: 401 — check REDDIT_CLIENT_ID / REDDIT_CLIENT_SECRET',
    );
  });

  it('returns posts after refreshing a revoked token once', async () => {
    const { server, cfg } = await setup();
    await fetchDay('2021-04-16', cfg);
    server.revokeTokens();
    const res = await fetchDay('2021-04-16', cfg);
    expect(res.failed).toBe(false);
    expect(res.posts.length).toBeGreaterThan(0);
    expect(server.tokenRequests, 'one refresh').toBe(2);
  });

  it('returns a one-line error when the listing stays 401 after the refresh', async () => {
    const { server, cfg } = await setup();
    server.fail('listing', 401, { times: Infinity });
    const res = await fetchDay('2021-04-16', cfg);
    expect(res.failed).toBe(true);
    expect(res.perSubreddit['ethereum']?.error).toBe(
      'r/ethereum: 401 unauthorized even after a token refresh',
    );
  });

  it('returns posts after waiting out a 429 for its Retry-After', async () => {
    const { server, cfg, sleeps } = await setup();
    server.fail('listing', 429, { retryAfter: 7 });
    const res = await fetchDay('2021-04-16', cfg);
    expect(res.failed).toBe(false);
    expect(res.posts.length).toBeGreaterThan(0);
    expect(sleeps, 'slept Retry-After seconds').toEqual([7000]);
  });

  it('returns failed with the status when 429s outlast the retries', async () => {
    const { server, cfg } = await setup();
    server.fail('listing', 429, { times: Infinity, retryAfter: 1 });
    const res = await fetchDay('2021-04-16', cfg);
    expect(res.failed).toBe(true);
    expect(res.perSubreddit['ethereum']?.error).toBe('r/ethereum: HTTP 429 after 4 attempts');
  });

  it('returns after sleeping until the reset when x-ratelimit-remaining drops below 1', async () => {
    const { server, cfg, sleeps } = await setup();
    server.rateLimit = { remaining: 0, reset: 5 };
    await fetchDay('2021-04-09', cfg);
    expect(sleeps.length, 'one wait before each request after the first listing').toBeGreaterThan(0);
    expect(sleeps.every((ms) => ms === 5000)).toBe(true);
  });

  it('returns a missing subreddit as a reason without failing the day', async () => {
    const { cfg } = await setup();
    const res = await fetchDay('2021-04-09', { ...cfg, subreddits: ['ethereum', 'nosuchsub'] });
    expect(res.failed).toBe(false);
    expect(res.perSubreddit['nosuchsub']?.error).toBe('r/nosuchsub: 404 not found');
    expect(res.posts.length).toBe(expectedIds('2021-04-09').length);
  });
});
