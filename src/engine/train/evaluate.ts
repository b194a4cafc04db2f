import type { Fill } from '../core/types.js';
import { FastPolicyNet } from '../policy/fastForward.js';
import type { DenseLayer } from '../policy/fastForward.js';
import type { PolicyScaler } from '../policy/policyJson.js';
import { ObservationScaler } from '../policy/scaler.js';
import { FillFingerprint } from '../report/fingerprint.js';
import { PerformanceTracker } from '../report/performanceTracker.js';
import type { MarketSplit } from './marketSplit.js';
import { TradingEnv } from './tradingEnv.js';
import type { EnvConfig, EnvObserver } from './tradingEnv.js';
import { ObservationBuilder } from '../features/observation.js';

/**
 * The deterministic policy exactly as the DRL agent runs a package: raw observation → the
 * package's scaler and observation clip (ObservationScaler) → FastPolicyNet → the action mean,
 * clamped to clip.action ∩ [−1, 1]. A non-finite output is 0, as in DrlAgent.
 */
export class PolicyRunner {
  readonly scaled: Float64Array;
  private readonly scaler: ObservationScaler;
  private readonly net: FastPolicyNet;

  constructor(
    layers: readonly DenseLayer[],
    scaler: PolicyScaler,
    width: number,
    obsClip: readonly [number, number] | null,
    private readonly actionClip: readonly [number, number] = [-1, 1],
  ) {
    this.scaler = new ObservationScaler(scaler, width, obsClip);
    this.net = new FastPolicyNet(layers, { inputWidth: width });
    this.scaled = new Float64Array(width);
  }

  /** Scales `raw` into `this.scaled` and returns the network output (the Gaussian's mean, unclipped). */
  mean(raw: Float64Array): number {
    this.scaled.set(raw);
    this.scaler.apply(this.scaled);
    return this.net.forward(this.scaled);
  }

  /** The trading action: the mean clamped as DrlAgent clamps it. */
  act(raw: Float64Array): number {
    const y = this.mean(raw);
    const lo = Math.max(-1, this.actionClip[0]);
    const hi = Math.min(1, this.actionClip[1]);
    return !Number.isFinite(y) ? 0 : y < lo ? lo : y > hi ? hi : y;
  }
}

/** A split's backtest-style numbers for one deterministic policy (PerformanceTracker conventions). */
export interface EvalMetrics {
  readonly bars: number;
  readonly returnPct: number;
  /** Per-bar simple returns, mean/std × √525600 (1-minute bars), risk-free 0; null for a flat run. */
  readonly sharpe: number | null;
  readonly maxDrawdownPct: number;
  readonly orders: number;
  /** Closed round trips (flat → position → flat). */
  readonly trades: number;
  readonly turnover: number | null;
  readonly feesPaid: number;
  readonly exposurePct: number;
  readonly buyAndHoldPct: number | null;
  /** sha256 of the fills, as `drl-tui backtest` prints it for the same data, package and costs. */
  readonly fingerprint: string;
}

/**
 * Runs the policy over the whole split from its first bar, flat, with the start cash: the same
 * decisions, fills and metrics `drl-tui backtest --strategy drl` produces on the split's files.
 */
export function evaluatePolicy(
  split: MarketSplit,
  config: EnvConfig,
  runner: PolicyRunner,
  order?: readonly string[],
): EvalMetrics {
  const tracker = new PerformanceTracker({ startEquity: config.startCash, feeRate: config.feeRate });
  const fingerprint = new FillFingerprint();
  const observer: EnvObserver = {
    onBar: (t, close, equity, position) => tracker.onBar(t, close, equity, position),
    onFill: (fill: Fill, feeQuote, qtyAfter, realized) => {
      tracker.onFill({
        time: fill.time,
        side: fill.side,
        qty: fill.quantity,
        price: fill.price,
        fee: feeQuote,
        positionQtyAfter: qtyAfter,
        realizedPnlDelta: realized,
      });
      fingerprint.update({
        time: fill.time,
        side: fill.side,
        qty: fill.quantity,
        price: fill.price,
        fee: fill.fee,
      });
    },
  };
  const env = new TradingEnv(split, config, new ObservationBuilder(order), observer);
  env.reset(0, split.length - 1);
  while (!env.done) env.step(runner.act(env.obs));
  const s = tracker.summary();
  return {
    bars: s.bars,
    returnPct: s.totalReturnPct,
    sharpe: s.sharpe,
    maxDrawdownPct: s.maxDrawdown.maxPct,
    orders: s.orders,
    trades: s.trades.closed,
    turnover: s.turnover,
    feesPaid: s.totalFees,
    exposurePct: s.exposurePct,
    buyAndHoldPct: s.buyAndHold.returnPct,
    fingerprint: fingerprint.digest(),
  };
}
