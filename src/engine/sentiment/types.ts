/** Shared shapes of the sentiment pipeline (fetch → clean → score → aggregate → files). */

/** One Reddit submission, as the pipeline needs it (a subset of Reddit's `t3` data). */
export interface RedditPost {
  readonly id: string;
  readonly subreddit: string;
  readonly title: string;
  readonly selftext: string;
  /** Epoch seconds (UTC), as Reddit sends it. */
  readonly createdUtc: number;
  readonly score: number;
  readonly numComments: number;
}

/** LLM answer: POS/NEU/NEG → +1/0/−1. Anything else is not a label (the post is "unscored"). */
export type Label = 'POS' | 'NEU' | 'NEG';

export const LABEL_VALUE: Readonly<Record<Label, number>> = { POS: 1, NEU: 0, NEG: -1 };

/** The six score columns, in file order. */
export const COLUMNS = ['vader', 's1', 's2', 's3', 's4', 's5'] as const;
export type ColumnName = (typeof COLUMNS)[number];
export const LLM_SLOTS = 5;

/** A post after cleaning and scoring: what aggregation reads. `s[i]` null = unscored by model i. */
export interface ScoredPost {
  readonly id: string;
  readonly score: number;
  readonly numComments: number;
  readonly vader: number;
  readonly s: readonly (number | null)[];
}

/** One line of the daily file. Score columns are null when there is nothing to average. */
export interface DayRow {
  readonly day: string; // YYYY-MM-DD (UTC)
  readonly vader: number | null;
  readonly s: readonly (number | null)[]; // length 5
  readonly posts: number;
  /** Mean of the non-null columns (vader, s1..s5); null when all are null. */
  readonly combined: number | null;
}
