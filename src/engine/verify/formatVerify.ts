import { showValue, ulpDistance } from './recordDiff.js';
import type { VerifyOutcome, VerifySegment } from './verifyTypes.js';
import { isoTime } from './text.js';

const iso = (t: number | null): string => (t === null ? '(before the first bar)' : isoTime(t));
const count = (n: number): string => n.toLocaleString('en-US');

function totals(segs: readonly VerifySegment[]): string {
  const d = segs.reduce((a, s) => a + s.decisions, 0);
  const f = segs.reduce((a, s) => a + s.fills, 0);
  return `${count(d)} decision(s), ${count(f)} fill(s)`;
}

function segmentLines(segs: readonly VerifySegment[]): string[] {
  const out: string[] = [];
  for (const s of segs) {
    const head = segs.length > 1 ? `  session ${s.sessionId} (${s.mode}, line ${s.line}): ` : '  ';
    out.push(`${head}fingerprint ${s.fingerprint}`);
    out.push(
      `${' '.repeat(head.length)}config ${s.configHash.slice(0, 16)}…, model ${s.modelSha256 ? `sha256 ${s.modelSha256.slice(0, 16)}…` : 'none'}`,
    );
  }
  return out;
}

/** What `drl-tui verify` prints. */
export function formatVerify(o: VerifyOutcome, file: string): string {
  const lines: string[] = [];
  switch (o.status) {
    case 'identical':
      lines.push(`identical: ${file} — ${totals(o.segments)} recomputed and compared field by field`);
      lines.push(...segmentLines(o.segments));
      break;
    case 'partial':
      lines.push(`identical up to line ${o.line} (bar ${iso(o.bar)}): ${file} — ${totals(o.segments)}`);
      lines.push(`  stopped: ${o.reason}`);
      lines.push(...segmentLines(o.segments));
      break;
    case 'diverged': {
      lines.push(`DIVERGED at bar ${iso(o.bar)}, ${file} line ${o.line} (${o.recordType} record)`);
      lines.push(`  field       ${o.field}`);
      lines.push(`  recorded    ${showValue(o.recorded)}`);
      const ulps =
        typeof o.recorded === 'number' && typeof o.recomputed === 'number'
          ? ulpDistance(o.recorded, o.recomputed)
          : null;
      lines.push(`  recomputed  ${showValue(o.recomputed)}${ulps !== null ? ` (${ulps} ulp apart)` : ''}`);
      lines.push(`  re-run so far: ${totals(o.segments)}`);
      break;
    }
  }
  for (const n of o.notes) lines.push(`  note: ${n}`);
  return lines.join('\n');
}
