import { basename } from 'node:path';
import type { Parsed } from '../core/types.js';
import { parseIsoUtc } from '../data/timeParse.js';
import {
  countRecords,
  describeScan,
  hasTornTail,
  journalRecords,
  newScanStats,
} from '../journal/journalReader.js';
import { isSessionHeader, parseSessionHeader } from '../journal/sessionHeader.js';
import type { SessionHeader } from '../journal/sessionHeader.js';
import { isoTime } from './text.js';

/** `--at`: a time inside the bar (ISO or epoch ms), or the n-th decision (negative: from the end). */
export type BarSelector =
  { readonly kind: 'time'; readonly t: number } | { readonly kind: 'index'; readonly i: number };

/** Epoch ms below this is taken as a bar index (1e10 ms is April 1970). */
const INDEX_LIMIT = 1e10;

export function parseAt(text: string | undefined): Parsed<BarSelector> {
  const s = (text ?? '').trim();
  if (s === '')
    return { ok: false, error: '--at is required: an ISO time, epoch ms or a bar index (0 = first; last, or --at=-N from the end)' }; // prettier-ignore
  if (s === 'last') return { ok: true, value: { kind: 'index', i: -1 } };
  if (/^-?\d+$/.test(s)) {
    const n = Number(s);
    if (Math.abs(n) < INDEX_LIMIT) return { ok: true, value: { kind: 'index', i: n } };
    return { ok: true, value: { kind: 'time', t: n } };
  }
  const t = parseIsoUtc(s);
  if (Number.isNaN(t))
    return { ok: false, error: `--at '${s}' is not an ISO time (2024-03-29T12:34Z), epoch ms or bar index` };
  return { ok: true, value: { kind: 'time', t } };
}

export type Rec = Record<string, unknown>;
type Holdings = { readonly qty: number; readonly cash: number };
const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);

/** One decision with what surrounds it in the journal. */
export interface BarStory {
  readonly file: string;
  readonly header: SessionHeader | null;
  /** 0-based among the journal's decisions. */
  readonly index: number;
  readonly line: number;
  readonly decision: Rec;
  /** Records between the previous decision and this one (a paper fill at this bar's open, state changes). */
  readonly before: readonly Rec[];
  /** Records after it up to its order's result, or to the next decision's. */
  readonly after: readonly Rec[];
  /** Position quantity and cash before this bar, from the last fill (null before any fill). */
  readonly holdings: Holdings | null;
  /** A one-line note about a torn tail or unparseable lines, or null. */
  readonly damage: string | null;
}

const openTimeOf = (r: Rec): number | null =>
  isRec(r.bar) && typeof r.bar.openTime === 'number' ? r.bar.openTime : null;

/** How many decisions a journal holds (one streaming pass that parses only lines it cannot read by their start). */
export function countDecisions(path: string): number {
  return countRecords(path, 'decision');
}

/**
 * Find the decision `sel` names and the records around it, in one streaming pass (two for a
 * negative index). Throws a one-line Error when there is no such bar, naming what the journal holds.
 */
export function findBar(path: string, sel: BarSelector): BarStory {
  const file = basename(path);
  const total = sel.kind === 'index' && sel.i < 0 ? countDecisions(path) : null;
  const wantIndex = sel.kind === 'index' ? (total !== null ? total + sel.i : sel.i) : null;
  const stats = newScanStats();
  let header: SessionHeader | null = null;
  let index = -1;
  let first: number | null = null;
  let last: number | null = null;
  let holdings: Holdings | null = null;
  let before: Rec[] = [];
  let found: { decision: Rec; line: number; index: number; header: SessionHeader | null; before: Rec[]; holdings: Holdings | null } | null = null; // prettier-ignore
  const after: Rec[] = [];
  for (const { record, lineNo } of journalRecords(path, stats)) {
    if (!isRec(record)) continue;
    if (found) {
      // An exchange answers right after the order; a paper order fills at the next bar's open, just
      // before that bar's decision. Either way its result comes before the next decision.
      if (record.type === 'decision' || isSessionHeader(record)) break;
      after.push(record);
      continue;
    }
    if (isSessionHeader(record)) {
      const h = parseSessionHeader(record);
      header = h.ok ? h.value : null;
      before = [];
      continue;
    }
    if (record.type === 'fill' && typeof record.positionQty === 'number' && typeof record.cash === 'number') {
      // Holdings before this bar: the fill lines of this bar's open are shown apart, in `before`.
      before.push(record);
      continue;
    }
    if (record.type !== 'decision') {
      before.push(record);
      continue;
    }
    index++;
    const t = openTimeOf(record);
    if (t !== null) {
      first ??= t;
      last = t;
    }
    const hit = sel.kind === 'index' ? index === wantIndex : t !== null && sel.t >= t && sel.t < t + 60_000;
    if (hit) {
      found = { decision: record, line: lineNo, index, header, before, holdings };
      continue;
    }
    for (const r of before)
      if (r.type === 'fill') holdings = { qty: r.positionQty as number, cash: r.cash as number };
    before = [];
  }
  if (!found) {
    const range =
      first === null || last === null
        ? 'it holds no decisions'
        : `it holds ${index + 1} decision(s), bars ${isoTime(first)} – ${isoTime(last)}`;
    const what = sel.kind === 'index' ? `bar index ${sel.i}` : `a bar at ${isoTime(sel.t)}`;
    throw new Error(`no decision for ${what} in ${file}: ${range}`);
  }
  // The scan stopped at the bar: look at the file's end for a torn line separately.
  if (!stats.tornTail) stats.tornTail = hasTornTail(path);
  return { file, ...found, after, damage: describeScan(stats) };
}
