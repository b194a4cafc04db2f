import type { AppConfig } from '../config.js';
import { wallClock } from '../engine/core/clock.js';
import { loadEnv } from '../engine/core/env.js';
import { sentimentConfig } from '../engine/sentiment/config.js';
import { SentimentRunner } from '../engine/sentiment/sentimentRunner.js';
import type { SentimentStatus } from '../engine/sentiment/sentimentRunner.js';

/** One sentiment runner from the app config + environment/.env (credentials never pass through flags). */
export function createSentimentRunner(
  cfg: AppConfig,
  onProgress?: (s: SentimentStatus) => void,
): SentimentRunner {
  const sc = sentimentConfig(loadEnv(), {
    ...(cfg.redditUrl ? { redditUrl: cfg.redditUrl } : {}),
    llmUrl: cfg.llmUrl,
    dataDir: cfg.sentimentDir,
  });
  return new SentimentRunner(sc, { clock: wallClock, ...(onProgress ? { onProgress } : {}) });
}
