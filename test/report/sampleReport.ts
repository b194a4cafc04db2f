import { AgentStats } from '../../src/engine/report/agentStats.js';
import type { BacktestReport } from '../../src/engine/report/backtestReport.js';
import { buildBacktestReport } from '../../src/engine/report/backtestReport.js';
import { FillFingerprint } from '../../src/engine/report/fingerprint.js';
import { OutcomeCounts } from '../../src/engine/report/outcomeCounts.js';
import { PerformanceTracker } from '../../src/engine/report/performanceTracker.js';
import { emptyQuality } from '../../src/engine/data/types.js';

/**
 * A small but complete run built through the real accumulators: closes are the first ten ETHUSDT
 * 1-minute closes of 2024-01-01 (Binance), one winning long trade, a few skips and a reject.
 */
export const CLOSES = [
  2282.2, 2283.96, 2285.89, 2286.42, 2285.21, 2287.25, 2288.3, 2288.31, 2287.61, 2286.68,
];
export const T0 = 1704067200000;
/** USD-M-like 0.02 % fee: small enough that the sample's one trade wins (profit factor "inf"). */
const FEE = 0.0002;

export function sampleReport(): BacktestReport {
  const tracker = new PerformanceTracker({ startEquity: 10_000, feeRate: FEE });
  const agents = new AgentStats();
  const outcomes = new OutcomeCounts();
  const fp = new FillFingerprint();
  let qty = 0;
  let cash = 10_000;
  let prevEquity = 10_000;
  let heldFraction = 0;
  CLOSES.forEach((close, i) => {
    const t = T0 + i * 60_000;
    if (i === 1 || i === 6) {
      const side = i === 1 ? 'BUY' : 'SELL';
      const q = 2;
      const fee = q * close * FEE;
      cash += (side === 'BUY' ? -1 : 1) * q * close - fee;
      const after = side === 'BUY' ? q : 0;
      const realized = side === 'SELL' ? (close - CLOSES[1]!) * q : 0;
      const f = {
        time: t,
        side,
        qty: q,
        price: close,
        fee,
        positionQtyAfter: after,
        realizedPnlDelta: realized,
      } as const;
      tracker.onFill(f);
      fp.update(f);
      qty = after;
    } else {
      outcomes.skip('NO_CHANGE');
    }
    const equity = cash + qty * close;
    // Simplification for the sample: the bar's P&L is credited against the position held before this bar's fill.
    agents.onBarPnl(equity - prevEquity, heldFraction);
    prevEquity = equity;
    heldFraction = (qty * close) / equity;
    agents.observeVotes(
      [
        { agent: 'drl', target: i < 6 ? 0.5 : 0 },
        { agent: 'rsi', target: 0 },
        { agent: 'macd', target: 0.3 },
        { agent: 'bollinger', target: -0.2 },
      ],
      i < 6 ? 0.4 : 0,
    );
    tracker.onBar(t, close, equity, (qty * close) / equity);
  });
  outcomes.skip('MAX_STEP');
  outcomes.reject(-2010, 'Account has insufficient balance for requested action.');
  const dq = emptyQuality();
  dq.rows = dq.bars = CLOSES.length;
  dq.firstOpenTime = T0;
  dq.lastOpenTime = T0 + 9 * 60_000;
  return buildBacktestReport({
    symbol: 'ETHUSDT',
    quoteAsset: 'USDT',
    market: 'spot',
    strategy: 'ensemble',
    dataQuality: dq,
    params: { maxStep: 0.1, fee: FEE, weights: { drl: 1, rsi: 1 } },
    model: { name: 'ppo-eth', sha256: 'ab'.repeat(32) },
    engineVersion: '0.1.0',
    tracker,
    agents,
    outcomes,
    fingerprint: fp,
    wallMs: 1234,
  });
}
