import type { Env } from '../core/env.js';
import type { Parsed } from '../core/types.js';

/** Defaults from issue 6 / DESIGN.md (the research pipeline's choices). */
export const DEFAULT_SUBREDDITS = [
  'ethereum',
  'ethfinance',
  'ethtrader',
  'CryptoCurrency',
  'defi',
  'ethdev',
] as const;

export const DEFAULT_KEYWORDS = [
  'eth',
  'ethereum',
  'ethusdt',
  'spot',
  'futures',
  'perp',
  'trade',
  'trading',
  'trader',
  'position',
  'long',
  'short',
  'entry',
  'exit',
  'market',
  'order',
  'liquidation',
  'hedge',
  'leverage',
] as const;

export const DEFAULT_MODELS = [
  'meta-llama-3.1-8b-instruct',
  'google/gemma-2-9b',
  'qwen2.5-7b-instruct-1m',
  'mistralai/mistral-7b-instruct-v0.3',
  'nous-hermes-2-mistral-7b-dpo',
] as const;

export const REDDIT_TOKEN_HOST = 'https://www.reddit.com';
export const REDDIT_API_HOST = 'https://oauth.reddit.com';
export const DEFAULT_LLM_URL = 'http://127.0.0.1:1234/v1';

export interface RedditCredentials {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly userAgent: string;
}

export interface SentimentConfig {
  readonly subreddits: readonly string[];
  /** Whole-word, case-insensitive; a post is kept when its cleaned text contains any of them. */
  readonly keywords: readonly string[];
  /** Kept posts per subreddit per day (after the keyword filter). */
  readonly maxPostsPerSubreddit: number;
  /** Listing pages (100 posts each) per subreddit per day; Reddit serves at most ~10. */
  readonly maxPagesPerSubreddit: number;
  /** Token host; `--reddit-url` sets both this and apiUrl. */
  readonly redditTokenUrl: string;
  readonly redditApiUrl: string;
  /** null = not configured: the runner stops with a one-line reason and trading sees 0. */
  readonly reddit: RedditCredentials | null;
  readonly redditTimeoutMs: number;
  readonly llmUrl: string;
  readonly llmApiKey: string;
  /** s1..s5 model names; an empty string disables that column. */
  readonly models: readonly string[];
  readonly llmConcurrency: number;
  readonly llmTimeoutMs: number;
  /** Extra attempts after the first, with exponential backoff. */
  readonly llmRetries: number;
  readonly llmBackoffMs: number;
  /** A model that fails this many posts in a row (after retries) is given up for the day. */
  readonly llmMaxConsecutiveFailures: number;
  readonly llmMaxChars: number;
  /** Where the CSVs, the LLM label cache and the per-day post files live. */
  readonly dataDir: string;
}

export const DEFAULT_SENTIMENT_CONFIG: SentimentConfig = {
  subreddits: DEFAULT_SUBREDDITS,
  keywords: DEFAULT_KEYWORDS,
  maxPostsPerSubreddit: 500,
  maxPagesPerSubreddit: 10,
  redditTokenUrl: REDDIT_TOKEN_HOST,
  redditApiUrl: REDDIT_API_HOST,
  reddit: null,
  redditTimeoutMs: 20_000,
  llmUrl: DEFAULT_LLM_URL,
  llmApiKey: 'lm-studio',
  models: DEFAULT_MODELS,
  llmConcurrency: 4,
  llmTimeoutMs: 30_000,
  llmRetries: 2,
  llmBackoffMs: 500,
  llmMaxConsecutiveFailures: 5,
  llmMaxChars: 256,
  dataDir: 'data/sentiment',
};

/** Reddit credentials from REDDIT_CLIENT_ID / REDDIT_CLIENT_SECRET / REDDIT_USER_AGENT. */
export function redditCredentialsFromEnv(env: Env): Parsed<RedditCredentials> {
  const clientId = env['REDDIT_CLIENT_ID']?.trim() ?? '';
  const clientSecret = env['REDDIT_CLIENT_SECRET']?.trim() ?? '';
  const missing = [clientId ? null : 'REDDIT_CLIENT_ID', clientSecret ? null : 'REDDIT_CLIENT_SECRET'].filter(
    (x): x is string => x !== null,
  );
  if (missing.length > 0)
    return { ok: false, error: `not configured: set ${missing.join(' and ')} (environment or .env)` };
  // Reddit asks for "<platform>:<app id>:<version> (by /u/<user>)"; a generic agent gets throttled.
  const userAgent =
    env['REDDIT_USER_AGENT']?.trim() || 'node:drl-tui-sentiment:0.1.0 (daily r/ethereum sentiment)';
  return { ok: true, value: { clientId, clientSecret, userAgent } };
}

export interface SentimentOverrides extends Partial<Omit<SentimentConfig, 'reddit'>> {
  /** `--reddit-url <base>`: one base for both the token path and the listing paths (tests, proxies). */
  readonly redditUrl?: string | null;
}

/**
 * Build the pipeline config: defaults < overrides, credentials from the environment, and the
 * LLM key from LLM_API_KEY / OPENAI_API_KEY when set (LM Studio ignores it).
 */
export function sentimentConfig(env: Env, overrides: SentimentOverrides = {}): SentimentConfig {
  const { redditUrl, ...rest } = overrides;
  const creds = redditCredentialsFromEnv(env);
  const base = redditUrl ? redditUrl.replace(/\/+$/, '') : null;
  const llmApiKey = env['LLM_API_KEY'] || env['OPENAI_API_KEY'] || DEFAULT_SENTIMENT_CONFIG.llmApiKey;
  return {
    ...DEFAULT_SENTIMENT_CONFIG,
    llmApiKey,
    ...rest,
    ...(base ? { redditTokenUrl: base, redditApiUrl: base } : {}),
    reddit: creds.ok ? creds.value : null,
  };
}

/** Why the Reddit side is off, or null when credentials are present. */
export function redditNotConfiguredReason(env: Env): string | null {
  const creds = redditCredentialsFromEnv(env);
  return creds.ok ? null : creds.error;
}
