import type { Fill, Market, SymbolFilters } from '../core/types.js';
import { OrderPlanner } from '../execution/orderPlanner.js';
import type { OrderIntent } from '../core/types.js';
import { PaperExecutor } from '../execution/paperExecutor.js';
import { Portfolio } from '../execution/portfolio.js';
import { ObservationBuilder } from '../features/observation.js';
import { RiskManager } from '../risk/riskManager.js';
import type { RiskLimits } from '../risk/riskManager.js';
import { MARKET_WIDTH } from './marketSplit.js';
import type { MarketSplit } from './marketSplit.js';

export interface EnvConfig {
  readonly market: Market;
  readonly filters: SymbolFilters;
  readonly feeRate: number; // per fill, of notional (0.001 = 0.1 %)
  readonly slippageBps: number;
  readonly startCash: number;
  /** Risk limits as the 'drl' strategy runs them (RiskManager defaults: maxStep 0.1 per bar). */
  readonly risk: Partial<RiskLimits>;
  /** Multiplies the per-bar log return (the reward's unit; advantages are normalised anyway). */
  readonly rewardScale: number;
  /** Weight of the drawdown term (0 = none); see TradingEnv. */
  readonly drawdownPenalty: number;
}

/** What a backtest records, for evaluations that must report the engine's own metrics. */
export interface EnvObserver {
  onBar(openTime: number, close: number, equity: number, position: number): void;
  onFill(fill: Fill, feeQuote: number, positionQtyAfter: number, realizedPnlDelta: number): void;
}

/**
 * The training environment: one bar per step, assembled from the engine's own parts so a trained
 * policy meets exactly the rules it will trade under. Per step, as TradingEngine.processBarSync:
 *
 *   decision on bar i (its close):  target = clip(action, −1, 1)
 *     → RiskManager.apply (spot: no shorts; |Δ| ≤ maxStep 0.1 per bar; daily-loss halt)
 *     → OrderPlanner.planValues at close_i (LOT_SIZE flooring, minQty/minNotional skips, dust)
 *   bar i+1: PaperExecutor fills it at open_{i+1} ± slippage, fee on notional, cash clipping
 *     → Portfolio.applyFill; equity and position fraction marked at close_{i+1}
 *   reward = rewardScale · ln(E_{i+1} / E_i) − drawdownPenalty · rewardScale · ΔDD_{i+1}
 *
 * E is equity after fees and slippage, so costs are in the reward by construction. ΔDD is the
 * increase (never the level) of the drawdown ln(peak E / E) over the episode: 0 while equity
 * makes new highs or recovers, so the term only ever charges the part of a loss that deepens a
 * drawdown, and with the default weight 0 the reward is the plain log return.
 *
 * The observation is the raw (unscaled) vector in the policy's order from the precomputed market
 * features of bar i and the position terms (position fraction at close_i and its change since the
 * previous bar), written to `obs`. Episodes start flat with `startCash`, as a backtest does.
 */
export class TradingEnv {
  readonly obs: Float64Array;
  /** True after the step that reached the episode's last bar. */
  done = true;
  /** Index of the current bar in the split. */
  index = 0;
  equity = 0;
  position = 0;
  /** Σ ln(E_{t+1}/E_t) over the episode so far = ln(E / startCash), unscaled. */
  logReturn = 0;

  private readonly values = new Float64Array(MARKET_WIDTH);
  private end = 0;
  private peakLog = 0;
  private portfolio: Portfolio;
  private executor: PaperExecutor;
  private planner: OrderPlanner;
  private risk: RiskManager;

  constructor(
    readonly split: MarketSplit,
    readonly config: EnvConfig,
    readonly builder: ObservationBuilder = new ObservationBuilder(),
    private readonly observer: EnvObserver | null = null,
  ) {
    this.obs = new Float64Array(builder.size);
    // Placeholders until reset() builds the episode's own parts.
    this.portfolio = new Portfolio(config.startCash, config.market);
    this.executor = this.makeExecutor();
    this.planner = this.makePlanner();
    this.risk = new RiskManager(config.risk, config.market);
  }

