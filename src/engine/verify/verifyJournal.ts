import { basename } from 'node:path';
import type { OrderResult } from '../core/executor.js';
import type { OrderIntent } from '../core/types.js';
import type { TradingEngine } from '../engine.js';
import { journalRecords, newScanStats } from '../journal/journalReader.js';
import type { JournalLine } from '../journal/journalReader.js';
import { configOf, isSessionHeader, JOURNAL_FORMAT, parseSessionHeader } from '../journal/sessionHeader.js';
import type { SessionHeader } from '../journal/sessionHeader.js';
import { ENGINE_VERSION } from '../version.js';
import { checkModel, rebuildEngine } from './rebuildEngine.js';
import type { RebuiltEngine } from './rebuildEngine.js';
import { firstDifference } from './recordDiff.js';
import { RecordStream } from './recordStream.js';
import type { VerifyOutcome, VerifySegment } from './verifyTypes.js';
import { label } from './text.js';
import { applyReconcile, barOf, fieldName, sentimentOf } from './recordInputs.js';

export interface VerifyOptions {
  /** Verify with this policy package instead of the directory the header names (same sha256 only). */
  readonly modelDir?: string | null;
  /** Build the engines with snapshot support, for a console that plays the journal. */
  readonly screen?: boolean;
}

/** Where a verify run is, after each re-decided bar: what a console playing the journal shows. */
export interface VerifyStep {
  /** The engine re-deciding the current session (a new one for each session header that is not a restart). */
  readonly engine: TradingEngine;
  /** Decisions re-run so far across the whole journal (the first bar makes 1). */
  readonly decisions: number;
  readonly openTime: number;
}

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);

/** Per-line copies of header facts and times of writing: checked once against the header, not per line. */
const NOT_COMPARED = new Set(['ts', 'configHash', 'modelSha256', 'engineVersion']);

class Stop {
  constructor(readonly outcome: VerifyOutcome) {}
}

interface Segment extends RebuiltEngine {
  readonly header: SessionHeader;
  readonly line: number;
  decisions: number;
}

/**
 * Re-run a journal's bars through a fresh engine built from its session header and compare every
 * record the engine writes with the recorded one, field by field, exactly. Recorded inputs drive
 * the engine: bars (decision and warmup records), sentiment values, the user's pause/resume and
 * flatten, position reconciliations, and exchange answers for testnet orders. Everything else —
 * features, observation, votes, ensemble, risk, plan, orders, paper fills, equity — is recomputed.
 * Throws a one-line Error when the journal cannot be verified at all (no header, model mismatch).
 */
export async function verifyJournal(path: string, opts: VerifyOptions = {}): Promise<VerifyOutcome> {
  const steps = verifySteps(path, opts);
  for (;;) {
    const r = await steps.next();
    if (r.done) return r.value;
  }
}

/**
 * verifyJournal one bar at a time: yields after each re-decided bar (its records are compared
 * before the next one is decided) and returns the outcome. The console's journal player paces it.
 */
