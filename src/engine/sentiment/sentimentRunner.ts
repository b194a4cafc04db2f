import { join } from 'node:path';
import type { Clock, ComponentState } from '../core/types.js';
import { aggregateDay } from './aggregate.js';
import type { SentimentConfig } from './config.js';
import { dayNumber, dayOfNumber, parseDay, yesterdayOf } from './days.js';
import { fetchDay } from './fetchDay.js';
import { LabelCache } from './labelCache.js';
import { LlmScorer } from './llmScorer.js';
import type { Sleep } from './redditClient.js';
import { RedditClient } from './redditClient.js';
import type { ColumnStatus } from './scoreDay.js';
import { scoreDay } from './scoreDay.js';
import type { StoredPost } from './sentimentFiles.js';
import {
  LABEL_CACHE_FILE,
  readDaily,
  readPosts,
  writeDaily,
  writeMinutes,
  writePosts,
} from './sentimentFiles.js';
import type { DayRow } from './types.js';
import { LLM_SLOTS } from './types.js';

export type { ColumnStatus } from './scoreDay.js';

/** What the sentiment panel and status bar draw. */
export interface SentimentStatus {
  readonly state: ComponentState;
  /** False when Reddit credentials are missing: the runner can never fetch (state 'stopped'). */
  readonly configured: boolean;
  /** Now: "fetching r/ethereum page 2", "scoring 120/400 with s2"; idle: the last outcome. */
  readonly progress: string;
  /** Day being (or last) processed. */
  readonly day: string | null;
  readonly columns: readonly ColumnStatus[];
  readonly lastError: string | null;
  /** Runs requested and not started yet. */
  readonly queued: number;
}

export interface DayOutcome {
  readonly day: string;
  /** written: new scores on disk; cached: already there, nothing to do; failed: not recorded. */
  readonly status: 'written' | 'cached' | 'failed' | 'stopped';
  readonly row: DayRow | null;
  readonly reason: string | null;
}

export interface SentimentRunnerDeps {
  readonly clock: Clock;
  readonly fetch?: typeof fetch;
  readonly sleep?: Sleep;
  readonly onProgress?: (status: SentimentStatus) => void;
}

const yieldNow = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * fetch → clean → VADER → LLMs → aggregate → files, for one day or a backfill. Runs are queued
 * one at a time; all I/O is async and VADER yields between batches, so the engine keeps trading
 * while a day is scored. "Yesterday" comes from the injected clock.
 */
export class SentimentRunner {
  private st: SentimentStatus;
  private tail: Promise<unknown> = Promise.resolve();
  private waiting = 0;
  private stopRequested = false;
  private cache: LabelCache | null = null;
  private scorer: LlmScorer | null = null;
  private reddit: RedditClient | null = null;

  constructor(
    readonly cfg: SentimentConfig,
    private readonly deps: SentimentRunnerDeps,
  ) {
    this.st = {
      state: cfg.reddit ? 'ready' : 'stopped',
      configured: cfg.reddit !== null,
      progress: cfg.reddit
        ? 'idle'
        : 'not configured: set REDDIT_CLIENT_ID and REDDIT_CLIENT_SECRET (environment or .env)',
      day: null,
      columns: [],
      lastError: null,
      queued: 0,
    };
  }

  get status(): SentimentStatus {
    return this.st;
  }

  /** LLM requests sent by this runner (retries included). */
  get llmRequests(): number {
    return this.scorer?.requests ?? 0;
  }

  get redditRequests(): number {
    return this.reddit?.requests ?? 0;
  }

  /** The day trading uses now: the UTC day before the clock's. */
  yesterday(): string {
    return yesterdayOf(this.deps.clock.now());
  }

  /** The last `n` days up to yesterday that the daily file does not hold, newest first. */
  missingDays(n: number): string[] {
    const rows = readDaily(this.cfg.dataDir);
    const last = dayNumber(this.deps.clock.now()) - 1;
    const out: string[] = [];
    for (let d = last; d > last - n; d--) if (!rows.has(dayOfNumber(d))) out.push(dayOfNumber(d));
    return out;
  }

