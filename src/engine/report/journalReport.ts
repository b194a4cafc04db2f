import { basename } from 'node:path';
import type { AgentName, Fill, Market, SkipReason } from '../core/types.js';
import { AGENT_NAMES } from '../core/types.js';
import { emptyQuality } from '../data/types.js';
import { Portfolio } from '../execution/portfolio.js';
import { readJournal } from '../journal/journalWriter.js';
import { AgentStats } from './agentStats.js';
import type { BacktestReport } from './backtestReport.js';
import { buildBacktestReport } from './backtestReport.js';
import { FillFingerprint } from './fingerprint.js';
import { OutcomeCounts, SKIP_REASONS } from './outcomeCounts.js';
import { PerformanceTracker } from './performanceTracker.js';
import type { TimelineKind } from './series.js';
import { SeriesRecorder } from './seriesRecorder.js';

/**
 * Rebuild a report from a decision journal (the authority: reports are projections of it). Every
 * decision line carries the bar, the equity, the position, the votes and the plan; fill lines carry
 * the fills. That is enough for every metric, the agent table, the skip counts, the fingerprint and
 * the charts. Not in the journal, so not in the result: the fee rate (buy-and-hold after fees is
 * n/a), the strategy name, the model's package name, the data-quality counters of the input files.
 */

export interface JournalReport {
  readonly report: BacktestReport;
  readonly warnings: readonly string[];
}

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const SKIPS = new Set<string>(SKIP_REASONS);
const AGENTS = new Set<string>(AGENT_NAMES);
const QUOTES = ['USDT', 'USDC', 'FDUSD', 'BUSD', 'TUSD', 'DAI', 'EUR', 'TRY', 'BTC', 'ETH', 'BNB'];

function asFill(v: unknown): Fill | null {
  if (!isRec(v)) return null;
  const side = v.side === 'BUY' || v.side === 'SELL' ? v.side : null;
  const quantity = num(v.quantity);
  const price = num(v.price);
  const fee = num(v.fee);
  const time = num(v.time);
  if (side === null || quantity === null || price === null || fee === null || time === null) return null;
  return {
    clientOrderId: str(v.clientOrderId) ?? '',
    symbol: str(v.symbol) ?? '',
    side,
    quantity,
    price,
    fee,
    feeAsset: str(v.feeAsset) ?? '',
    time,
  };
}

interface Facts {
  startEquity: number | null;
  symbol: string | null;
  market: Market;
  agents: AgentName[];
  modelSha256: string | null;
  engineVersion: string | null;
}

/** What the journal says about the run as a whole, from a first pass. */
function facts(records: readonly unknown[], fileName: string): Facts {
  const f: Facts = {
    startEquity: null,
    symbol: null,
    market: 'spot',
    agents: [],
    modelSha256: null,
    engineVersion: null,
  };
  for (const r of records) {
    if (!isRec(r)) continue;
    if (r.type === 'decision') {
      if (f.startEquity === null) {
        // The first decision comes before any fill can happen (fills land at the next bar's open),
        // so its equity is the starting cash.
        f.startEquity = num(r.equity);
        f.modelSha256 = str(r.modelSha256);
        f.engineVersion = str(r.engineVersion);
        if (Array.isArray(r.votes))
          f.agents = r.votes
            .map((v) => (isRec(v) ? str(v.agent) : null))
            .filter((a): a is AgentName => a !== null && AGENTS.has(a));
      }
      if ((num(r.position) ?? 0) < -1e-9) f.market = 'usdm';
    } else if (r.type === 'fill') {
      const fill = asFill(r.fill);
      if (fill && f.symbol === null && fill.symbol) f.symbol = fill.symbol;
      if ((num(r.positionQty) ?? 0) < 0) f.market = 'usdm';
    } else if (r.type === 'order' && f.symbol === null && isRec(r.intent)) {
      f.symbol = str(r.intent.symbol);
    }
  }
  f.symbol ??= /([A-Z0-9]{5,})\.jsonl?$/i.exec(fileName)?.[1]?.toUpperCase() ?? null;
  return f;
}

