import asciichart from 'asciichart';
import { fmtNum } from './format.js';

/**
 * Reduce a series to at most `points` values by taking the last value of each equal bucket, so
 * the newest value (the one the title quotes) is always the line's right end.
 */
export function downsample(series: readonly number[], points: number): number[] {
  const n = Math.max(1, Math.floor(points));
  if (series.length <= n) return [...series];
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const index = Math.floor(((i + 1) * series.length) / n) - 1;
    out.push(series[index] as number);
  }
  return out;
}

/**
 * Plot `series` into exactly `height + 1` lines no wider than `width`, y-axis labels included.
 * Non-finite values are dropped (a NaN would make asciichart draw garbage). Returns [] when there
 * is nothing to draw.
 */
export function plotSparkline(series: readonly number[], width: number, height: number): string[] {
  const finite = series.filter((v) => Number.isFinite(v));
  if (finite.length === 0 || width < 12) return [];
  let min = Infinity;
  let max = -Infinity;
  for (const v of finite) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const labelWidth = Math.max(fmtNum(min, 9, 2).length, fmtNum(max, 9, 2).length);
  // asciichart draws: label, a space, the axis, then one column per point and a blank last column.
  const points = Math.max(2, width - labelWidth - 2);
  const data = downsample(finite, points);
  const flat = min === max;
  const plotted = asciichart.plot(data, {
    height: Math.max(1, height),
    format: (x: number) => fmtNum(x, 9, 2).padStart(labelWidth),
    // A flat series would collapse to one row; give it a band so the box keeps its height.
    ...(flat ? { min: min - 1, max: max + 1 } : {}),
  });
  const lines = plotted.split('\n').map((line) => line.trimEnd().slice(0, width));
  while (lines.length < height + 1) lines.unshift('');
  return lines.slice(-(height + 1));
}
