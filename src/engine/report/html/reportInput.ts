import { closeSync, existsSync, openSync, readFileSync, readSync } from 'node:fs';
import { basename } from 'node:path';
import { reportFromJournal } from '../journalReport.js';
import type { AnyReport } from './reportHtml.js';

export interface ReportInput {
  readonly kind: 'report' | 'journal';
  readonly report: AnyReport;
  readonly warnings: readonly string[];
}

/** A journal is JSON lines starting with a typed record; a report is one JSON object with `meta`. */
function looksLikeJournal(path: string): boolean {
  if (/\.jsonl$/i.test(path)) return true;
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(512);
    const n = readSync(fd, buf, 0, buf.length, 0);
    return /^\s*\{\s*"type"\s*:/.test(buf.subarray(0, n).toString('utf8'));
  } finally {
    closeSync(fd);
  }
}

function isReport(v: unknown): v is AnyReport {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Record<string, unknown>;
  const obj = (x: unknown): boolean => typeof x === 'object' && x !== null;
  return (
    obj(r.meta) && obj(r.metrics) && obj(r.skips) && obj(r.rejects) && obj(r.agents) && obj(r.fingerprint)
  );
}

/** Load a `--json` report or session report, or rebuild one from a journal. Errors are one line. */
export function loadReportInput(path: string): ReportInput {
  if (!existsSync(path)) throw new Error(`report: ${path} not found`);
  if (looksLikeJournal(path)) {
    const { report, warnings } = reportFromJournal(path);
    return { kind: 'journal', report, warnings };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new Error(`report: ${basename(path)} is not JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  // A several-symbol backtest's --json: {combined, symbols}; the page is the account's.
  if (!isReport(parsed) && typeof parsed === 'object' && parsed !== null && 'combined' in parsed)
    parsed = (parsed as { combined: unknown }).combined;
  if (!isReport(parsed)) {
    throw new Error(
      `report: ${basename(path)} is not a drl-tui report (expected meta, metrics, skips, agents, fingerprint)`,
    );
  }
  const warnings = parsed.series
    ? []
    : [
        'this report has no series block (written before the HTML report existed): only the counters are drawn',
      ];
  return { kind: 'report', report: parsed, warnings };
}
