import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RedditPost } from '../../src/engine/sentiment/types.js';

/**
 * A Reddit-compatible server on 127.0.0.1 for tests: the application-only OAuth token endpoint
 * (checks HTTP Basic client id/secret and the grant type) and `/r/<sub>/new` Listing JSON with
 * `after` paging, newest first, serving real posts. Faults: one-shot or permanent status codes
 * per endpoint (401, 429 with Retry-After, 500), token revocation, rate-limit headers.
 */

/** RFC 4180 CSV: quoted fields with commas, doubled quotes and newlines. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else if (c !== '\r') field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/**
 * The Pushshift CSV (title,selftext,subreddit,created_utc,num_comments,score,…) as posts. It has
 * no id column: the id is a hash of created_utc and title (stable across runs), with a suffix for
 * the few exact double posts so every id is unique, as on Reddit.
 */
export function loadRedditCsv(path: string): RedditPost[] {
  const [header, ...rows] = parseCsv(readFileSync(path, 'utf8'));
  if (!header) return [];
  const col = (name: string): number => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`${path}: no ${name} column`);
    return i;
  };
  const [ti, si, sri, ci, ni, sci] = [
    'title',
    'selftext',
    'subreddit',
    'created_utc',
    'num_comments',
    'score',
  ].map(col) as number[];
  const seen = new Map<string, number>();
  return rows
    .filter((r) => r.length === header.length)
    .map((r) => {
      const createdUtc = Number(r[ci as number]);
      const title = r[ti as number] ?? '';
      const base = BigInt(
        `0x${createHash('sha1').update(`${createdUtc}\n${title}`).digest('hex').slice(0, 12)}`,
      ).toString(36);
      const n = (seen.get(base) ?? 0) + 1;
      seen.set(base, n);
      return {
        id: n === 1 ? base : `${base}${n}`,
        subreddit: r[sri as number] || 'ethereum',
        title,
        selftext: r[si as number] ?? '',
        createdUtc,
        score: Number(r[sci as number]) || 0,
        numComments: Number(r[ni as number]) || 0,
      };
    });
}

export interface Fault {
  readonly status: number;
  readonly retryAfter?: number;
  /** How many requests get it; Infinity = until cleared. */
  times: number;
}

export interface RedditServer {
  /** Base URL for both token and listing paths (what `--reddit-url` takes). */
  readonly url: string;
  readonly clientId: string;
  readonly clientSecret: string;
  tokenRequests: number;
  listingRequests: number;
  /** Paths with query, in arrival order. */
  readonly log: string[];
  /** User-Agent headers seen. */
  readonly userAgents: string[];
  fail(endpoint: 'token' | 'listing', status: number, opts?: { times?: number; retryAfter?: number }): void;
  clearFaults(): void;
  /** Invalidate every token issued so far: the next listing call gets 401. */
  revokeTokens(): void;
  /** Sent on listing responses: x-ratelimit-remaining / x-ratelimit-reset. */
  rateLimit: { remaining: number; reset: number } | null;
  close(): Promise<void>;
}

export interface RedditServerOptions {
  /** Posts by subreddit name (case-insensitive). Subreddits not listed answer 404. */
  readonly posts: Readonly<Record<string, readonly RedditPost[]>>;
  readonly clientId?: string;
  readonly clientSecret?: string;
  readonly expiresIn?: number;
}

