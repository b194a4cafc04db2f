import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanText, postText } from '../../src/engine/sentiment/clean.js';
import { LabelCache } from '../../src/engine/sentiment/labelCache.js';
import { LlmScorer, parseLabel } from '../../src/engine/sentiment/llmScorer.js';
import { expectedLabel, startLlmServer } from '../support/llmServer.js';
import type { LlmServer } from '../support/llmServer.js';
import { fixturePosts, postsOfDay, recordingSleep, tempDir } from './fixture.js';

const MODEL = 'meta-llama-3.1-8b-instruct';
let server: LlmServer | null = null;

afterEach(async () => {
  await server?.close();
  server = null;
});

/** Real posts of 2021-04-14, cleaned, as the scorer receives them. */
function posts(n = 20): { id: string; text: string }[] {
  return postsOfDay(fixturePosts(), '2021-04-14')
    .map((p) => ({ id: p.id, text: cleanText(postText(p.title, p.selftext)) }))
    .filter((p): p is { id: string; text: string } => p.text !== null)
    .slice(0, n);
}

async function setup(opts: { timeoutMs?: number; cache?: LabelCache; url?: string } = {}) {
  server = await startLlmServer({ models: [MODEL] });
  const rec = recordingSleep();
  const scorer = new LlmScorer({
    baseURL: opts.url ?? server.url,
    apiKey: 'lm-studio',
    timeoutMs: opts.timeoutMs ?? 5000,
    retries: 2,
    backoffMs: 100,
    concurrency: 4,
    maxChars: 256,
    maxConsecutiveFailures: 3,
    cache: opts.cache ?? LabelCache.memory(),
    sleep: rec.sleep,
  });
  return { server, scorer, sleeps: rec.calls };
}

describe('parseLabel', () => {
  it('returns the label for exactly one label word, any case, trailing punctuation allowed', () => {
    expect(['POS', ' neg. ', 'Neu!', 'pos\n'].map(parseLabel)).toEqual(['POS', 'NEG', 'NEU', 'POS']);
  });

  it('returns null for anything else', () => {
    expect(['POSITIVE', 'The answer is POS', 'POS NEG', '', '0', null, undefined].map(parseLabel)).toEqual([
      null,
      null,
      null,
      null,
      null,
      null,
      null,
    ]);
  });
});

