import type { Clock } from '../core/types.js';
import type { RedditCredentials } from './config.js';
import type { RedditPost } from './types.js';

/**
 * A small client for Reddit's OAuth API on Node's global fetch (application-only OAuth, read-only
 * listings). snoowrap is unmaintained, pulls in the deprecated `request` and hard-codes Reddit's
 * hosts, so it could not be pointed at a loopback server in tests; this is all we need of it.
 */

export type Sleep = (ms: number) => Promise<void>;
export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export interface RedditClientOptions {
  /** Base of `/api/v1/access_token` (https://www.reddit.com). */
  readonly tokenUrl: string;
  /** Base of `/r/<sub>/new` (https://oauth.reddit.com). */
  readonly apiUrl: string;
  readonly credentials: RedditCredentials;
  readonly clock: Clock;
  readonly fetch?: typeof fetch;
  readonly sleep?: Sleep;
  readonly timeoutMs?: number;
  /** 429s and 5xx/network failures retried per request before giving up. */
  readonly maxRetries?: number;
  /** Never sleep longer than this for one rate-limit wait (a bogus reset header must not hang us). */
  readonly maxWaitMs?: number;
}

export interface ListingPage {
  readonly posts: RedditPost[];
  readonly after: string | null;
  /** Children that were not well-formed submissions. */
  readonly skipped: number;
}

/** A failure with a one-line, secret-free message. */
export class RedditError extends Error {
  constructor(
    message: string,
    readonly status: number | null = null,
  ) {
    super(message);
    this.name = 'RedditError';
  }
}

interface Token {
  readonly value: string;
  readonly expiresAt: number;
}

export class RedditClient {
  private token: Token | null = null;
  private remaining = Infinity;
  private resetAt = 0;
  private readonly fetchFn: typeof fetch;
  private readonly sleep: Sleep;
  /** HTTP requests sent (token + listings), for tests and the status line. */
  requests = 0;

  constructor(private readonly o: RedditClientOptions) {
    this.fetchFn = o.fetch ?? globalThis.fetch;
    this.sleep = o.sleep ?? realSleep;
  }

  /** One page of `/r/<sub>/new`, newest first. */
  async listingNew(subreddit: string, after: string | null): Promise<ListingPage> {
    const qs = new URLSearchParams({ limit: '100', raw_json: '1' });
    if (after) qs.set('after', after);
    const url = `${this.o.apiUrl}/r/${encodeURIComponent(subreddit)}/new?${qs.toString()}`;
    let refreshed = false;
    for (;;) {
      const token = await this.accessToken();
      const res = await this.send(
        url,
        { method: 'GET', headers: this.headers({ Authorization: `bearer ${token}` }) },
        `r/${subreddit}`,
      );
      if (res.status === 401) {
        this.token = null;
        if (refreshed)
          throw new RedditError(`r/${subreddit}: 401 unauthorized even after a token refresh`, 401);
        refreshed = true;
        continue;
      }
      if (res.status >= 300 && res.status < 400) {
        throw new RedditError(
          `r/${subreddit}: redirected (${res.status}); the subreddit may not exist`,
          res.status,
        );
      }
      if (res.status === 403)
        throw new RedditError(`r/${subreddit}: 403 forbidden (private, banned or quarantined)`, 403);
      if (res.status === 404) throw new RedditError(`r/${subreddit}: 404 not found`, 404);
      if (!res.ok) throw new RedditError(`r/${subreddit}: HTTP ${res.status}`, res.status);
      return parseListing(await readJson(res, `r/${subreddit}`), subreddit);
    }
  }

  private async accessToken(): Promise<string> {
    const now = this.o.clock.now();
    if (this.token && now < this.token.expiresAt) return this.token.value;
    const { clientId, clientSecret } = this.o.credentials;
    const basic = Buffer.from(`${clientId}:${clientSecret}`).toString('base64');
    const res = await this.send(
      `${this.o.tokenUrl}/api/v1/access_token`,
      {
        method: 'POST',
        headers: this.headers({
          Authorization: `Basic ${basic}`,
          'Content-Type': 'application/x-www-form-urlencoded',
        }),
        body: 'grant_type=client_credentials',
      },
      'reddit token',
    );
    if (res.status === 401 || res.status === 403) {
      throw new RedditError(
        `reddit token: ${res.status} — check REDDIT_CLIENT_ID / REDDIT_CLIENT_SECRET`,
        res.status,
      );
    }
    if (!res.ok) throw new RedditError(`reddit token: HTTP ${res.status}`, res.status);
    const body = await readJson(res, 'reddit token');
    const value = isRecord(body) && typeof body['access_token'] === 'string' ? body['access_token'] : null;
    if (!value) {
      const why = isRecord(body) && typeof body['error'] === 'string' ? body['error'] : 'no access_token';
      throw new RedditError(`reddit token: ${why}`);
    }
    const expiresIn = isRecord(body) && typeof body['expires_in'] === 'number' ? body['expires_in'] : 3600;
    // Renew a minute early so a token never expires between our check and Reddit's.
    this.token = { value, expiresAt: now + Math.max(0, expiresIn - 60) * 1000 };
    return value;
  }

