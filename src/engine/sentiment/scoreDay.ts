import type { LlmScorer } from './llmScorer.js';
import type { StoredPost } from './sentimentFiles.js';
import type { ColumnName, ScoredPost } from './types.js';
import { COLUMNS, LABEL_VALUE, LLM_SLOTS } from './types.js';
import { vaderCompound } from './vader.js';

/** What the UI shows per column: how much got scored and, if not all, why. */
export interface ColumnStatus {
  readonly name: ColumnName;
  /** Model behind s1..s5 (null for vader and for a disabled slot). */
  readonly model: string | null;
  readonly scored: number;
  readonly total: number;
  readonly reason: string | null;
}

export interface ScoreHooks {
  readonly progress: (msg: string) => void;
  /** Give the event loop a turn (VADER is synchronous). */
  readonly yieldNow: () => Promise<void>;
  readonly stopped: () => boolean;
}

export interface ScoredDay {
  readonly posts: ScoredPost[];
  readonly columns: ColumnStatus[];
}

const VADER_BATCH = 250;

/**
 * VADER for every post, then each configured model in turn (s1..s5). A model that cannot be used
 * leaves its column empty with a reason; VADER never depends on the LLM server.
 */
export async function scoreDay(
  posts: readonly StoredPost[],
  models: readonly string[],
  scorer: LlmScorer | null,
  llmDownReason: string | null,
  hooks: ScoreHooks,
): Promise<ScoredDay> {
  const vader = new Array<number>(posts.length);
  for (let i = 0; i < posts.length; i++) {
    vader[i] = vaderCompound((posts[i] as StoredPost).text);
    if ((i + 1) % VADER_BATCH === 0) {
      hooks.progress(`VADER ${i + 1}/${posts.length}`);
      await hooks.yieldNow();
    }
  }
  const columns: ColumnStatus[] = [
    { name: 'vader', model: null, scored: posts.length, total: posts.length, reason: null },
  ];
  const s: (number | null)[][] = posts.map(() => new Array<number | null>(LLM_SLOTS).fill(null));
  let downReason = llmDownReason;
  for (let k = 0; k < LLM_SLOTS; k++) {
    const name = COLUMNS[k + 1] as ColumnName;
    const model = models[k]?.trim() || null;
    if (model === null) {
      columns.push({ name, model: null, scored: 0, total: posts.length, reason: 'no model configured' });
      continue;
    }
    if (posts.length === 0) {
      columns.push({ name, model, scored: 0, total: 0, reason: null });
      continue;
    }
    if (downReason !== null || scorer === null || hooks.stopped()) {
      columns.push({
        name,
        model,
        scored: 0,
        total: posts.length,
        reason: hooks.stopped() ? 'stopped' : (downReason ?? 'no LLM scorer'),
      });
      continue;
    }
    const r = await scorer.scoreModel(model, posts, (done, total) =>
      hooks.progress(`scoring ${done}/${total} with ${name}`),
    );
    let scored = 0;
    posts.forEach((p, i) => {
      const label = r.labels.get(p.id) ?? null;
      if (label === null) return;
      (s[i] as (number | null)[])[k] = LABEL_VALUE[label];
      scored++;
    });
    columns.push({ name, model, scored, total: posts.length, reason: r.reason });
    if (r.serverDown) downReason = r.reason;
  }
  const scoredPosts: ScoredPost[] = posts.map((p, i) => ({
    id: p.id,
    score: p.score,
    numComments: p.numComments,
    vader: vader[i] as number,
    s: s[i] as (number | null)[],
  }));
  return { posts: scoredPosts, columns };
}