  runYesterday(opts: { force?: boolean } = {}): Promise<DayOutcome> {
    return this.runDay(this.yesterday(), opts);
  }

  /**
   * Score one day. Not forced: a day already in the file is left alone, except that empty LLM
   * columns are filled from the stored posts (the LLM cache makes that cheap). Forced: posts are
   * fetched again (scores and comment counts move) and the day is re-aggregated; cached labels
   * are still reused.
   */
  runDay(day: string, opts: { force?: boolean } = {}): Promise<DayOutcome> {
    return this.enqueue(async () => {
      const out = await this.dayJob(day, opts.force ?? false);
      if (out.status === 'written')
        await writeMinutes(this.cfg.dataDir, readDaily(this.cfg.dataDir), yieldNow);
      return out;
    });
  }

  /** Fill the missing days (a count up to yesterday, or a list), newest first; stops at the first failed fetch. */
  backfill(days: number | readonly string[]): Promise<DayOutcome[]> {
    return this.enqueue(async () => {
      const list = typeof days === 'number' ? this.missingDays(days) : [...days];
      const outcomes: DayOutcome[] = [];
      for (const [i, day] of list.entries()) {
        if (this.stopRequested) break;
        this.set({ progress: `backfill ${i + 1}/${list.length}: ${day}` });
        const out = await this.dayJob(day, false);
        outcomes.push(out);
        if (out.status === 'failed' || out.status === 'stopped') break;
      }
      if (outcomes.some((o) => o.status === 'written')) {
        this.set({ progress: 'writing the minute file' });
        await writeMinutes(this.cfg.dataDir, readDaily(this.cfg.dataDir), yieldNow);
        this.set({ progress: this.summary(outcomes.at(-1) ?? null) });
      }
      return outcomes;
    });
  }

  /** Finish the current step, then do nothing more (queued runs return "stopped"). */
  stop(): void {
    this.stopRequested = true;
    this.set({ state: 'stopped', progress: 'stopped' });
  }

  private enqueue<T>(job: () => Promise<T>): Promise<T> {
    this.waiting++;
    this.set({});
    const run = this.tail.then(async () => {
      this.waiting--;
      return job();
    });
    this.tail = run.catch(() => undefined);
    return run;
  }

  private set(patch: Partial<SentimentStatus>): void {
    this.st = { ...this.st, ...patch, queued: this.waiting };
    this.deps.onProgress?.(this.st);
  }

  private async dayJob(day: string, force: boolean): Promise<DayOutcome> {
    const n = parseDay(day);
    if (n === null) return this.fail(day, `not a UTC day (YYYY-MM-DD): ${day}`, 'faulted');
    if (n >= dayNumber(this.deps.clock.now()))
      return this.fail(day, `${day} is not over yet (UTC); only past days are scored`, this.st.state);
    if (this.stopRequested) return { day, status: 'stopped', row: null, reason: 'stopped' };
    const dir = this.cfg.dataDir;
    const existing = readDaily(dir).get(day);
    let posts: StoredPost[] | null = null;
    if (existing && !force) {
      if (this.complete(existing)) {
        this.set({ day, progress: `${day} already scored` });
        return { day, status: 'cached', row: existing, reason: null };
      }
      posts = readPosts(dir, day);
      if (posts === null)
        return { day, status: 'cached', row: existing, reason: 'posts not stored; use force to refetch' };
    }
    this.set({ state: 'running', day, progress: `starting ${day}`, lastError: null });
    try {
      if (posts === null) {
        const fetched = await this.fetch(day);
        if (typeof fetched === 'string')
          return this.fail(day, fetched, this.cfg.reddit ? 'faulted' : 'stopped');
        posts = fetched;
        writePosts(dir, day, posts);
      }
      let down: string | null = null;
      const scorer = this.llm();
      if (posts.length > 0 && this.cfg.models.some((m) => m.trim() !== '')) {
        this.set({ progress: 'checking the LLM server' });
        down = await scorer.probe();
      }
      const scored = await scoreDay(posts, this.cfg.models, scorer, down, {
        progress: (msg) => this.set({ progress: msg }),
        yieldNow,
        stopped: () => this.stopRequested,
      });
      const row = aggregateDay(day, scored.posts);
      const rows = readDaily(dir);
      rows.set(day, row);
      writeDaily(dir, rows);
      const reasons = scored.columns.filter((c) => c.reason !== null && c.model !== null);
      this.set({
        state: this.stopRequested ? 'stopped' : reasons.length > 0 ? 'degraded' : 'ready',
        columns: scored.columns,
        progress: `${day}: ${posts.length} posts${reasons.length > 0 ? `; ${reasons.map((c) => `${c.name}: ${c.reason}`).join('; ')}` : ''}`,
      });
      return {
        day,
        status: 'written',
        row,
        reason: reasons.length > 0 ? (reasons[0] as ColumnStatus).reason : null,
      };
    } catch (err) {
      return this.fail(
        day,
        err instanceof Error ? (err.message.split('\n')[0] ?? 'error') : String(err),
        'faulted',
      );
    }
  }

