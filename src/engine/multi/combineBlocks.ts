import { createHash } from 'node:crypto';
import type { SkipReason } from '../core/types.js';
import { MAX_EXAMPLES } from '../data/barValidator.js';
import type { DataQuality } from '../data/types.js';
import { emptyQuality } from '../data/types.js';
import type { AgentReport, AgentStatsReport } from '../report/agentStats.js';
import type { BacktestReport } from '../report/backtestReport.js';
import type { TradeMetrics, TradeSummary } from '../report/metrics.js';
import type { RejectCount } from '../report/outcomeCounts.js';
import { SKIP_REASONS, emptySkipCounts } from '../report/outcomeCounts.js';

/**
 * Sums of the per-symbol report blocks for the combined report. Everything here is a projection of
 * the symbols' own reports (their counters are exact), so the combined numbers can be checked
 * against them by hand: counts add up, rates are recomputed from the summed counts.
 */

/** Counters summed; examples kept per kind (first few, symbol-prefixed); the earliest first and latest last bar. */
export function combineQuality(symbols: readonly string[], list: readonly DataQuality[]): DataQuality {
  const q = emptyQuality();
  list.forEach((d, k) => {
    q.rows += d.rows;
    q.bars += d.bars;
    q.gaps += d.gaps;
    q.missingMinutes += d.missingMinutes;
    q.duplicates += d.duplicates;
    q.outOfOrder += d.outOfOrder;
    q.invalid += d.invalid;
    for (const kind of ['gap', 'duplicate', 'outOfOrder', 'invalid'] as const) {
      for (const ex of d.examples[kind]) {
        if (q.examples[kind].length < MAX_EXAMPLES) q.examples[kind].push(`${symbols[k]}: ${ex}`);
      }
    }
    if (d.firstOpenTime !== null && (q.firstOpenTime === null || d.firstOpenTime < q.firstOpenTime)) {
      q.firstOpenTime = d.firstOpenTime;
    }
    if (d.lastOpenTime !== null && (q.lastOpenTime === null || d.lastOpenTime > q.lastOpenTime)) {
      q.lastOpenTime = d.lastOpenTime;
    }
  });
  return q;
}

export function combineSkips(list: readonly BacktestReport['skips'][]): Record<SkipReason, number> {
  const out = emptySkipCounts();
  for (const s of list) for (const r of SKIP_REASONS) out[r] += s[r];
  return out;
}

/** Counts summed per exchange code; the example is the first symbol's that has one. Sorted by code. */
export function combineRejects(
  list: readonly Readonly<Record<string, RejectCount>>[],
): Record<string, RejectCount> {
  const merged = new Map<string, { count: number; example: string }>();
  for (const rejects of list) {
    for (const [code, r] of Object.entries(rejects)) {
      const m = merged.get(code);
      if (m) m.count += r.count;
      else merged.set(code, { count: r.count, example: r.example });
    }
  }
  const out: Record<string, RejectCount> = {};
  for (const code of [...merged.keys()].sort((a, b) => Number(a) - Number(b))) out[code] = merged.get(code)!;
  return out;
}

/** Votes, agreements, agreed bars and attributed P&L summed per agent (in the first report's agent order). */
export function combineAgents(list: readonly AgentStatsReport[]): AgentStatsReport {
  const first = list[0];
  if (first === undefined) throw new Error('combineAgents: no reports');
  const agents: AgentReport[] = first.agents.map((a) => {
    const same = list.map((r) => r.agents.find((x) => x.agent === a.agent));
    const sum = (f: (x: AgentReport) => number): number => same.reduce((s, x) => s + (x ? f(x) : 0), 0);
    const total = sum((x) => x.total);
    const agreements = sum((x) => x.agreements);
    return {
      agent: a.agent,
      votes: {
        long: sum((x) => x.votes.long),
        flat: sum((x) => x.votes.flat),
        short: sum((x) => x.votes.short),
      },
      total,
      agreements,
      agreementRatePct: total > 0 ? (agreements / total) * 100 : null,
      agreedBars: sum((x) => x.agreedBars),
      pnlAttribution: sum((x) => x.pnlAttribution),
    };
  });
  return {
    threshold: first.threshold,
    attributionMethod: `${first.attributionMethod}; summed over the symbols (each symbol's bars and P&L)`,
    agents,
  };
}

/**
 * Round-trip statistics over every symbol's closed trades. Exact sums of the symbols' counters;
 * the means are re-weighted by each symbol's closed-trade count (Σ mean_k × n_k / Σ n_k).
 */
export function combineTradeMetrics(list: readonly TradeMetrics[]): TradeMetrics {
  if (list.length === 1) return list[0]!;
  let closed = 0;
  let open = 0;
  let wins = 0;
  let losses = 0;
  let gp = 0;
  let gl = 0;
  let pnl = 0;
  let pct = 0;
  let dur = 0;
  let best: TradeSummary | null = null;
  let worst: TradeSummary | null = null;
  for (const t of list) {
    closed += t.closed;
    open += t.open;
    wins += t.wins;
    losses += t.losses;
    gp += t.grossProfit;
    gl += t.grossLoss;
    pnl += (t.expectancy ?? 0) * t.closed;
    pct += (t.expectancyPct ?? 0) * t.closed;
    dur += (t.avgDurationMs ?? 0) * t.closed;
    if (t.best !== null && (best === null || t.best.pnl > best.pnl)) best = t.best;
    if (t.worst !== null && (worst === null || t.worst.pnl < worst.pnl)) worst = t.worst;
  }
  return {
    closed,
    open,
    wins,
    losses,
    winRatePct: closed > 0 ? (wins / closed) * 100 : null,
    grossProfit: gp,
    grossLoss: gl,
    profitFactor: gl > 0 ? gp / gl : null,
    expectancy: closed > 0 ? pnl / closed : null,
    expectancyPct: closed > 0 ? pct / closed : null,
    avgDurationMs: closed > 0 ? dur / closed : null,
    best,
    worst,
  };
}

export const COMBINED_FINGERPRINT_FORMAT = 'drl-tui-multi-v1';

/**
 * sha256 over the symbols' fill fingerprints in --symbols order: the text
 * `drl-tui-multi-v1\n` + one `SYMBOL <format> <fills> <sha256>\n` line per symbol.
 * The same per-symbol fingerprints in the same order give the same combined digest.
 */
export function combineFingerprints(
  symbols: readonly string[],
  list: readonly BacktestReport['fingerprint'][],
): BacktestReport['fingerprint'] {
  const h = createHash('sha256').update(`${COMBINED_FINGERPRINT_FORMAT}\n`);
  let fills = 0;
  list.forEach((f, k) => {
    h.update(`${symbols[k]} ${f.format} ${f.fills} ${f.sha256}\n`);
    fills += f.fills;
  });
  return { format: COMBINED_FINGERPRINT_FORMAT, fills, sha256: h.digest('hex') };
}
