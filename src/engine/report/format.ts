/**
 * Small, locale-free number and time formatting for plain-text reports: the same run must print the
 * same bytes on every machine, so no toLocaleString (its output depends on the ICU build and locale).
 */

export const NA = 'n/a';

/** 1234567.891 -> "1,234,567.89". */
export function money(x: number | null, digits = 2): string {
  if (x === null || !Number.isFinite(x)) return NA;
  const s = Math.abs(x).toFixed(digits);
  const [int = '0', frac] = s.split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${x < 0 && Number(s) !== 0 ? '-' : ''}${grouped}${frac !== undefined ? `.${frac}` : ''}`;
}

/**
 * Signed percent: 12.345 -> "+12.35 %". The input is already in percent. Under 1 % two more digits
 * are shown, so a small loss after fees does not print as "-0.00 %".
 */
export function pct(x: number | null, digits = 2): string {
  if (x === null || !Number.isFinite(x)) return NA;
  if (Math.abs(x) >= 1e6) return `${x > 0 ? '+' : ''}${x.toExponential(2)} %`;
  const s = x.toFixed(Math.abs(x) < 1 ? digits + 2 : digits);
  return `${x > 0 && Number(s) !== 0 ? '+' : ''}${s} %`;
}

/** Unsigned percent for rates (win rate, exposure): 55.5 -> "55.50 %". */
export function rate(x: number | null, digits = 2): string {
  return x === null || !Number.isFinite(x) ? NA : `${x.toFixed(digits)} %`;
}

/** Fixed decimals; past a million (an annualised ratio of a short run) scientific, to stay readable. */
export function fixed(x: number | null, digits = 2): string {
  if (x === null || !Number.isFinite(x)) return NA;
  return Math.abs(x) >= 1e6 ? x.toExponential(2) : x.toFixed(digits);
}

/** Integer count with thousands separators. */
export function count(n: number): string {
  return money(n, 0);
}

/** 93784000 -> "1d 02h 03m"; under an hour "5m 04s"; under a minute "12.3s". */
export function duration(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return NA;
  const neg = ms < 0 ? '-' : '';
  let s = Math.abs(ms) / 1000;
  if (s < 60) return `${neg}${s.toFixed(1)}s`;
  s = Math.round(s);
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const two = (v: number): string => String(v).padStart(2, '0');
  if (d > 0) return `${neg}${d}d ${two(h)}h ${two(m)}m`;
  if (h > 0) return `${neg}${h}h ${two(m)}m`;
  return `${neg}${m}m ${two(sec)}s`;
}

/** ISO 8601 UTC; whole seconds drop the ".000" to keep report lines short. */
export function iso(t: number | null): string {
  if (t === null || !Number.isFinite(t)) return NA;
  const s = new Date(t).toISOString();
  return s.endsWith('.000Z') ? `${s.slice(0, -5)}Z` : s;
}

/** Greedy word wrap; continuation lines are indented by `indent` spaces. */
export function wrap(text: string, width: number, indent: number): string {
  const words = text.split(/\s+/).filter((w) => w.length > 0);
  const lines: string[] = [];
  let line = '';
  for (const w of words) {
    if (line.length > 0 && line.length + 1 + w.length > width) {
      lines.push(line);
      line = w;
    } else {
      line = line.length > 0 ? `${line} ${w}` : w;
    }
  }
  if (line.length > 0) lines.push(line);
  return lines.join(`\n${' '.repeat(indent)}`);
}
