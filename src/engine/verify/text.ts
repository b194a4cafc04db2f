/** Text helpers for values read from a journal: any JSON can be there, and printing must not throw. */

/** ISO time for a plausible epoch-ms number, else the value as written. */
export function isoTime(t: unknown): string {
  if (typeof t !== 'number') return '?';
  const d = new Date(t);
  return Number.isNaN(d.getTime()) ? `${t} ms` : d.toISOString();
}

/** A string as is, anything else as JSON (an object with a bad toString must not throw). */
export function label(v: unknown): string {
  if (typeof v === 'string') return v;
  try {
    return JSON.stringify(v) ?? typeof v;
  } catch {
    return typeof v;
  }
}
