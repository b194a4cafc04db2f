import type { DataQuality } from './data/types.js';
import { buildBacktestReport } from './report/backtestReport.js';
import type { BacktestReport } from './report/backtestReport.js';
import type { Session } from './session.js';
import { ENGINE_VERSION } from './version.js';

/** The report of what a session's engine has done so far: the one shape every run reports in. */
export function reportOfSession(session: Session, dataQuality: DataQuality, wallMs?: number): BacktestReport {
  const e = session.engine;
  const p = e.parts;
  return buildBacktestReport({
    symbol: p.symbol,
    quoteAsset: p.planner.filters.quoteAsset,
    market: p.planner.market,
    strategy: session.strategy.name,
    dataQuality,
    params: session.params,
    model: session.model,
    engineVersion: ENGINE_VERSION,
    tracker: p.tracker,
    agents: p.agentStats,
    outcomes: p.outcomes,
    fingerprint: p.fingerprint,
    series: e.series,
    ...(wallMs !== undefined ? { wallMs } : {}),
  });
}