/** Rebuild from journal records (already parsed, in file order). */
export function reportFromRecords(records: readonly unknown[], fileName = 'journal'): JournalReport {
  const warnings: string[] = [];
  const f = facts(records, fileName);
  if (f.startEquity === null || !(f.startEquity > 0)) {
    throw new Error(`${fileName}: no decision record with a positive equity: nothing to report`);
  }
  const symbol = f.symbol ?? 'UNKNOWN';
  const quote = QUOTES.find((q) => symbol.endsWith(q) && symbol.length > q.length) ?? 'USDT';
  const tracker = new PerformanceTracker({ startEquity: f.startEquity });
  const series = new SeriesRecorder({ startEquity: f.startEquity });
  const agents = new AgentStats(f.agents.length > 0 ? f.agents : AGENT_NAMES);
  const outcomes = new OutcomeCounts();
  const fingerprint = new FillFingerprint();
  const portfolio = new Portfolio(f.startEquity, f.market, { base: '', quote });
  let prevEquity = f.startEquity;
  let lastOpenTime = -Infinity;
  let dropped = 0;
  let badFills = 0;
  const skip = (reason: unknown): void => {
    if (typeof reason === 'string' && SKIPS.has(reason)) outcomes.skip(reason as SkipReason);
  };
  const event = (ts: unknown, kind: TimelineKind, detail: string): void => {
    const t = num(ts);
    if (t !== null) series.onEvent(t, kind, detail);
  };

  for (const r of records) {
    if (!isRec(r)) continue;
    switch (r.type) {
      case 'decision': {
        const bar = isRec(r.bar) ? r.bar : {};
        const openTime = num(bar.openTime);
        const close = num(bar.close);
        const equity = num(r.equity);
        const position = num(r.position) ?? 0;
        if (openTime === null || close === null || equity === null || !(openTime > lastOpenTime)) {
          dropped++;
          break;
        }
        lastOpenTime = openTime;
        agents.onBarPnl(equity - prevEquity, position);
        prevEquity = equity;
        const target = num(r.ensembleTarget) ?? 0;
        if (Array.isArray(r.votes))
          for (const v of r.votes) {
            const agent = isRec(v) ? str(v.agent) : null;
            const t = isRec(v) ? num(v.target) : null;
            if (agent !== null && t !== null && AGENTS.has(agent))
              agents.observe(agent as AgentName, t, target);
          }
        if (isRec(r.risk) && Array.isArray(r.risk.codes)) for (const c of r.risk.codes) skip(c);
        const plan = isRec(r.plan) ? r.plan : {};
        if (plan.skip !== undefined) skip(plan.skip);
        else if (r.trading === 'PAUSED' && plan.intent !== undefined) skip('PAUSED');
        tracker.onBar(openTime, close, equity, position);
        series.onBar(openTime, close, equity, position);
        break;
      }
      case 'fill': {
        const fill = asFill(r.fill);
        if (fill === null) {
          badFills++;
          break;
        }
        const realizedBefore = portfolio.realizedPnl;
        const feesBefore = portfolio.fees;
        try {
          portfolio.applyFill(fill);
        } catch (e) {
          warnings.push(
            `fill ${fill.clientOrderId} not applied: ${e instanceof Error ? e.message : String(e)}`,
          );
          break;
        }
        tracker.onFill({
          time: fill.time,
          side: fill.side,
          qty: fill.quantity,
          price: fill.price,
          fee: portfolio.fees - feesBefore,
          positionQtyAfter: portfolio.qty,
          realizedPnlDelta: portfolio.realizedPnl - realizedBefore,
        });
        fingerprint.update({
          time: fill.time,
          side: fill.side,
          qty: fill.quantity,
          price: fill.price,
          fee: fill.fee,
        });
        series.onFill(fill.time, fill.side, fill.quantity, fill.price);
        break;
      }
      case 'orderResult': {
        const res = isRec(r.result) ? r.result : {};
        if (res.status === 'rejected') {
          const code = num(res.code) ?? 0;
          const message = str(res.message) ?? '';
          outcomes.reject(code, message);
          event(r.ts, 'reject', `rejected ${code}: ${message}`);
        } else if (res.status === 'skipped') {
          skip(res.reason);
        } else if (res.status === 'unknown') {
          event(
            r.ts,
            'unknown',
            `order ${str(r.clientOrderId) ?? '?'} outcome unknown: ${str(res.detail) ?? ''}`,
          );
        }
        break;
      }
      case 'trading':
        event(r.ts, 'trading', `${str(r.state) ?? '?'}: ${str(r.detail) ?? ''}`);
        break;
      case 'reconnect':
        event(r.ts, 'reconnect', str(r.detail) ?? 'reconnect');
        break;
      case 'feed':
        if (r.status === 'reconnecting') event(r.ts, 'reconnect', str(r.detail) ?? 'reconnecting');
        break;
      default:
        break;
    }
  }
  if (dropped > 0)
    warnings.push(
      `${dropped} decision line(s) dropped: bad bar or not after the previous bar (two runs in one journal?)`,
    );
  if (badFills > 0) warnings.push(`${badFills} fill line(s) without a usable fill`);
  const bars = tracker.summary().bars;
  const report = buildBacktestReport({
    symbol,
    quoteAsset: quote,
    market: f.market,
    strategy: 'unknown (rebuilt from journal)',
    dataQuality: { ...emptyQuality(), rows: bars + dropped, bars, outOfOrder: dropped },
    params: {
      source: `journal ${fileName}`,
      note: 'fees, slippage, strategy and risk limits are not in the journal',
    },
    model: f.modelSha256
      ? { name: 'unknown (the journal records only the sha256)', sha256: f.modelSha256 }
      : null,
    engineVersion: f.engineVersion ?? 'unknown',
    tracker,
    agents,
    outcomes,
    fingerprint,
    series,
  });
  return { report, warnings };
}

/** Read a journal file and rebuild its report. A torn last line is left out and said so. */
export function reportFromJournal(path: string): JournalReport {
  const j = readJournal(path);
  const out = reportFromRecords(j.records, basename(path));
  const warnings = [...out.warnings];
  if (j.tornTail) warnings.push('the last line was torn (a crash mid-write) and is left out');
  if (j.badLines.length > 0)
    warnings.push(`${j.badLines.length} line(s) are not JSON (first: line ${j.badLines[0]})`);
  return { report: out.report, warnings };
}
