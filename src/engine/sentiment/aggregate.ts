import type { DayRow, ScoredPost } from './types.js';
import { LLM_SLOTS } from './types.js';

/** A post's weight in its day: engagement, dampened (DESIGN.md). */
export function postWeight(score: number, numComments: number): number {
  return Math.log1p(Math.max(score, 0)) + 0.5 * Math.log1p(Math.max(numComments, 0));
}

/**
 * Weighted mean of the non-null values. When every contributing post weighs 0 (all scores ≤ 0
 * and no comments — common for brand-new posts) the plain mean is used instead, so a day with
 * posts never reads as "no data" just because nobody voted yet.
 */
export function weightedMean(values: readonly (number | null)[], weights: readonly number[]): number | null {
  let sw = 0;
  let swx = 0;
  let sum = 0;
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const x = values[i];
    if (x === null || x === undefined || !Number.isFinite(x)) continue;
    const w = weights[i] ?? 0;
    sw += w;
    swx += w * x;
    sum += x;
    n++;
  }
  if (n === 0) return null;
  return sw > 0 ? swx / sw : sum / n;
}

/** Mean of the available columns: the single number trading uses. */
export function combine(vader: number | null, s: readonly (number | null)[]): number | null {
  let sum = 0;
  let n = 0;
  for (const x of [vader, ...s]) {
    if (x === null) continue;
    sum += x;
    n++;
  }
  return n === 0 ? null : sum / n;
}

/** One day's row: weighted mean per column (unscored posts left out of that column only). */
export function aggregateDay(day: string, posts: readonly ScoredPost[]): DayRow {
  const weights = posts.map((p) => postWeight(p.score, p.numComments));
  const vader = weightedMean(
    posts.map((p) => p.vader),
    weights,
  );
  const s: (number | null)[] = [];
  for (let k = 0; k < LLM_SLOTS; k++) {
    s.push(
      weightedMean(
        posts.map((p) => p.s[k] ?? null),
        weights,
      ),
    );
  }
  return { day, vader, s, posts: posts.length, combined: combine(vader, s) };
}
