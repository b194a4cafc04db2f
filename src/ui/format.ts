/**
 * Number and text formatting for fixed-width terminal cells. Every function returns a string of
 * at most the width it is given, so panels can promise not to overflow their column.
 */

export const DASH = '—';
export const ELLIPSIS = '…';

/** Engine text on one line: a newline or tab inside a reason would break the panel's row count. */
export function oneLine(text: string): string {
  return /[\r\n\t]/.test(text) ? text.replace(/[\r\n\t]+/g, ' ') : text;
}

/** Cut to `width` characters (on one line), marking the cut with an ellipsis. */
export function truncate(raw: string, width: number): string {
  const text = oneLine(raw);
  if (width <= 0) return '';
  if (text.length <= width) return text;
  return width === 1 ? ELLIPSIS : text.slice(0, width - 1) + ELLIPSIS;
}

/** Truncate, then pad to exactly `width` characters. */
export function fit(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  const cut = truncate(text, width);
  return align === 'left' ? cut.padEnd(width) : cut.padStart(width);
}

const SUFFIXES: readonly [number, string][] = [
  [1e12, 'T'],
  [1e9, 'B'],
  [1e6, 'M'],
  [1e3, 'k'],
];

/**
 * A number in at most `width` characters with as many decimals as fit (up to `maxDecimals`):
 * 2345.67, 0.0312, -1.23M. Non-finite values are spelled out rather than hidden.
 */
export function fmtNum(value: number | null, width = 9, maxDecimals = 4): string {
  if (value === null) return DASH;
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '+inf' : '-inf';
  for (let decimals = maxDecimals; decimals >= 0; decimals--) {
    const text = value.toFixed(decimals);
    if (text.length <= width && !(decimals > 0 && Math.abs(value) >= 1e5)) return text;
  }
  const abs = Math.abs(value);
  for (const [scale, suffix] of SUFFIXES) {
    if (abs < scale) continue;
    for (let decimals = 2; decimals >= 0; decimals--) {
      const text = (value / scale).toFixed(decimals) + suffix;
      if (text.length <= width) return text;
    }
  }
  return truncate(value.toExponential(1), width);
}

/** Always signed: +0.10, -0.25, and "0.00" only for an exact zero. */
export function fmtSigned(value: number | null, decimals = 2): string {
  if (value === null) return DASH;
  if (!Number.isFinite(value)) return fmtNum(value);
  const text = Math.abs(value).toFixed(decimals);
  if (Number(text) === 0) return (0).toFixed(decimals);
  return (value < 0 ? '-' : '+') + text;
}

/** A fraction as a signed percentage: 0.0123 -> "+1.23%"; a small non-zero change keeps a third decimal. */
export function fmtPct(fraction: number | null, decimals = 2): string {
  if (fraction === null || !Number.isFinite(fraction)) return DASH;
  const pct = fraction * 100;
  const small = pct !== 0 && Math.abs(pct) < 0.1;
  return fmtSigned(pct, small ? decimals + 1 : decimals) + '%';
}

/** A duration in ms, coarse and short: 42s, 3m05s, 2h01m, 3d04h. Negative ages read as 0s. */
export function fmtAge(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(s % 60).padStart(2, '0')}s`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h}h${String(m % 60).padStart(2, '0')}m`;
  return `${Math.floor(h / 24)}d${String(h % 24).padStart(2, '0')}h`;
}

/** UTC wall time of an epoch-ms timestamp: "HH:MM:SS" (or "HH:MM"). */
export function fmtClock(ts: number, seconds = true): string {
  if (!Number.isFinite(ts)) return seconds ? '--:--:--' : '--:--';
  const iso = new Date(ts).toISOString();
  return seconds ? iso.slice(11, 19) : iso.slice(11, 16);
}

/** UTC date and minute: "2024-01-01 04:59". */
export function fmtDateTime(ts: number): string {
  if (!Number.isFinite(ts)) return DASH;
  const iso = new Date(ts).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}

/** Colour for a signed quantity: gains green, losses red, zero plain. */
export function signColor(value: number): 'green' | 'red' | undefined {
  if (value > 0) return 'green';
  if (value < 0) return 'red';
  return undefined;
}

/**
 * A bar centred on zero for a value in [-1, 1]: "····│██··". Values beyond the range fill their
 * half and end in an arrow, so a clipped value is never mistaken for exactly ±1.
 */
export function centeredBar(value: number, width: number): string {
  const w = Math.max(3, width);
  const half = Math.floor((w - 1) / 2);
  const left = new Array<string>(half).fill('·');
  const right = new Array<string>(w - 1 - half).fill('·');
  if (!Number.isFinite(value)) return fit('?', w);
  const clipped = Math.abs(value) > 1;
  const magnitude = Math.min(1, Math.abs(value));
  if (value > 0) {
    const n = Math.max(1, Math.round(magnitude * right.length));
    for (let i = 0; i < n; i++) right[i] = '█';
    if (clipped) right[right.length - 1] = '▶';
  } else if (value < 0) {
    const n = Math.max(1, Math.round(magnitude * left.length));
    for (let i = 0; i < n; i++) left[left.length - 1 - i] = '█';
    if (clipped) left[0] = '◀';
  }
  return left.join('') + '│' + right.join('');
}