  private async fetch(day: string): Promise<StoredPost[] | string> {
    const creds = this.cfg.reddit;
    if (!creds) return 'not configured: set REDDIT_CLIENT_ID and REDDIT_CLIENT_SECRET (environment or .env)';
    this.reddit ??= new RedditClient({
      tokenUrl: this.cfg.redditTokenUrl,
      apiUrl: this.cfg.redditApiUrl,
      credentials: creds,
      clock: this.deps.clock,
      timeoutMs: this.cfg.redditTimeoutMs,
      ...(this.deps.fetch ? { fetch: this.deps.fetch } : {}),
      ...(this.deps.sleep ? { sleep: this.deps.sleep } : {}),
    });
    const res = await fetchDay(day, {
      client: this.reddit,
      subreddits: this.cfg.subreddits,
      keywords: this.cfg.keywords,
      maxPostsPerSubreddit: this.cfg.maxPostsPerSubreddit,
      maxPagesPerSubreddit: this.cfg.maxPagesPerSubreddit,
      onProgress: (msg) => this.set({ progress: msg }),
    });
    if (res.failed) {
      const errs = Object.entries(res.perSubreddit).filter(([, s]) => s.error !== null);
      return errs.map(([, s]) => s.error).join('; ');
    }
    return res.posts;
  }

  private llm(): LlmScorer {
    this.cache ??= LabelCache.open(join(this.cfg.dataDir, LABEL_CACHE_FILE));
    this.scorer ??= new LlmScorer({
      baseURL: this.cfg.llmUrl,
      apiKey: this.cfg.llmApiKey,
      timeoutMs: this.cfg.llmTimeoutMs,
      retries: this.cfg.llmRetries,
      backoffMs: this.cfg.llmBackoffMs,
      concurrency: this.cfg.llmConcurrency,
      maxChars: this.cfg.llmMaxChars,
      maxConsecutiveFailures: this.cfg.llmMaxConsecutiveFailures,
      cache: this.cache,
      ...(this.deps.sleep ? { sleep: this.deps.sleep } : {}),
    });
    return this.scorer;
  }

  /** A day needs no more work when it had no posts or every configured model column has a value. */
  private complete(row: DayRow): boolean {
    if (row.posts === 0) return true;
    for (let k = 0; k < LLM_SLOTS; k++)
      if ((this.cfg.models[k]?.trim() ?? '') !== '' && row.s[k] === null) return false;
    return true;
  }

  private fail(day: string, reason: string, state: ComponentState): DayOutcome {
    this.set({ state, day, progress: `${day}: ${reason}`, lastError: reason });
    return { day, status: 'failed', row: null, reason };
  }

  private summary(o: DayOutcome | null): string {
    return o === null ? 'idle' : `${o.day}: ${o.status}${o.reason ? ` (${o.reason})` : ''}`;
  }
}
