import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ManualClock } from '../../src/engine/core/clock.js';
import { cleanText, postText } from '../../src/engine/sentiment/clean.js';
import { DEFAULT_MODELS, sentimentConfig } from '../../src/engine/sentiment/config.js';
import { SentimentRunner } from '../../src/engine/sentiment/sentimentRunner.js';
import type { RedditPost } from '../../src/engine/sentiment/types.js';
import { vaderCompound } from '../../src/engine/sentiment/vader.js';
import { tempDir } from '../sentiment/fixture.js';
import { startLlmServer } from '../support/llmServer.js';
import { loadRedditCsv, startRedditServer } from '../support/redditServer.js';
import { SHARED_DATA } from '../support/sharedData.js';

/**
 * Sentiment benchmarks (issue 6 "Bench"): VADER throughput on the real r/ethereum posts, and the
 * wall time of one whole day — fetch from the loopback Reddit, clean, VADER, 5 models on an
 * OpenAI-compatible server answering in 50 ms at concurrency 4, aggregate, both files. The 1,000
 * posts are real texts; their timestamps are spread over one day so a single day holds them all.
 * Run: `npx tsx test/bench/sentiment.bench-script.ts`, or import and call `benchSentiment()`.
 */

export interface SentimentBenchResult {
  readonly posts: number;
  readonly vaderPostsPerSec: number;
  readonly cleanAndVaderPostsPerSec: number;
  readonly e2ePosts: number;
  readonly e2eModels: number;
  readonly e2eRequests: number;
  readonly e2eMs: number;
  /** Load average when the bench ran (the numbers are wall-clock; say how busy the machine was). */
  readonly loadAverage: number;
  /** The floor set by the server: posts × models × latency / concurrency. */
  readonly e2eFloorMs: number;
}

function realPosts(): RedditPost[] {
  const shared = SHARED_DATA ? resolve(SHARED_DATA, 'reddit/r_ethereum_posts_2020-11_2021-04.csv') : null;
  const path =
    shared && existsSync(shared)
      ? shared
      : resolve(import.meta.dirname, '../fixtures/sentiment/r_ethereum_2021-04-08_16.csv');
  return loadRedditCsv(path);
}

/** Posts per second of `fn` over `items`: a full warm-up pass, then the best of 5 rounds of ≥ 0.5 s (least disturbed by other load). */
function throughput<T>(items: readonly T[], fn: (x: T) => number): number {
  let sink = 0;
  for (const x of items) sink += fn(x);
  let best = 0;
  for (let round = 0; round < 5; round++) {
    let n = 0;
    const t0 = performance.now();
    while (performance.now() - t0 < 500) {
      for (const x of items) sink += fn(x);
      n += items.length;
    }
    best = Math.max(best, n / ((performance.now() - t0) / 1000));
  }
  if (Number.isNaN(sink)) throw new Error('unreachable');
  return best;
}

export async function benchSentiment(
  opts: { posts?: number; latencyMs?: number; concurrency?: number } = {},
): Promise<SentimentBenchResult> {
  const raw = realPosts();
  const texts = raw
    .map((p) => cleanText(postText(p.title, p.selftext)))
    .filter((t): t is string => t !== null);
  const vader = throughput(texts, vaderCompound);
  const both = throughput(raw, (p) => {
    const c = cleanText(postText(p.title, p.selftext));
    return c === null ? 0 : vaderCompound(c);
  });

  const want = opts.posts ?? 1000;
  const latencyMs = opts.latencyMs ?? 50;
  const concurrency = opts.concurrency ?? 4;
  const dayStart = Date.parse('2021-04-09T00:00:00Z') / 1000;
  const usable = raw.filter((p) => cleanText(postText(p.title, p.selftext)) !== null).slice(0, want);
  const oneDay = usable.map((p, i) => ({
    ...p,
    createdUtc: dayStart + Math.floor(((i + 0.5) * 86400) / usable.length),
  }));
  const reddit = await startRedditServer({ posts: { ethereum: oneDay } });
  const llm = await startLlmServer({ models: [...DEFAULT_MODELS], latencyMs });
  try {
    const cfg = sentimentConfig(
      { REDDIT_CLIENT_ID: reddit.clientId, REDDIT_CLIENT_SECRET: reddit.clientSecret },
      {
        redditUrl: reddit.url,
        llmUrl: llm.url,
        dataDir: tempDir(),
        subreddits: ['ethereum'],
        keywords: [],
        llmConcurrency: concurrency,
        maxPostsPerSubreddit: want,
      },
    );
    const runner = new SentimentRunner(cfg, { clock: new ManualClock(Date.parse('2021-04-10T06:00:00Z')) });
    const t0 = performance.now();
    const out = await runner.runDay('2021-04-09');
    const e2eMs = performance.now() - t0;
    if (out.status !== 'written') throw new Error(`bench day not written: ${out.reason ?? out.status}`);
    return {
      posts: texts.length,
      vaderPostsPerSec: Math.round(vader),
      cleanAndVaderPostsPerSec: Math.round(both),
      e2ePosts: out.row?.posts ?? 0,
      e2eModels: DEFAULT_MODELS.length,
      e2eRequests: llm.requests,
      e2eMs: Math.round(e2eMs),
      loadAverage: Math.round((loadavg()[0] as number) * 10) / 10,
      e2eFloorMs: Math.round((usable.length * DEFAULT_MODELS.length * latencyMs) / concurrency),
    };
  } finally {
    await reddit.close();
    await llm.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  benchSentiment().then(
    (r) => process.stdout.write(`${JSON.stringify(r, null, 2)}\n`),
    (err: unknown) => {
      process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
