import { MINUTE_MS } from '../core/types.js';
import { formatUtc, formatUtcAfter } from './timeParse.js';
import { emptyQuality } from './types.js';
import type { DataQuality } from './types.js';

/**
 * The one gate every 1-minute candle passes, from a file or from the live stream: bad bars are
 * dropped and counted, never repaired, and the first few of each kind are kept as one-line
 * examples for the report. Gaps are counted, not filled (DESIGN.md: no synthetic candles).
 */

export type BarVerdict = 'ok' | 'duplicate' | 'outOfOrder' | 'invalid';

/** Examples kept per kind; the counters go on counting. */
export const MAX_EXAMPLES = 5;

function values(open: number, high: number, low: number, close: number, volume: number): string {
  return `O ${open} H ${high} L ${low} C ${close} V ${volume}`;
}

/** Why a bar cannot be used, or null when it can. */
export function invalidReason(
  openTime: number,
  open: number,
  high: number,
  low: number,
  close: number,
  volume: number,
): string | null {
  // Hot path: one pass of comparisons (all false for NaN) settles nearly every real bar.
  const fine =
    low > 0 &&
    high >= low &&
    high < Number.POSITIVE_INFINITY &&
    open >= low &&
    open <= high &&
    close >= low &&
    close <= high &&
    volume >= 0 &&
    volume < Number.POSITIVE_INFINITY &&
    openTime % MINUTE_MS === 0;
  if (fine) return null;
  if (!Number.isFinite(openTime)) return `open time is ${openTime}`;
  const prices: ReadonlyArray<readonly [string, number]> = [
    ['open', open],
    ['high', high],
    ['low', low],
    ['close', close],
  ];
  for (const [name, v] of prices) if (!Number.isFinite(v)) return `${name} is ${v}`;
  if (!Number.isFinite(volume)) return `volume is ${volume}`;
  if (openTime % MINUTE_MS !== 0) return 'open time is not on a minute boundary';
  for (const [name, v] of prices) if (v <= 0) return `${name} ${v} is not positive`;
  if (high < low) return `high ${high} < low ${low}`;
  if (open < low || open > high) return `open ${open} outside [low ${low}, high ${high}]`;
  if (close < low || close > high) return `close ${close} outside [low ${low}, high ${high}]`;
  if (volume < 0) return `volume ${volume} is negative`;
  return null;
}

export class BarValidator {
  readonly quality: DataQuality;
  private source: string | null = null;

  /** Pass a DataQuality to fill (e.g. one a CandleSource exposes); a fresh one otherwise. */
  constructor(quality: DataQuality = emptyQuality()) {
    this.quality = quality;
  }

  /** Names the file the next rows come from, for examples; null for a live stream. */
  setSource(label: string | null): void {
    this.source = label;
  }

  /** Open time of the last accepted bar, or null before the first. */
  get lastOpenTime(): number | null {
    return this.quality.lastOpenTime;
  }

  /**
   * Checks one bar against the last accepted one and counts it. `line` (1-based, 0 = unknown)
   * only feeds the examples. Only 'ok' bars may be used.
   */
  accept(
    openTime: number,
    open: number,
    high: number,
    low: number,
    close: number,
    volume: number,
    line = 0,
  ): BarVerdict {
    const q = this.quality;
    q.rows++;
    const reason = invalidReason(openTime, open, high, low, close, volume);
    if (reason !== null) {
      q.invalid++;
      if (q.examples.invalid.length < MAX_EXAMPLES) {
        const time = Number.isFinite(openTime) ? `${formatUtc(openTime)} UTC: ` : '';
        const text = `invalid ${this.where(line, ', ')}${time}${reason} (${values(open, high, low, close, volume)})`;
        q.examples.invalid.push(text);
      }
      return 'invalid';
    }
    const last = q.lastOpenTime;
    if (last !== null && openTime <= last) {
      const duplicate = openTime === last;
      const list = duplicate ? q.examples.duplicate : q.examples.outOfOrder;
      if (duplicate) q.duplicates++;
      else q.outOfOrder++;
      if (list.length < MAX_EXAMPLES) {
        const at = this.where(line, '');
        const suffix = `${at === '' ? '' : `, ${at}`} (dropped: ${values(open, high, low, close, volume)})`;
        const when = formatUtc(openTime);
        list.push(
          duplicate
            ? `duplicate ${when} UTC${suffix}`
            : `out of order ${when} UTC after ${formatUtcAfter(last, openTime)}${suffix}`,
        );
      }
      return duplicate ? 'duplicate' : 'outOfOrder';
    }
    if (last !== null && openTime > last + MINUTE_MS) {
      const missing = (openTime - last) / MINUTE_MS - 1;
      q.gaps++;
      q.missingMinutes += missing;
      if (q.examples.gap.length < MAX_EXAMPLES) {
        const from = last + MINUTE_MS;
        const at = this.where(line, '');
        const span = `${formatUtc(from)} → ${formatUtcAfter(openTime, from)} UTC`;
        q.examples.gap.push(`gap ${span} (${missing} min missing)${at === '' ? '' : `, before ${at}`}`);
      }
    }
    if (q.firstOpenTime === null) q.firstOpenTime = openTime;
    q.lastOpenTime = openTime;
    q.bars++;
    return 'ok';
  }

  /**
   * A row that could not be parsed (wrong column count, text where a number belongs): counted as
   * invalid. Pass its open time if that much was readable, for the example.
   */
  reject(reason: string, line = 0, openTime = Number.NaN): 'invalid' {
    const q = this.quality;
    q.rows++;
    q.invalid++;
    if (q.examples.invalid.length < MAX_EXAMPLES) {
      const time = Number.isFinite(openTime) ? `${formatUtc(openTime)} UTC: ` : '';
      q.examples.invalid.push(`invalid ${this.where(line, time === '' ? ': ' : ', ')}${time}${reason}`);
    }
    return 'invalid';
  }

  private where(line: number, separator: string): string {
    if (this.source === null) return line > 0 ? `line ${line}${separator}` : '';
    return line > 0 ? `line ${line} of ${this.source}${separator}` : `${this.source}${separator}`;
  }
}
