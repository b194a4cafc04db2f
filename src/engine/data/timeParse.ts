import { parseDecimal } from './decimal.js';

/**
 * Candle times in CSV files come as epoch numbers of unknown unit or as ISO-8601 text. Everything
 * becomes epoch milliseconds (UTC) here. Text without an offset is read as UTC, never local time:
 * Date.parse would read `2024-01-01T00:00:00` in the machine's zone and shift every bar.
 */

/**
 * Epoch seconds, ms, µs or ns → ms, by magnitude. 1e11 s is the year 5138 and 1e11 ms is March
 * 1973, so any date between 1973 and 5138 is read right whatever its unit.
 */
export function epochToMs(value: number): number {
  const size = Math.abs(value);
  if (size < 1e11) return value * 1000;
  if (size < 1e14) return value;
  if (size < 1e17) return value / 1000;
  return value / 1e6;
}

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const MONTH_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function offsetMinutes(zone: string | undefined): number {
  if (zone === undefined || zone.toUpperCase() === 'Z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length > 2 ? Number(digits.slice(2)) : 0;
  if (hours > 23 || minutes > 59) return Number.NaN;
  return sign * (hours * 60 + minutes);
}

/**
 * `2024-01-01T00:00:00Z`, `2024-01-01T02:00:00+02:00`, `2024-01-01 00:00:00` (UTC),
 * `2024-01-01T00:00`, `2024-01-01` and fractional seconds → epoch ms; NaN for anything else or an
 * impossible date such as 2023-02-30.
 */
export function parseIsoUtc(text: string): number {
  const m = ISO.exec(text.trim());
  if (m === null) return Number.NaN;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', zone] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const monthDays = month === 2 && !leap ? 28 : (MONTH_DAYS[month - 1] ?? 0);
  if (month < 1 || month > 12 || day < 1 || day > monthDays) return Number.NaN;
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return Number.NaN;
  const millis = frac === '' ? 0 : Number(`0.${frac}`) * 1000;
  const utc = Date.UTC(year, month - 1, day, Number(h), Number(mi), Number(s)) + millis;
  return utc - offsetMinutes(zone) * 60_000;
}

/** A time field (epoch number of any unit, or ISO text) in text[start, end) → epoch ms, or NaN. */
export function parseTimeField(text: string, start: number, end: number): number {
  // A dash in column 5 means a date; skip the number attempt for it.
  if (end - start >= 10 && text.charCodeAt(start + 4) === 45) return parseIsoUtc(text.slice(start, end));
  const value = parseDecimal(text, start, end);
  if (Number.isFinite(value)) return epochToMs(value);
  return parseIsoUtc(text.slice(start, end));
}

/** `2024-01-03 10:00` (seconds and ms shown only when present); the caller appends `UTC`. */
export function formatUtc(ms: number): string {
  // Date cannot represent beyond ±8.64e15 ms (toISOString would throw).
  if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15) return `time ${ms}`;
  const iso = new Date(ms).toISOString(); // 2024-01-03T10:00:00.000Z
  const date = iso.slice(0, 10);
  const clock = ms % 60_000 === 0 ? iso.slice(11, 16) : iso.slice(11, ms % 1000 === 0 ? 19 : 23);
  return `${date} ${clock}`;
}

/** Only the clock part when `ms` falls on the same UTC day as `sameDayAs`. */
export function formatUtcAfter(ms: number, sameDayAs: number): string {
  const full = formatUtc(ms);
  return full.slice(0, 10) === formatUtc(sameDayAs).slice(0, 10) ? full.slice(11) : full;
}
