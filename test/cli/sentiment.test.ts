import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MODELS } from '../../src/engine/sentiment/config.js';
import { fixturePosts } from '../sentiment/fixture.js';
import { startLlmServer } from '../support/llmServer.js';
import type { LlmServer } from '../support/llmServer.js';
import { startRedditServer } from '../support/redditServer.js';
import type { RedditServer } from '../support/redditServer.js';
import { BIN, tempDir } from './run.js';

/** Run the built CLI without blocking: the loopback servers live in this process. */
function run(
  args: string[],
  cwd: string,
  env: Record<string, string>,
): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, ...env } });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

describe('drl-tui sentiment (the built CLI) against loopback Reddit + LLM servers', () => {
  let reddit: RedditServer;
  let llm: LlmServer;
  beforeAll(async () => {
    reddit = await startRedditServer({ posts: { ethereum: fixturePosts() } });
    llm = await startLlmServer({ models: [...DEFAULT_MODELS] });
  });
  afterAll(async () => {
    await reddit?.close();
    await llm?.close();
  });

  it('writes both CSVs with T+1 minutes, and a second run makes zero LLM requests', async () => {
    const cwd = tempDir('sentiment');
    const env = {
      REDDIT_CLIENT_ID: reddit.clientId,
      REDDIT_CLIENT_SECRET: reddit.clientSecret,
      REDDIT_USER_AGENT: 'drl-tui-test',
    };
    const args = ['sentiment', '--date', '2021-04-08', '--reddit-url', reddit.url, '--llm-url', llm.url];
    const first = await run(args, cwd, env);
    expect(first.code, first.err).toBe(0);
    expect(first.out).toMatch(/sentiment 2021-04-08: written/);
    const requests = llm.requests;
    expect(requests, 'every post scored by each of the 5 models').toBeGreaterThan(0);

    const dir = join(cwd, 'data/sentiment');
    const daily = readFileSync(join(dir, 'sentiment_daily_vader_s1_s5.csv'), 'utf8').trim().split('\n');
    expect(daily[0]).toMatch(/^day,vader,s1,s2,s3,s4,s5/);
    expect(daily[1]).toMatch(/^2021-04-08,/);
    const minute = readFileSync(join(dir, 'sentiment_1min_vader_s1_s5.csv'), 'utf8').trim().split('\n');
    expect(minute[0]).toBe('ts,vader,s1,s2,s3,s4,s5');
    expect(minute[1], "day D's scores start at the first minute of D+1 (T+1)").toMatch(
      /^2021-04-09 00:00:00,/,
    );
    expect(minute.length - 1).toBe(1440);

    const second = await run(args, cwd, env);
    expect(second.code, second.err).toBe(0);
    expect(llm.requests, 'the label cache answers the rerun').toBe(requests);
  });
});