describe('LlmScorer against the loopback OpenAI-compatible server', () => {
  it('returns one label per post and sends temperature 0 with tiny max_tokens', async () => {
    const { server, scorer } = await setup();
    const ps = posts();
    const r = await scorer.scoreModel(MODEL, ps);
    expect(r.reason).toBeNull();
    expect(ps.map((p) => r.labels.get(p.id))).toEqual(ps.map((p) => expectedLabel(p.text.slice(0, 256))));
    expect(new Set(r.labels.values()).size, 'real posts get more than one label').toBeGreaterThan(1);
    expect(server.requests).toBe(ps.length);
    const req = server.lastRequest;
    expect(req).toMatchObject({ model: MODEL, temperature: 0, max_tokens: 3 });
    expect(req?.messages?.map((m) => m.role)).toEqual(['system', 'user']);
    expect(
      Math.max(...ps.map((p) => p.text.length)),
      'some real post is longer than the cut',
    ).toBeGreaterThan(256);
  });

  it('returns labels for text cut to maxChars', async () => {
    const { server, scorer } = await setup();
    await scorer.scoreModel(MODEL, [{ id: 'long', text: 'x'.repeat(1000) }]);
    expect(server.lastRequest?.messages?.[1]?.content).toHaveLength(256);
  });

  it('returns unscored posts (not 0) when the model answers garbage', async () => {
    const { server, scorer } = await setup();
    server.setMode(MODEL, 'garbage');
    const ps = posts(6);
    const r = await scorer.scoreModel(MODEL, ps);
    expect([...r.labels.values()]).toEqual(ps.map(() => null));
    expect(r.unscored).toBe(6);
    expect(r.reason).toBe('6/6 unscored');
  });

  it('returns labels after retrying a 500 with backoff', async () => {
    const { server, scorer, sleeps } = await setup();
    server.setMode(MODEL, 'error500', 1);
    const r = await scorer.scoreModel(MODEL, posts(1));
    expect(r.unscored).toBe(0);
    expect(server.requests).toBe(2);
    expect(sleeps).toEqual([100]);
  });

  it('returns an empty column with a reason when 500s persist, giving up after a few posts', async () => {
    const { server, scorer } = await setup();
    server.setMode(MODEL, 'error500');
    const ps = posts(20);
    const r = await scorer.scoreModel(MODEL, ps);
    expect(r.unscored).toBe(20);
    expect(r.reason).toMatch(/^gave up after 3 failed posts in a row \(last: HTTP 500\)$/);
    expect(server.requests, 'not every post is tried once the model is given up').toBeLessThan(20 * 3);
  });

  it('returns unscored posts when requests hang past the timeout', async () => {
    const { server, scorer } = await setup({ timeoutMs: 150 });
    server.setMode(MODEL, 'hang');
    const r = await scorer.scoreModel(MODEL, posts(2));
    expect(r.unscored).toBe(2);
    expect(r.reason).toMatch(/unscored \(last: timed out\)/);
    expect(server.requests, 'each post tried 1 + 2 retries').toBe(6);
  });

  it('returns an empty column at once when the model is not loaded (404)', async () => {
    const { server, scorer } = await setup();
    const r = await scorer.scoreModel('google/gemma-2-9b', posts(20));
    expect(r.unscored).toBe(20);
    expect(r.reason).toMatch(/^model google\/gemma-2-9b is not available \(404: /);
    expect(server.requests, 'only the in-flight requests').toBeLessThanOrEqual(4);
  });

  it('returns an empty column for LM Studio\'s 400 "No models loaded"', async () => {
    const { server, scorer } = await setup();
    server.setMode(MODEL, 'noModelsLoaded');
    const r = await scorer.scoreModel(MODEL, posts(5));
    expect(r.reason).toMatch(/is not available \(400: .*No models loaded/);
  });

  it('returns a server-down reason when nothing listens', async () => {
    const { server: s, scorer: live } = await setup();
    const url = s.url;
    await s.close();
    server = null;
    expect(await live.probe()).toBe(`LLM server unreachable at ${url}`);
    const r = await live.scoreModel(MODEL, posts(3));
    expect(r).toMatchObject({ serverDown: true, unscored: 3, reason: `LLM server unreachable at ${url}` });
  });

  it('returns cached labels without requests on a second run, from the file', async () => {
    const dir = tempDir();
    const path = join(dir, 'llm_labels.jsonl');
    const first = await setup({ cache: LabelCache.open(path) });
    const ps = posts(8);
    const r1 = await first.scorer.scoreModel(MODEL, ps);
    expect(first.server.requests).toBe(8);
    await first.server.close();
    appendFileSync(path, '{"v":1,"m":"x","id":'); // a torn last line from a crash
    const second = await setup({ cache: LabelCache.open(path) });
    const r2 = await second.scorer.scoreModel(MODEL, ps);
    expect(second.server.requests, 'everything came from the cache').toBe(0);
    expect(r2.fromCache).toBe(8);
    expect(ps.map((p) => r2.labels.get(p.id))).toEqual(ps.map((p) => r1.labels.get(p.id)));
    second.server.models.push('other-model');
    await second.scorer.scoreModel('other-model', ps.slice(0, 1));
    expect(
      readFileSync(path, 'utf8')
        .split('\n')
        .filter((l) => l !== '').length,
      'the torn line is isolated, new lines stay parseable',
    ).toBe(10);
    expect(LabelCache.open(path).size).toBe(9);
  });
});
