import type { AppConfig } from '../config.js';
import { wallClock } from '../engine/core/clock.js';
import { loadEnv } from '../engine/core/env.js';
import { sentimentConfig } from '../engine/sentiment/config.js';
import { SentimentRunner } from '../engine/sentiment/sentimentRunner.js';
import type { SentimentStatus } from '../engine/sentiment/sentimentRunner.js';
import type { SentimentSeries } from '../engine/sentiment/sentimentSeries.js';
import type { TradingEngine } from '../engine/engine.js';

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

/**
 * The console's `s` key (and --debug at start): rerun yesterday in the background, reload the
 * series the features read, and say what happened. Candles and keys never wait for it.
 * Returns the rerun so --debug can start one at once.
 */
export function wireSentimentRerun(
  engine: TradingEngine,
  runner: SentimentRunner,
  series: SentimentSeries,
): () => void {
  const rerun = (): void => {
    void runner.runYesterday({ force: true }).then((r) => {
      series.reloadIfChanged();
      engine.note(
        r.status === 'failed' ? 'error' : 'info',
        `sentiment ${r.day}: ${r.status}${r.reason ? ` — ${r.reason}` : ''}`,
      );
      engine.touch();
    });
  };
  engine.onCommand((c) => {
    if (c.type === 'rerunSentiment') rerun();
  });
  return rerun;
}
