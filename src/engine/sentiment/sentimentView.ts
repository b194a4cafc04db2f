import type { SentimentView } from '../core/snapshot.js';
import type { SentimentStatus } from './sentimentRunner.js';
import type { SentimentSeries } from './sentimentSeries.js';
import { LLM_SLOTS } from './types.js';

const NO_SCORES: readonly (number | null)[] = Array.from({ length: LLM_SLOTS }, () => null);

/**
 * The snapshot's sentiment panel for the bar at `openTimeMs`: the scores trading uses (day D−1)
 * and the runner's state. "pending" = that day has not landed yet (trading sees 0 meanwhile).
 */
export function sentimentView(
  status: SentimentStatus,
  series: SentimentSeries,
  openTimeMs: number,
): SentimentView {
  const d = series.dayFor(openTimeMs);
  const state: SentimentView['state'] = !status.configured
    ? 'not configured'
    : d === null && (status.state === 'running' || status.state === 'ready')
      ? 'pending'
      : status.state;
  if (d === null) {
    // Nothing for this bar's day (a replay of old candles, or yesterday not landed yet): show the
    // newest scored day so a rerun's result is visible, and say that trading uses 0.
    const latest = series.latest();
    if (latest !== null && status.state !== 'running') {
      return {
        state,
        day: latest.day,
        vader: latest.vader,
        s: [...latest.s],
        combined: latest.combined,
        progress: `latest scored day shown; this bar's previous day has no scores, so the feature is 0`,
      };
    }
  }
  return {
    state,
    day: d?.day ?? null,
    vader: d?.vader ?? null,
    s: d ? [...d.s] : NO_SCORES,
    combined: d?.combined ?? 0,
    progress: status.progress,
  };
}