  /** Starts an episode at bar `start` that runs `steps` decisions (to bar start + steps). */
  reset(start: number, steps: number): void {
    const n = this.split.length;
    if (!(start >= 0 && steps >= 1 && start + steps < n)) {
      throw new Error(`episode [${start}, ${start + steps}] does not fit the ${n}-bar split`);
    }
    const c = this.config;
    this.portfolio = new Portfolio(c.startCash, c.market, {
      base: c.filters.baseAsset,
      quote: c.filters.quoteAsset,
    });
    this.executor = this.makeExecutor();
    this.planner = this.makePlanner();
    this.risk = new RiskManager(c.risk, c.market);
    this.index = start;
    this.end = start + steps;
    this.done = false;
    this.equity = c.startCash;
    this.position = 0;
    this.logReturn = 0;
    this.peakLog = 0;
    this.observer?.onBar(this.split.openTime[start]!, this.split.close[start]!, this.equity, 0);
    this.writeObs(start, 0, 0);
  }

  /** Acts on the current bar and advances one bar; returns the reward. */
  step(action: number): number {
    if (this.done) throw new Error('step() after the episode ended: call reset()');
    const s = this.split;
    const i = this.index;
    const target = action > 1 ? 1 : action < -1 ? -1 : action === action ? action : 0;
    const openTime = s.openTime[i]!;
    const allowed = this.risk.apply(target, this.position, this.equity, openTime);
    const plan = this.planner.planValues(allowed, this.equity, s.close[i]!, this.portfolio.qty, openTime);
    const intent: OrderIntent | null = plan.kind === 'order' ? plan.intent : null;

    const j = i + 1;
    if (intent !== null) this.fill(intent, s.open[j]!, s.openTime[j]!);
    const close = s.close[j]!;
    const equity = this.portfolio.equity(close);
    const position = equity > 0 ? (this.portfolio.qty * close) / equity : 0;
    const change = position - this.position;
    this.observer?.onBar(s.openTime[j]!, close, equity, position);

    const c = this.config;
    const r = equity > 0 && this.equity > 0 ? Math.log(equity / this.equity) : -1;
    this.logReturn += r;
    let reward = c.rewardScale * r;
    if (c.drawdownPenalty > 0) {
      const ddBefore = this.peakLog - (this.logReturn - r);
      if (this.logReturn > this.peakLog) this.peakLog = this.logReturn;
      const ddAfter = this.peakLog - this.logReturn;
      if (ddAfter > ddBefore) reward -= c.drawdownPenalty * c.rewardScale * (ddAfter - ddBefore);
    }
    this.equity = equity;
    this.position = position;
    this.index = j;
    this.done = j >= this.end || !(equity > 0);
    this.writeObs(j, position, change);
    return reward;
  }

  private fill(intent: OrderIntent, open: number, time: number): void {
    const result = this.executor.fillNow(intent, open, time);
    if (result.status !== 'filled') return;
    const p = this.portfolio;
    const realizedBefore = p.realizedPnl;
    const feesBefore = p.fees;
    p.applyFill(result.fill);
    this.observer?.onFill(result.fill, p.fees - feesBefore, p.qty, p.realizedPnl - realizedBefore);
  }

  private writeObs(i: number, position: number, change: number): void {
    const v = this.values;
    const f = this.split.features;
    const base = i * MARKET_WIDTH;
    for (let k = 0; k < MARKET_WIDTH; k++) v[k] = f[base + k]!;
    this.builder.fill(v, position, change, this.obs);
  }

  private makeExecutor(): PaperExecutor {
    const c = this.config;
    return new PaperExecutor({
      symbol: c.filters.symbol,
      market: c.market,
      filters: c.filters,
      feeRate: c.feeRate,
      slippageBps: c.slippageBps,
      startCash: c.startCash,
      portfolio: this.portfolio,
    });
  }

  private makePlanner(): OrderPlanner {
    // Each episode has its own executor, so one fixed session id keeps client order ids unique.
    return new OrderPlanner({
      sessionId: 'train',
      symbol: this.config.filters.symbol,
      filters: this.config.filters,
      market: this.config.market,
    });
  }
}
