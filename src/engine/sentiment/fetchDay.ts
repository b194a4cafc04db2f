import { cleanText, postText } from './clean.js';
import { DAY_MS, dayStartMs } from './days.js';
import { RedditError } from './redditClient.js';
import type { RedditClient } from './redditClient.js';
import type { RedditPost } from './types.js';

/** A fetched post that survived the keyword filter, with its cleaned text. */
export interface KeptPost extends RedditPost {
  readonly text: string;
}

export interface FetchDayConfig {
  readonly client: RedditClient;
  readonly subreddits: readonly string[];
  readonly keywords: readonly string[];
  readonly maxPostsPerSubreddit: number;
  readonly maxPagesPerSubreddit: number;
  readonly onProgress?: (msg: string) => void;
}

export interface FetchDayResult {
  readonly day: string;
  readonly posts: KeptPost[];
  /** Per subreddit: kept count, or the one-line reason it failed. */
  readonly perSubreddit: Readonly<Record<string, { kept: number; seen: number; error: string | null }>>;
  /**
   * True when a subreddit failed for a reason that may pass (network, 5xx, 429, 401): the day
   * must not be recorded, or it would stay incomplete forever. A subreddit that is private or
   * gone (403/404/redirect) is skipped with its reason and does not fail the day.
   */
  readonly failed: boolean;
}

const PERMANENT = new Set([301, 302, 303, 307, 308, 403, 404]);

/** Whole-word, case-insensitive matcher for the configured keywords. */
export function keywordMatcher(keywords: readonly string[]): (text: string) => boolean {
  const words = keywords.map((k) => k.trim().toLowerCase()).filter((k) => k !== '');
  if (words.length === 0) return () => true;
  const escaped = words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const re = new RegExp(`(?<![\\p{L}\\p{N}])(?:${escaped.join('|')})(?![\\p{L}\\p{N}])`, 'iu');
  return (text) => re.test(text);
}

/**
 * The submissions of one UTC day: each subreddit's `/new` listing newest first, paging with
 * `after` until a post is older than the day's start; posts after the day are skipped, the
 * cleaned text must contain a keyword, each subreddit is capped, ids are unique. A subreddit that
 * fails is reported; see `failed` for when the day must be retried.
 */
export async function fetchDay(day: string, cfg: FetchDayConfig): Promise<FetchDayResult> {
  const start = dayStartMs(day) / 1000;
  const end = start + DAY_MS / 1000;
  const matches = keywordMatcher(cfg.keywords);
  const seenIds = new Set<string>();
  const posts: KeptPost[] = [];
  const perSubreddit: Record<string, { kept: number; seen: number; error: string | null }> = {};
  let transient = 0;
  for (const sub of cfg.subreddits) {
    const stat = { kept: 0, seen: 0, error: null as string | null };
    perSubreddit[sub] = stat;
    let after: string | null = null;
    try {
      for (let page = 1; page <= cfg.maxPagesPerSubreddit && stat.kept < cfg.maxPostsPerSubreddit; page++) {
        cfg.onProgress?.(`fetching r/${sub} page ${page}`);
        const listing = await cfg.client.listingNew(sub, after);
        let reachedStart = false;
        for (const p of listing.posts) {
          if (p.createdUtc < start) {
            reachedStart = true;
            continue; // "new" is time-ordered, but a stickied post can be out of order: skip, don't stop here
          }
          if (p.createdUtc >= end || seenIds.has(p.id)) continue;
          stat.seen++;
          const text = cleanText(postText(p.title, p.selftext));
          if (text === null || !matches(text)) continue;
          seenIds.add(p.id);
          posts.push({ ...p, text });
          if (++stat.kept >= cfg.maxPostsPerSubreddit) break;
        }
        if (reachedStart || listing.after === null || listing.posts.length === 0) break;
        after = listing.after;
      }
    } catch (err) {
      stat.error = err instanceof Error ? err.message : String(err);
      if (!(err instanceof RedditError && err.status !== null && PERMANENT.has(err.status))) transient++;
    }
  }
  return { day, posts, perSubreddit, failed: transient > 0 };
}
