import { statSync } from 'node:fs';
import { dayNumber, dayOfNumber } from './days.js';
import { dailyPath, readDaily } from './sentimentFiles.js';
import type { DayRow } from './types.js';

/** The scores a minute may use: those of the UTC day before it (T+1). */
export interface SentimentDay {
  readonly day: string;
  readonly vader: number | null;
  readonly s: readonly (number | null)[];
  /** Mean of the available columns; 0 when none is available. */
  readonly combined: number;
  readonly posts: number;
}

/**
 * The sentiment feature, read from the daily file. Every minute of day D gets day D−1's combined
 * score — the same rule in training, backtest and live, so no minute sees its own day's posts.
 * A missing day reads as 0 (neutral) and `dayFor` returns null so the UI can say "pending".
 * `valueAt` is O(1): a lookup by day number, cached for the day of the last call.
 */
export class SentimentSeries {
  private byDayNumber = new Map<number, SentimentDay>();
  private cachedDay = Number.NaN;
  private cachedValue = 0;
  private cachedRow: SentimentDay | null = null;
  private stamp = '';

  private constructor(readonly dir: string | null) {}

  /** Load `<dir>/sentiment_daily_vader_s1_s5.csv`; a missing file gives an empty series (all 0). */
  static load(dir: string): SentimentSeries {
    const s = new SentimentSeries(dir);
    s.reload();
    return s;
  }

  /** A series from rows in memory (tests, replays of a recorded table). */
  static fromRows(rows: Iterable<DayRow>): SentimentSeries {
    const s = new SentimentSeries(null);
    s.setRows(rows);
    return s;
  }

  get days(): number {
    return this.byDayNumber.size;
  }

  /** Combined score of the previous UTC day, 0 if that day is missing. */
  valueAt(openTimeMs: number): number {
    const d = Math.floor(openTimeMs / 86_400_000);
    if (d !== this.cachedDay) this.select(d);
    return this.cachedValue;
  }

  /** The previous UTC day's scores, or null when that day has not landed (yet). */
  dayFor(openTimeMs: number): SentimentDay | null {
    const d = dayNumber(openTimeMs);
    if (d !== this.cachedDay) this.select(d);
    return this.cachedRow;
  }

  /** The most recent scored day (what a rerun just wrote), whatever bar is being traded. */
  latest(): SentimentDay | null {
    let best: number | null = null;
    for (const n of this.byDayNumber.keys()) if (best === null || n > best) best = n;
    return best === null ? null : this.byDayNumber.get(best)!;
  }

  /** Re-read the file when it was replaced or changed (a new day landed). True when it reloaded. */
  reloadIfChanged(): boolean {
    if (this.dir === null) return false;
    if (fileStamp(this.dir) === this.stamp) return false;
    this.reload();
    return true;
  }

  private reload(): void {
    if (this.dir === null) return;
    this.stamp = fileStamp(this.dir);
    this.setRows(readDaily(this.dir).values());
  }

  private setRows(rows: Iterable<DayRow>): void {
    const map = new Map<number, SentimentDay>();
    for (const r of rows) {
      const n = dayNumber(Date.parse(`${r.day}T00:00:00Z`));
      if (!Number.isFinite(n) || dayOfNumber(n) !== r.day) continue;
      map.set(n, { day: r.day, vader: r.vader, s: r.s, combined: r.combined ?? 0, posts: r.posts });
    }
    this.byDayNumber = map;
    this.cachedDay = Number.NaN;
  }

  private select(d: number): void {
    const row = this.byDayNumber.get(d - 1) ?? null;
    this.cachedDay = d;
    this.cachedRow = row;
    this.cachedValue = row ? row.combined : 0;
  }
}

function fileStamp(dir: string): string {
  try {
    const st = statSync(dailyPath(dir));
    return `${st.ino}:${st.size}:${st.mtimeMs}`;
  } catch {
    return 'missing';
  }
}