  private headers(extra: Record<string, string>): Record<string, string> {
    return { 'User-Agent': this.o.credentials.userAgent, Accept: 'application/json', ...extra };
  }

  /** One request with the rate-limit wait before it, a timeout, and retries on 429/5xx/network errors. */
  private async send(url: string, init: RequestInit, what: string): Promise<Response> {
    const maxRetries = this.o.maxRetries ?? 3;
    for (let attempt = 0; ; attempt++) {
      await this.waitForBudget();
      let res: Response;
      try {
        this.requests++;
        res = await this.fetchFn(url, {
          ...init,
          redirect: 'manual',
          signal: AbortSignal.timeout(this.o.timeoutMs ?? 20_000),
        });
      } catch (err) {
        if (attempt >= maxRetries) throw new RedditError(`${what}: ${networkReason(err)}`);
        await this.sleep(backoffMs(attempt));
        continue;
      }
      this.noteRateLimit(res.headers);
      if (res.status === 429 || res.status >= 500) {
        await res.body?.cancel();
        if (attempt >= maxRetries)
          throw new RedditError(`${what}: HTTP ${res.status} after ${attempt + 1} attempts`, res.status);
        const retryAfter = Number(res.headers.get('retry-after'));
        const wait = Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : backoffMs(attempt);
        await this.sleep(Math.min(wait, this.o.maxWaitMs ?? 600_000));
        continue;
      }
      return res;
    }
  }

  private noteRateLimit(h: Headers): void {
    const remaining = h.get('x-ratelimit-remaining');
    const reset = h.get('x-ratelimit-reset');
    if (remaining === null || reset === null) return;
    const r = Number(remaining);
    const s = Number(reset);
    if (!Number.isFinite(r) || !Number.isFinite(s)) return;
    this.remaining = r;
    this.resetAt = this.o.clock.now() + s * 1000;
  }

  private async waitForBudget(): Promise<void> {
    if (this.remaining >= 1) return;
    const wait = Math.min(Math.max(0, this.resetAt - this.o.clock.now()), this.o.maxWaitMs ?? 600_000);
    // The reset header is relative, so after waiting it out the budget is whole again.
    this.remaining = Infinity;
    await this.sleep(wait);
  }
}

function backoffMs(attempt: number): number {
  return 1000 * 2 ** attempt;
}

function networkReason(err: unknown): string {
  if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError'))
    return 'request timed out';
  const cause = err instanceof Error && err.cause instanceof Error ? err.cause.message : null;
  return `network error${cause ? ` (${cause})` : err instanceof Error ? ` (${err.message})` : ''}`;
}

async function readJson(res: Response, what: string): Promise<unknown> {
  try {
    return (await res.json()) as unknown;
  } catch {
    throw new RedditError(`${what}: response is not JSON`, res.status);
  }
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function num(x: unknown): number {
  return typeof x === 'number' && Number.isFinite(x) ? x : 0;
}

/** Reddit's Listing JSON → posts; children that are not t3 submissions with an id and a time are skipped. */
export function parseListing(body: unknown, subreddit: string): ListingPage {
  if (!isRecord(body) || body['kind'] !== 'Listing' || !isRecord(body['data'])) {
    throw new RedditError(`r/${subreddit}: response is not a Listing`);
  }
  const data = body['data'];
  const children = Array.isArray(data['children']) ? data['children'] : [];
  const posts: RedditPost[] = [];
  let skipped = 0;
  for (const child of children) {
    const d = isRecord(child) && child['kind'] === 't3' && isRecord(child['data']) ? child['data'] : null;
    if (!d || typeof d['id'] !== 'string' || typeof d['created_utc'] !== 'number') {
      skipped++;
      continue;
    }
    posts.push({
      id: d['id'],
      subreddit: typeof d['subreddit'] === 'string' ? d['subreddit'] : subreddit,
      title: typeof d['title'] === 'string' ? d['title'] : '',
      selftext: typeof d['selftext'] === 'string' ? d['selftext'] : '',
      createdUtc: d['created_utc'],
      score: num(d['score']),
      numComments: num(d['num_comments']),
    });
  }
  const after = typeof data['after'] === 'string' && data['after'] !== '' ? data['after'] : null;
  return { posts, after, skipped };
}
