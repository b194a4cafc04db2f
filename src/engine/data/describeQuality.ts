import { formatUtc } from './timeParse.js';
import type { DataQuality } from './types.js';

function count(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

/**
 * Human lines for reports and the `features` command: a summary, the counters, then the kept
 * examples of each problem (indented), with "… and N more" where the examples stop.
 */
export function describeQuality(q: DataQuality): string[] {
  const range =
    q.firstOpenTime === null || q.lastOpenTime === null
      ? 'no usable bars'
      : `${formatUtc(q.firstOpenTime)} → ${formatUtc(q.lastOpenTime)} UTC`;
  const lines = [`${count(q.bars, 'bar')} from ${count(q.rows, 'row')}, ${range}`];
  lines.push(
    [
      `gaps: ${q.gaps.toLocaleString('en-US')} (${count(q.missingMinutes, 'minute')} missing)`,
      `duplicates: ${q.duplicates.toLocaleString('en-US')}`,
      `out of order: ${q.outOfOrder.toLocaleString('en-US')}`,
      `invalid: ${q.invalid.toLocaleString('en-US')}`,
    ].join(' · '),
  );
  const kinds: ReadonlyArray<readonly [number, readonly string[]]> = [
    [q.gaps, q.examples.gap],
    [q.duplicates, q.examples.duplicate],
    [q.outOfOrder, q.examples.outOfOrder],
    [q.invalid, q.examples.invalid],
  ];
  for (const [total, examples] of kinds) {
    for (const example of examples) lines.push(`  ${example}`);
    if (total > examples.length) lines.push(`  … and ${(total - examples.length).toLocaleString('en-US')} more`);
  }
  return lines;
}