export async function* verifySteps(
  path: string,
  opts: VerifyOptions = {},
): AsyncGenerator<VerifyStep, VerifyOutcome, undefined> {
  const stats = newScanStats();
  const stream = new RecordStream(journalRecords(path, stats));
  const file = basename(path);
  const segments: VerifySegment[] = [];
  const notes: string[] = [];
  const skipped = new Map<string, number>();
  let seg: Segment | null = null;
  let queue: unknown[] = [];
  let bar: number | null = null;
  let lastLine = 0;
  let decided = 0;
  let pending: VerifyStep | null = null;
  // Orders seen so far by client order id: a restarted session settles them from the journal.
  const intents = new Map<string, OrderIntent>();
  // Orders a restarted live session settled before its first bar (from its `session` resume note).
  let recovered = new Set<string>();
  // Exchange orders recorded with an unknown outcome: a look-up while the session ran may settle them later.
  const unknownIds = new Set<string>();

  const summary = (s: Segment): VerifySegment => ({
    line: s.line,
    sessionId: s.header.sessionId,
    mode: s.header.mode,
    decisions: s.decisions,
    fills: s.engine.parts.fingerprint.fills,
    fingerprint: s.engine.parts.fingerprint.digest(),
    configHash: s.header.configHash,
    modelSha256: s.header.model.sha256,
  });
  const done = (): VerifySegment[] => (seg ? [...segments, summary(seg)] : segments);
  const diverged = (line: number, recordType: string, field: string, recorded: unknown, recomputed: unknown): Stop =>
    new Stop({ status: 'diverged', segments: done(), notes, line, bar, recordType, field, recorded, recomputed }); // prettier-ignore
  const checkBadLines = (upTo: number): void => {
    const bad = stats.badLines[0];
    if (bad !== undefined && bad < upTo)
      throw diverged(bad, 'unparseable', 'line', 'not valid JSON', 'a journal record');
  };
  // Set while an exchange order waits for its recorded answer: called when there is none.
  let stalled: (() => void) | null = null;
  const recordedResult = (intent: OrderIntent): OrderResult | null => {
    const hit = stream.find(
      (r) => r.type === 'orderResult' && r.clientOrderId === intent.clientOrderId,
      (r) => isSessionHeader(r) || r.type === 'decision',
    );
    const res = hit && isRec(hit.record) ? hit.record.result : null;
    if (isRec(res) && typeof res.status === 'string') return res as unknown as OrderResult;
    stalled?.();
    return null;
  };
  /** Wait for the engine's send, or stop waiting when the journal holds no answer to it. */
  const settledOrStalled = (work: () => Promise<void> | undefined): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      // Set before the work starts: the executor asks for its answer synchronously.
      stalled = resolve;
      // processBar returns nothing when no order was sent.
      Promise.resolve(work()).then(resolve, reject);
    }).finally(() => (stalled = null));

  const openSegment = async (h: SessionHeader, line: JournalLine): Promise<void> => {
    if (seg) segments.push(summary(seg));
    const modelDir = await checkModel(h, opts.modelDir ?? null);
    let rebuilt: RebuiltEngine;
    try {
      rebuilt = await rebuildEngine(h, modelDir, recordedResult, opts.screen === true);
    } catch (e) {
      // A header is input: whatever it holds, the answer is one line naming where.
      const msg = e instanceof Error ? e.message : String(e);
      throw new Error(
        `${file} line ${line.lineNo}: cannot rebuild the engine from this session header: ${msg.split('\n')[0]}`,
      );
    }
    seg = { ...rebuilt, header: h, line: line.lineNo, decisions: 0 };
    if (h.engineVersion !== ENGINE_VERSION)
      notes.push(`recorded by engine ${h.engineVersion}, verified with ${ENGINE_VERSION}`);
    const mine = rebuilt.sink.take().find(isSessionHeader);
    const d = firstDifference(configOf(h), mine ? configOf(mine as SessionHeader) : null, new Set(['engineVersion'])); // prettier-ignore
    if (d) throw diverged(line.lineNo, 'session', `config.${d.path.join('.')}`, d.recorded, d.recomputed);
  };

  /** Feed the engine the input a record stands for; what it journals lands in the queue. */
  const drive = async (s: Segment, r: Rec, line: JournalLine): Promise<boolean> => {
    const e = s.engine;
    const ts = num(r.ts);
    switch (r.type) {
      case 'warmup': {
        const b = barOf(r);
        if (!b) throw diverged(line.lineNo, 'warmup', 'bar', r.bar, 'a bar with OHLCV numbers');
        if (ts !== null) s.clock.set(ts);
        s.sentiment.value = sentimentOf(r);
        e.warmUp(b);
        return true;
      }
      case 'orderResult':
      case 'decision':
      case 'fill': {
        const id = label(r.clientOrderId);
        if (r.type === 'orderResult' && (recovered.has(id) || unknownIds.has(id))) {
          // An order in flight at the crash, settled on restart (journal tail or exchange look-up),
          // or one whose outcome was unknown, settled by a later look-up while the session ran.
          const intent = intents.get(id);
          if (intent && isRec(r.result)) {
            recovered.delete(id);
            unknownIds.delete(id);
            e.settleRecovered(intent, r.result as unknown as OrderResult);
            return true;
          }
        }
        // A paper order fills at the next bar's open: the fill lines come before that bar's decision.
        const at =
          r.type === 'decision'
            ? line
            : stream.find(
                (x) => x.type === 'decision',
                (x) => isSessionHeader(x),
              );
        if (!at && stats.tornTail) {
          // The bar these fill lines belong to was in the torn last line: nothing to re-run them on.
          throw new Stop({ status: 'partial', segments: done(), notes, line: line.lineNo, bar, reason: 'the bar of the last fill lines is in the torn last line' }); // prettier-ignore
        }
        if (!at || !isRec(at.record)) return false;
        const b = barOf(at.record);
        if (!b) throw diverged(at.lineNo, 'decision', 'bar', at.record.bar, 'a bar with OHLCV numbers');
        bar = b.openTime;
        if (ts !== null) s.clock.set(ts);
        s.sentiment.value = sentimentOf(at.record);
        if (e.parts.paper !== null) e.processBarSync(b.openTime, b.open, b.high, b.low, b.close, b.volume);
        else await settledOrStalled(() => e.processBar(b));
        return true;
      }
      case 'order': {
        if (typeof r.reason !== 'string') return false;
        // The user's flatten (or quit): sent at once at the last price, stamped with the clock.
        const intent = isRec(r.intent) ? r.intent : {};
        const res = stream.find(
          (x) => x.type === 'orderResult' && x.clientOrderId === intent.clientOrderId,
          (x) => x.type === 'decision' || isSessionHeader(x),
        );
        const fill = res && isRec(res.record) && isRec(res.record.result) ? res.record.result.fill : null;
        const t = isRec(fill) ? num(fill.time) : ts;
        if (t !== null) s.clock.set(t);
        const reason = r.reason;
        await settledOrStalled(() => e.flatten(reason));
        return true;
      }
      case 'trading':
        // Pause, resume, halts: the user's commands and the driver's calls are inputs.
        if (ts !== null) s.clock.set(ts);
        if (r.state === 'TRADING' || r.state === 'PAUSED' || r.state === 'HALTED')
          e.setTrading(r.state, typeof r.detail === 'string' ? r.detail : '');
        return true;
      case 'reconcile':
        applyReconcile(s.engine, r);
        return false;
      default:
        return false;
    }
  };

  try {
    for (let line = stream.next(); line !== undefined; line = stream.next()) {
      lastLine = line.lineNo;
      checkBadLines(line.lineNo);
      const r = line.record;
      if (!isRec(r)) throw diverged(line.lineNo, 'unknown', 'record', r, 'a JSON object');
      if (isSessionHeader(r)) {
        const h = parseSessionHeader(r);
        if (!h.ok) throw new Error(`${file} line ${line.lineNo}: ${h.error}`);
        if (queue.length > 0) throw diverged(line.lineNo, 'session', 'record', 'session header', queue[0]);
        if (!h.value.restored) {
          await openSegment(h.value, line);
          continue;
        }
        if (!seg)
          throw new Error(
            `${file} line ${line.lineNo}: the journal starts with a resumed session; its saved state is not in the journal`,
          );
        // A live restart continues the same engine state (the journal was rolled back to the last commit).
        const cur: Segment = seg;
        const d = firstDifference(
          { ...(configOf(cur.header) as Rec), execution: null, engineVersion: null },
          { ...(configOf(h.value) as Rec), execution: null, engineVersion: null },
        );
        if (d)
          throw new Stop({ status: 'partial', segments: done(), notes, line: line.lineNo, bar, reason: `the config changed at the restart (${d.path.join('.')})` }); // prettier-ignore
        notes.push(`line ${line.lineNo}: a restart; continued from the engine state before it`);
        const note = stream.find(
          (x) => x.type === 'session' && x.event === 'resume',
          (x) => x.type === 'decision' || isSessionHeader(x),
        );
        const list = note && isRec(note.record) && Array.isArray(note.record.recovered) ? note.record.recovered : []; // prettier-ignore
        recovered = new Set(list.map((x) => (isRec(x) ? label(x.clientOrderId) : '')));
        continue;
      }
      if (!seg)
        throw new Error(
          `${file} line ${line.lineNo}: no session header before the first record (journals before ${JOURNAL_FORMAT} cannot be verified)`,
        );
      const s: Segment = seg;
      if (queue.length === 0) {
        // The previous bar's records all matched: it counts as a step before the next input drives the engine.
        if (pending) yield pending;
        pending = null;
        const before = s.engine.barsProcessed;
        const driven = await drive(s, r, line);
        const decidedNow = s.engine.barsProcessed > before && r.type !== 'warmup';
        if (decidedNow) s.decisions++;
        queue = s.sink.take();
        if (decidedNow && bar !== null) pending = { engine: s.engine, decisions: ++decided, openTime: bar };
        if (!driven && queue.length === 0) {
          if (r.type === 'decision' || r.type === 'order' || r.type === 'orderResult' || r.type === 'fill')
            throw diverged(
              line.lineNo,
              label(r.type),
              'record',
              r.type,
              'nothing (the engine did not write it)',
            );
          const k = typeof r.type === 'string' ? r.type : '?';
          if (k !== 'session' && k !== 'reconcile') skipped.set(k, (skipped.get(k) ?? 0) + 1);
          continue;
        }
        if (queue.length === 0) continue;
      }
      const mine = queue.shift();
      const type = label(r.type);
      if (!isRec(mine) || mine.type !== r.type)
        throw diverged(line.lineNo, type, 'type', r.type, isRec(mine) ? mine.type : mine);
      if (type === 'order' && isRec(r.intent) && typeof r.intent.clientOrderId === 'string') {
        if (intents.size >= 1000) intents.clear();
        intents.set(r.intent.clientOrderId, r.intent as unknown as OrderIntent);
      }
      const d = firstDifference(r, mine, NOT_COMPARED);
      if (d) throw diverged(line.lineNo, type, fieldName(r, d.path, s.header), d.recorded, d.recomputed);
      if (type === 'orderResult' && isRec(r.result) && r.result.status === 'unknown')
        unknownIds.add(label(r.clientOrderId));
    }
    checkBadLines(Number.MAX_SAFE_INTEGER);
    if (pending && queue.length === 0) yield pending;
    if (queue.length > 0) {
      const next = queue[0];
      const t = isRec(next) ? label(next.type) : '?';
      if (stats.tornTail)
        throw new Stop({ status: 'partial', segments: done(), notes, line: lastLine, bar, reason: `the journal ends in a torn line where the engine wrote a ${t} record` }); // prettier-ignore
      throw diverged(lastLine, t, 'record', '(end of journal)', next);
    }
  } catch (e) {
    if (e instanceof Stop) return e.outcome;
    throw e;
  }
  if (!seg)
    throw new Error(`${file}: no session header (an empty journal, or one written before ${JOURNAL_FORMAT})`);
  if (stats.tornTail)
    notes.push(`the last line (${stats.lines}) is torn (a crash mid-write) and was left out`);
  for (const [k, n] of skipped)
    notes.push(`${n} '${k}' record(s) are not engine output and were not compared`);
  return { status: 'identical', segments: done(), notes };
}