export async function startRedditServer(opts: RedditServerOptions): Promise<RedditServer> {
  const clientId = opts.clientId ?? 'test-client-id';
  const clientSecret = opts.clientSecret ?? 'test-client-secret';
  const bySub = new Map<string, RedditPost[]>();
  for (const [sub, posts] of Object.entries(opts.posts)) {
    bySub.set(
      sub.toLowerCase(),
      [...posts].sort((a, b) => b.createdUtc - a.createdUtc || (a.id < b.id ? -1 : 1)),
    );
  }
  const faults: Record<'token' | 'listing', Fault[]> = { token: [], listing: [] };
  const valid = new Set<string>();
  let issued = 0;

  const takeFault = (endpoint: 'token' | 'listing'): Fault | null => {
    const f = faults[endpoint][0];
    if (!f) return null;
    if (--f.times <= 0) faults[endpoint].shift();
    return f;
  };

  const json = (
    res: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ): void => {
    res.writeHead(status, { 'Content-Type': 'application/json; charset=UTF-8', ...headers });
    res.end(JSON.stringify(body));
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    server.log.push(url.pathname + url.search);
    server.userAgents.push(String(req.headers['user-agent'] ?? ''));
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');

    if (req.method === 'POST' && url.pathname === '/api/v1/access_token') {
      server.tokenRequests++;
      const fault = takeFault('token');
      if (fault)
        return json(
          res,
          fault.status,
          { message: 'fault', error: fault.status },
          fault.retryAfter ? { 'Retry-After': String(fault.retryAfter) } : {},
        );
      const expected = `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`;
      if (req.headers.authorization !== expected)
        return json(res, 401, { message: 'Unauthorized', error: 401 });
      if (new URLSearchParams(body).get('grant_type') !== 'client_credentials')
        return json(res, 200, { error: 'unsupported_grant_type' });
      const token = `tok-${++issued}`;
      valid.add(token);
      return json(res, 200, {
        access_token: token,
        token_type: 'bearer',
        expires_in: opts.expiresIn ?? 86400,
        scope: '*',
      });
    }

    const m = /^\/r\/([^/]+)\/new(?:\.json)?$/.exec(url.pathname);
    if (req.method === 'GET' && m) {
      server.listingRequests++;
      const rl: Record<string, string> = server.rateLimit
        ? {
            'x-ratelimit-remaining': String(server.rateLimit.remaining),
            'x-ratelimit-reset': String(server.rateLimit.reset),
            'x-ratelimit-used': '1',
          }
        : {};
      const fault = takeFault('listing');
      if (fault)
        return json(
          res,
          fault.status,
          { message: 'fault', error: fault.status },
          { ...rl, ...(fault.retryAfter ? { 'Retry-After': String(fault.retryAfter) } : {}) },
        );
      const token = /^bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
      if (!token || !valid.has(token)) return json(res, 401, { message: 'Unauthorized', error: 401 }, rl);
      const posts = bySub.get(decodeURIComponent(m[1] as string).toLowerCase());
      if (!posts) return json(res, 404, { message: 'Not Found', error: 404 }, rl);
      const limit = Math.min(100, Math.max(1, Number(url.searchParams.get('limit')) || 25));
      const after = url.searchParams.get('after');
      let start = 0;
      if (after) {
        const i = posts.findIndex((p) => `t3_${p.id}` === after);
        start = i < 0 ? posts.length : i + 1;
      }
      const page = posts.slice(start, start + limit);
      const last = page.at(-1);
      const children = page.map((p) => ({
        kind: 't3',
        data: {
          id: p.id,
          name: `t3_${p.id}`,
          title: p.title,
          selftext: p.selftext,
          created_utc: p.createdUtc,
          score: p.score,
          num_comments: p.numComments,
          subreddit: p.subreddit,
        },
      }));
      const hasMore = start + limit < posts.length;
      return json(
        res,
        200,
        {
          kind: 'Listing',
          data: {
            after: hasMore && last ? `t3_${last.id}` : null,
            dist: children.length,
            children,
            before: null,
          },
        },
        rl,
      );
    }
    json(res, 404, { message: 'Not Found', error: 404 });
  };

  const http = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => json(res, 500, { message: String(err) }));
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const port = (http.address() as AddressInfo).port;

  const server: RedditServer = {
    url: `http://127.0.0.1:${port}`,
    clientId,
    clientSecret,
    tokenRequests: 0,
    listingRequests: 0,
    log: [],
    userAgents: [],
    rateLimit: null,
    fail(endpoint, status, o = {}) {
      faults[endpoint].push({
        status,
        times: o.times ?? 1,
        ...(o.retryAfter !== undefined ? { retryAfter: o.retryAfter } : {}),
      });
    },
    clearFaults() {
      faults.token.length = 0;
      faults.listing.length = 0;
    },
    revokeTokens() {
      valid.clear();
    },
    close: () =>
      new Promise<void>((resolve) => {
        http.closeAllConnections();
        http.close(() => resolve());
      }),
  };
  return server;
}
