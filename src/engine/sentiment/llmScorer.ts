import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError } from 'openai';
import type { LabelCache } from './labelCache.js';
import type { Sleep } from './redditClient.js';
import { realSleep } from './redditClient.js';
import type { Label } from './types.js';

/**
 * One POS/NEU/NEG label per post and model from an OpenAI-compatible server (LM Studio by
 * default). Models are scored one after another (a local server holds one model in memory at a
 * time; interleaving them would make it swap), posts within a model at bounded concurrency.
 * The client's own retries are off: we retry here, with backoff, and tell apart the failures that
 * end a column (model not loaded, server down) from the ones that only leave a post unscored.
 */

export const SYSTEM_PROMPT =
  'You rate the sentiment of Reddit posts about Ethereum and crypto trading. ' +
  'Answer with exactly one word: POS (positive), NEU (neutral) or NEG (negative).';

export interface LlmScorerOptions {
  readonly baseURL: string;
  readonly apiKey: string;
  readonly timeoutMs: number;
  readonly retries: number;
  readonly backoffMs: number;
  readonly concurrency: number;
  readonly maxChars: number;
  readonly maxConsecutiveFailures: number;
  readonly cache: LabelCache;
  readonly sleep?: Sleep;
}

export interface ModelResult {
  readonly model: string;
  /** Label per post id; null = unscored (answer was not a label, or the request failed). */
  readonly labels: ReadonlyMap<string, Label | null>;
  readonly fromCache: number;
  readonly requested: number;
  /** Posts with no label. */
  readonly unscored: number;
  /** Why the column is empty or partial for the day; null when every post got an answer. */
  readonly reason: string | null;
  /** The server stopped answering at all: later models need not be tried. */
  readonly serverDown: boolean;
}

/** Exactly one label, any case, surrounding space and trailing punctuation allowed; else null. */
export function parseLabel(content: string | null | undefined): Label | null {
  if (typeof content !== 'string') return null;
  const s = content
    .trim()
    .replace(/[.!,;:]+$/, '')
    .toUpperCase();
  return s === 'POS' || s === 'NEU' || s === 'NEG' ? s : null;
}

type Failure = { kind: 'retry' | 'post' | 'model' | 'server'; why: string };

function classify(err: unknown, model: string): Failure {
  if (err instanceof APIConnectionTimeoutError) return { kind: 'retry', why: 'timed out' };
  if (err instanceof APIConnectionError) return { kind: 'server', why: 'server unreachable' };
  if (err instanceof APIError) {
    const msg = oneLine(err.message);
    if (
      err.status === 404 ||
      (err.status === 400 &&
        /model/i.test(msg) &&
        /not (found|loaded|exist)|no models? loaded|unknown/i.test(msg))
    ) {
      return { kind: 'model', why: `model ${model} is not available (${err.status}: ${msg})` };
    }
    if (err.status === 429 || (err.status !== undefined && err.status >= 500))
      return { kind: 'retry', why: `HTTP ${err.status}` };
    return { kind: 'post', why: `HTTP ${err.status ?? '?'}: ${msg}` };
  }
  return { kind: 'post', why: err instanceof Error ? oneLine(err.message) : String(err) };
}

function oneLine(s: string): string {
  const line = s.replace(/\s+/g, ' ').trim();
  return line.length > 120 ? `${line.slice(0, 117)}...` : line;
}

export class LlmScorer {
  private readonly client: OpenAI;
  private readonly sleep: Sleep;
  /** Chat-completion requests sent (including retries). */
  requests = 0;

  constructor(private readonly o: LlmScorerOptions) {
    this.client = new OpenAI({ baseURL: o.baseURL, apiKey: o.apiKey, maxRetries: 0, timeout: o.timeoutMs });
    this.sleep = o.sleep ?? realSleep;
  }

  /** null when the server answers; else a one-line reason (nothing listens, or it does not reply). */
  async probe(): Promise<string | null> {
    try {
      await this.client.models.list({ timeout: this.o.timeoutMs });
      return null;
    } catch (err) {
      if (err instanceof APIConnectionTimeoutError)
        return `LLM server at ${this.o.baseURL} did not answer in ${this.o.timeoutMs} ms`;
      if (err instanceof APIConnectionError) return `LLM server unreachable at ${this.o.baseURL}`;
      return null; // it answered, only /models is missing or refused: chat may still work
    }
  }

  async scoreModel(
    model: string,
    posts: readonly { readonly id: string; readonly text: string }[],
    onProgress?: (done: number, total: number) => void,
  ): Promise<ModelResult> {
    const labels = new Map<string, Label | null>();
    const todo: { id: string; text: string }[] = [];
    let fromCache = 0;
    for (const p of posts) {
      const hit = this.o.cache.get(model, p.id);
      if (hit === undefined) todo.push(p);
      else {
        labels.set(p.id, hit);
        fromCache++;
      }
    }
    let done = fromCache;
    let next = 0;
    let consecutive = 0;
    let lastWhy = '';
    let stop: Failure | null = null;
    onProgress?.(done, posts.length);
    const worker = async (): Promise<void> => {
      while (stop === null && next < todo.length) {
        const p = todo[next++] as { id: string; text: string };
        const r = await this.scoreOne(model, p.text);
        if ('label' in r) {
          labels.set(p.id, r.label);
          this.o.cache.set(model, p.id, r.label);
          consecutive = 0;
        } else {
          labels.set(p.id, null);
          lastWhy = r.failure.why;
          if (r.failure.kind === 'model' || r.failure.kind === 'server') stop ??= r.failure;
          else if (++consecutive >= this.o.maxConsecutiveFailures) {
            stop ??= {
              kind: 'post',
              why: `gave up after ${consecutive} failed posts in a row (last: ${lastWhy})`,
            };
          }
        }
        onProgress?.(++done, posts.length);
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(this.o.concurrency, todo.length)) }, worker));
    let unscored = 0;
    for (const p of posts) if ((labels.get(p.id) ?? null) === null) unscored++;
    const failed = stop as Failure | null;
    const reason =
      failed !== null
        ? failed.kind === 'server'
          ? `LLM server unreachable at ${this.o.baseURL}`
          : failed.why
        : unscored > 0
          ? `${unscored}/${posts.length} unscored${lastWhy ? ` (last: ${lastWhy})` : ''}`
          : null;
    return {
      model,
      labels,
      fromCache,
      requested: todo.length,
      unscored,
      reason,
      serverDown: failed?.kind === 'server',
    };
  }

  private async scoreOne(
    model: string,
    text: string,
  ): Promise<{ label: Label | null } | { failure: Failure }> {
    for (let attempt = 0; ; attempt++) {
      try {
        this.requests++;
        const res = await this.client.chat.completions.create({
          model,
          temperature: 0,
          max_tokens: 3,
          messages: [
            { role: 'system', content: SYSTEM_PROMPT },
            { role: 'user', content: text.slice(0, this.o.maxChars) },
          ],
        });
        return { label: parseLabel(res.choices[0]?.message?.content) };
      } catch (err) {
        const failure = classify(err, model);
        if (failure.kind !== 'retry' || attempt >= this.o.retries) return { failure };
        await this.sleep(this.o.backoffMs * 2 ** attempt);
      }
    }
  }
}
