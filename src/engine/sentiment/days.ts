/** UTC calendar-day helpers. A "day" is the string YYYY-MM-DD; day numbers count from 1970-01-01. */

export const DAY_MS = 86_400_000;

const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Day number (days since 1970-01-01 UTC) of an epoch-ms time. */
export function dayNumber(ms: number): number {
  return Math.floor(ms / DAY_MS);
}

export function dayOfNumber(n: number): string {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

export function dayOfMs(ms: number): string {
  return dayOfNumber(dayNumber(ms));
}

/** Parse a YYYY-MM-DD string into its day number, or null when it is not a real calendar day. */
export function parseDay(day: string): number | null {
  const m = DAY_RE.exec(day);
  if (!m) return null;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (dayOfMs(ms) !== day) return null; // rejects 2021-02-30
  return dayNumber(ms);
}

export function dayStartMs(day: string): number {
  const n = parseDay(day);
  if (n === null) throw new Error(`not a UTC day (YYYY-MM-DD): ${JSON.stringify(day)}`);
  return n * DAY_MS;
}

export function addDays(day: string, k: number): string {
  return dayOfMs(dayStartMs(day) + k * DAY_MS);
}

/** The UTC day before the one containing `nowMs`: the day whose scores trading may use (T+1). */
export function yesterdayOf(nowMs: number): string {
  return dayOfNumber(dayNumber(nowMs) - 1);
}
