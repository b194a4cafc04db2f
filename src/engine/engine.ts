import type { EngineCommand, EngineEvent } from './core/events.js';
import type { OrderResult } from './core/executor.js';
import type { EngineHandle } from './core/engineHandle.js';
import type { EventLine, Snapshot } from './core/snapshot.js';
import type {
  AgentInput,
  Bar,
  FeedStatus,
  Fill,
  OrderIntent,
  OrderSide,
  TradingState,
} from './core/types.js';
import type { EngineParts, EngineRuntimeState } from './engineParts.js';
import type { BarChunk } from './data/types.js';
import { PlannedOrder } from './execution/orderPlanner.js';
import type { FillNumbers } from './execution/paperHistory.js';
import { SeriesRecorder } from './report/seriesRecorder.js';
import { FillEvent } from './fillEvent.js';
import { Ring } from './ring.js';
import { SnapshotPublisher } from './snapshotPublisher.js';

export type { EngineParts, EngineRuntimeState, RiskGate, TargetCombiner } from './engineParts.js';

const FLAT_EPS = 1e-9;

/** Bar i of a column chunk as a Bar object (a 1-minute bar closes 59.999 s after it opens). */
function barAt(c: BarChunk, i: number): Bar {
  const t = c.openTime[i]!;
  return {
    openTime: t,
    open: c.open[i]!,
    high: c.high[i]!,
    low: c.low[i]!,
    close: c.close[i]!,
    volume: c.volume[i]!,
    closeTime: t + 59_999,
  };
}

/** Traded decisions the session log lists (the newest); the journal has them all. */
export const TRADED_LINES_KEPT = 1000;

/**
 * One engine for backtest, replay and live: feed → features → agents → ensemble → risk → planner →
 * executor → journal → snapshot. `processBarSync` is the whole decision for one closed bar and is
 * the backtest's hot loop (`processBarAt` reads it from a chunk's columns); `decideBar` and
 * `decideBarAt` add the commit and the send to exchange executors for replay and live.
 * Commands come down through `send`; events go up to listeners; nothing calls back up the chain.
 *
 * Orders nobody watches stay numbers: with no journal and no listener (a plain backtest, or a
 * replay on the screen), a paper order goes planner → paper executor → portfolio and reports as
 * numbers, and its OrderIntent, client order id and Fill are never built; the screen and the
 * session log get each fill as a FillEvent. The journal and listeners get the objects, built from
 * the same numbers, so the results are the same either way.
 */
export class TradingEngine implements EngineHandle {
  readonly parts: EngineParts;
  private readonly input: { bar: Bar; features: Float64Array; position: number; positionChange: number };
  private readonly bar = { openTime: 0, open: 0, high: 0, low: 0, close: 0, volume: 0, closeTime: 0 };
  /** The bar being taken, before it is checked: `bar` keeps the last accepted one until then. */
  private readonly incoming = { openTime: 0, open: 0, high: 0, low: 0, close: 0, volume: 0 };
  /** Paper: the order decided on the last bar, filled at this bar's open (`planned` when from this run's planner). */
  private pending: OrderIntent | null = null;
  private readonly planned: PlannedOrder;
  /** This bar's agent targets and their ensemble weights, index for index with parts.agents. */
  private readonly targets: Float64Array;
  private readonly weights: Float64Array;
  private hasPlanned = false;
  private prevPosition = 0;
  private prevEquity: number;
  private lastOpenTime = -Infinity;
  private lastClose = 0;
  /** The last planned order's id, kept as (bar, seq) so it is spelled out only when asked for. */
  private lastPlannedId: string | null = null;
  private lastPlannedBar = Number.NaN;
  private lastPlannedSeq = 0;
  private unresolved: OrderIntent[] = [];
  private commitHook: ((inflight: OrderIntent | null) => void) | null = null;
  ensembleTarget = 0;
  riskTarget = 0;
  trading: TradingState = 'TRADING';
  feedStatus: FeedStatus;
  feedDetail = '';
  reconnects = 0;
  barsProcessed = 0;
  readonly orderStatus: Record<'submitted' | 'filled' | 'rejected' | 'unknown' | 'skipped', number> = {
    submitted: 0,
    filled: 0,
    rejected: 0,
    unknown: 0,
    skipped: 0,
  };
  private readonly listeners = new Set<(e: EngineEvent) => void>();
  private readonly publisher: SnapshotPublisher | null;
  private readonly commandHandlers = new Set<(c: EngineCommand) => void>();
  // The session log lists the newest traded decisions; the journal holds every one. Bounded so a
  // long session's memory stays flat (a 1-minute ensemble trades on about a third of the bars).
  private readonly traded = new Ring<FillEvent>(TRADED_LINES_KEPT);
  private tradedCount = 0;
  readonly series: SeriesRecorder;

  constructor(parts: EngineParts) {
    this.parts = parts;
    this.input = { bar: this.bar, features: parts.features.values, position: 0, positionChange: 0 };
    this.prevEquity = parts.portfolio.cash;
    this.feedStatus = parts.mode === 'REPLAY' || parts.mode === 'BACKTEST' ? 'replay' : 'connecting';
    this.publisher = parts.screen ? new SnapshotPublisher({ ...parts.screen, engine: this }) : null;
    this.series = parts.series ?? new SeriesRecorder({ startEquity: parts.portfolio.cash });
    this.planned = new PlannedOrder(parts.planner);
    this.targets = new Float64Array(parts.agents.length);
    this.weights = parts.ensemble.weightsFor(parts.agents);
  }

  // ---- the hot path -------------------------------------------------------------------------

  /**
   * Decide on one closed bar. Paper: a pending order from the previous bar fills at this bar's open
   * first. Returns an intent the caller must send when the executor is not the synchronous paper one.
   */
  processBarSync(
    openTime: number,
    open: number,
    high: number,
    low: number,
    close: number,
    volume: number,
  ): OrderIntent | null {
    const n = this.incoming;
    n.openTime = openTime;
    n.open = open;
    n.high = high;
    n.low = low;
    n.close = close;
    n.volume = volume;
    return this.decideIncoming();
  }

  /**
   * processBarSync for bar i of a column chunk (the backtest's loop). Six numbers passed to a call
   * are six heap boxes a bar; read from the columns into fields they are none.
   */
  processBarAt(c: BarChunk, i: number): OrderIntent | null {
    const n = this.incoming;
    n.openTime = c.openTime[i]!;
    n.open = c.open[i]!;
    n.high = c.high[i]!;
    n.low = c.low[i]!;
    n.close = c.close[i]!;
    n.volume = c.volume[i]!;
    return this.decideIncoming();
  }

  private decideIncoming(): OrderIntent | null {
    const p = this.parts;
    const { openTime, open, high, low, close, volume } = this.incoming;
    if (!(openTime > this.lastOpenTime)) {
      this.emit({
        type: 'dataQuality',
        ts: p.clock.now(),
        kind: openTime === this.lastOpenTime ? 'duplicate' : 'outOfOrder',
        detail: `bar ${new Date(openTime).toISOString()} dropped`,
      });
      return null;
    }
    if (!(close > 0) || !Number.isFinite(close) || !(open > 0) || !(volume >= 0)) {
      // A NaN that reaches the core halts new exposure instead of trading on it (STYLE.md 10).
      this.setTrading(
        'HALTED',
        `bad bar at ${new Date(openTime).toISOString()}: close=${close} volume=${volume}`,
      );
      return null;
    }
    const b = this.bar;
    b.openTime = openTime;
    b.open = open;
    b.high = high;
    b.low = low;
    b.close = close;
    b.volume = volume;
    b.closeTime = openTime + 59_999;
    this.lastOpenTime = openTime;
    this.lastClose = close;
    this.barsProcessed++;

    if (p.paper !== null) {
      if (this.hasPlanned) {
        this.hasPlanned = false;
        this.fillPlanned(open, openTime);
      } else if (this.pending !== null) {
        const intent = this.pending;
        this.pending = null;
        this.applyResult(intent, p.paper.fillNow(intent, open, openTime));
      }
    }

    const portfolio = p.portfolio;
    const equity = portfolio.equity(close);
    const position = equity > 0 ? (portfolio.qty * close) / equity : 0;
    // The pending fill happened at this bar's open, so the bar's P&L was earned with `position`.
    p.agentStats.onBarPnl(equity - this.prevEquity, position);
    this.prevEquity = equity;

    p.features.update(close, volume, p.sentimentAt(openTime));
    const input = this.input;
    input.position = position;
    input.positionChange = position - this.prevPosition;
    this.prevPosition = position;
    const agents = p.agents;
    const targets = this.targets;
    for (let i = 0; i < agents.length; i++) {
      const agent = agents[i]!;
      agent.step(input as AgentInput);
      targets[i] = agent.target;
    }
    const target = p.ensemble.combineTargets(targets, this.weights);
    this.ensembleTarget = target;
    // agentStats was built from this same agent list, so index i is agent i.
    p.agentStats.observeTargets(targets, target);
    const allowed = p.risk.apply(target, position, equity, openTime);
    this.riskTarget = allowed;
    const codes = p.risk.codes;
    for (let i = 0; i < codes.length; i++) p.outcomes.skip(codes[i]!);

    let order: PlannedOrder | null = null;
    const plan = p.planner.planValues(allowed, equity, close, portfolio.qty, openTime);
    if (plan.kind === 'skip') {
      p.outcomes.skip(plan.reason);
    } else {
      this.notePlanned(plan);
      if (this.trading === 'PAUSED') {
        p.outcomes.skip('PAUSED');
        if (this.publisher) this.note('would', `would ${plan.intent.side} ${plan.intent.quantity} (paused)`);
      } else {
        order = plan;
      }
    }
    p.tracker.onBar(openTime, close, equity, position);
    this.series.onBar(openTime, close, equity, position);

    if (p.journal)
      this.journalDecision(
        plan.kind === 'skip' ? { skip: plan.reason, detail: plan.detail } : { intent: plan.intent },
        equity,
        position,
      );
    if (this.publisher) this.publisher.onBar(close, equity);
    if (order === null) return null;
    this.orderStatus.submitted++;
    p.journal?.append({ type: 'order', ts: p.clock.now(), intent: order.intent });
    if (this.listeners.size > 0) this.emit({ type: 'order', ts: p.clock.now(), intent: order.intent });
    if (p.paper !== null) {
      // The planner reuses its order object: keep a copy until the next bar's open.
      this.planned.copyFrom(order);
      this.hasPlanned = true;
      return null;
    }
    return order.intent;
  }

  /** Live/replay path: decide, then send to an exchange executor and wait for its answer before the next bar. */
  async processBar(bar: Bar): Promise<void> {
    await this.decideBar(bar);
  }

  /**
   * processBar without the promise when nothing is sent: the replay loop calls this so a paper
   * replay does not yield to the microtask queue on every bar. Returns the send to await, if any.
   */
  decideBar(bar: Bar): Promise<void> | undefined {
    if (this.listeners.size > 0) this.emit({ type: 'bar', ts: this.parts.clock.now(), bar, closed: true });
    const before = this.barsProcessed;
    const intent = this.processBarSync(bar.openTime, bar.open, bar.high, bar.low, bar.close, bar.volume);
    return this.afterDecision(before, intent);
  }

  /** decideBar for bar i of a column chunk (the replay's loop): the Bar object is made only for listeners. */
  decideBarAt(c: BarChunk, i: number): Promise<void> | undefined {
    if (this.listeners.size > 0) return this.decideBar(barAt(c, i));
    const before = this.barsProcessed;
    return this.afterDecision(before, this.processBarAt(c, i));
  }

  private afterDecision(barsBefore: number, intent: OrderIntent | null): Promise<void> | undefined {
    // A dropped bar (duplicate, out of order, bad values) was not decided: no decision event, no commit.
    if (this.barsProcessed === barsBefore) return undefined;
    if (this.listeners.size > 0) this.emitDecision();
    // Persist before anything leaves the process, so a restart knows what may be on the exchange.
    this.commitHook?.(intent);
    // Only an exchange order is awaited: a replay with the paper executor never yields per bar.
    return intent !== null ? this.sendNow(intent, this.lastClose) : undefined;
  }

  /**
   * Live warm-up (history loaded at start): the bar moves the features, the agents' memory and the
   * price line, and nothing else — no decision, no order; the journal gets a `warmup` record (the
   * bar and its sentiment input) so verify can warm up on the same bars.
   */
  warmUp(bar: Bar): void {
    const p = this.parts;
    if (!(bar.openTime > this.lastOpenTime) || !(bar.close > 0) || !Number.isFinite(bar.close)) return;
    this.lastOpenTime = bar.openTime;
    this.lastClose = bar.close;
    p.features.update(bar.close, bar.volume, p.sentimentAt(bar.openTime));
    const b = this.bar;
    b.openTime = bar.openTime;
    b.open = bar.open;
    b.high = bar.high;
    b.low = bar.low;
    b.close = bar.close;
    b.volume = bar.volume;
    b.closeTime = bar.openTime + 59_999;
    // Journaled so `drl-tui verify` can warm a fresh engine up on the very same bars.
    p.journal?.append({
      type: 'warmup',
      ts: p.clock.now(),
      bar: { ...b },
      sentiment: p.sentimentAt(bar.openTime),
    });
    const equity = p.portfolio.equity(bar.close);
    const input = this.input;
    input.position = equity > 0 ? (p.portfolio.qty * bar.close) / equity : 0;
    input.positionChange = 0;
    for (const a of p.agents) a.step(input as AgentInput);
    this.publisher?.onBar(bar.close, equity);
  }

  /** A forming (not closed) candle: it only moves the price line on screen. */
  onTick(bar: Bar): void {
    this.publisher?.onTick(bar.close);
  }

  // ---- orders and fills ---------------------------------------------------------------------

  private async sendNow(intent: OrderIntent, referencePrice: number): Promise<void> {
    const result = await this.parts.executor.place(intent, referencePrice, this.parts.clock.now());
    this.applyResult(intent, result);
  }

  /** The journal and listeners read orders and fills as objects; otherwise they can stay numbers (the screen reads FillEvents). */
  private get watched(): boolean {
    return this.parts.journal !== null || this.listeners.size > 0;
  }

  private notePlanned(plan: PlannedOrder): void {
    this.lastPlannedId = null;
    this.lastPlannedBar = plan.barOpenTime;
    this.lastPlannedSeq = plan.seq;
  }

  /** Fill the planned paper order at this bar's open: as numbers when nobody watches, else as objects. */
  private fillPlanned(open: number, openTime: number): void {
    const p = this.parts;
    const order = this.planned;
    if (!this.watched) {
      const f = p.paper!.fillPlanned(order, open, openTime);
      if (f !== null) {
        this.book(f.time, f.side, f.quantity, f.price, f.fee, f.feeAsset, order.planner.symbol, order);
        p.risk.noteTrade(this.lastOpenTime);
        if (this.publisher) this.noteFill(f);
        return;
      }
      // Not a plain fill (a refusal): the same outcome again, as an OrderResult with its message.
    }
    this.applyResult(order.intent, p.paper!.fillNow(order.intent, open, openTime));
  }

  private applyResult(intent: OrderIntent, result: OrderResult): void {
    const p = this.parts;
    const ts = p.clock.now();
    p.journal?.append({ type: 'orderResult', ts, clientOrderId: intent.clientOrderId, result });
    switch (result.status) {
      case 'filled':
        this.applyFill(result.fill);
        p.risk.noteTrade(this.lastOpenTime);
        break;
      case 'rejected':
        this.orderStatus.rejected++;
        this.series.onEvent(
          ts,
          'reject',
          `${intent.side} ${intent.quantity} rejected ${result.code}: ${result.message}`,
        );
        p.outcomes.reject(result.code, result.message);
        this.note('reject', `${intent.side} ${intent.quantity} rejected ${result.code}: ${result.message}`);
        this.emit({
          type: 'reject',
          ts,
          clientOrderId: intent.clientOrderId,
          code: result.code,
          message: result.message,
        });
        break;
      case 'unknown':
        this.orderStatus.unknown++;
        if (this.unresolved.length < 100) this.unresolved.push(intent);
        this.series.onEvent(ts, 'unknown', `order ${intent.clientOrderId} outcome unknown: ${result.detail}`);
        this.note('error', `order ${intent.clientOrderId} outcome unknown: ${result.detail}`);
        this.emit({
          type: 'error',
          ts,
          message: `order ${intent.clientOrderId} outcome unknown: ${result.detail}`,
        });
        break;
      case 'skipped':
        this.orderStatus.skipped++;
        p.outcomes.skip(result.reason);
        this.note('skip', `${intent.side} ${intent.quantity} skipped ${result.reason}: ${result.detail}`);
        this.emit({
          type: 'skip',
          ts,
          openTime: intent.barOpenTime,
          reason: result.reason,
          detail: result.detail,
        });
        break;
    }
  }

  private applyFill(fill: Fill): void {
    const p = this.parts;
    this.book(fill.time, fill.side, fill.quantity, fill.price, fill.fee, fill.feeAsset, fill.symbol, fill);
    p.journal?.append({
      type: 'fill',
      ts: p.clock.now(),
      fill,
      positionQty: p.portfolio.qty,
      cash: p.portfolio.cash,
    });
    if (this.publisher || this.listeners.size > 0) {
      this.noteFill(fill);
      this.emit({ type: 'fill', ts: p.clock.now(), fill });
    }
  }

  /** A fill for the session log and the screen's events, copied out as numbers (see FillEvent). */
  private noteFill(f: FillNumbers): void {
    const e = new FillEvent(this.parts.clock.now(), f.time, f.side, f.quantity, f.price, f.fee, f.feeAsset);
    this.traded.push(e);
    this.tradedCount++;
    this.publisher?.note(e);
  }

  /** A fill's effect on the account and the reports, from its numbers (`order` names it in an error). */
  private book(
    time: number,
    side: OrderSide,
    qty: number,
    price: number,
    fee: number,
    feeAsset: string,
    symbol: string,
    order: { readonly clientOrderId: string },
  ): void {
    const p = this.parts;
    const portfolio = p.portfolio;
    const before = portfolio.realizedPnl;
    const feesBefore = portfolio.fees;
    portfolio.applyTrade(side, qty, price, fee, feeAsset, symbol, order);
    this.orderStatus.filled++;
    this.series.onFill(time, side, qty, price);
    p.tracker.onFillValues(
      time,
      qty,
      price,
      portfolio.fees - feesBefore,
      portfolio.qty,
      portfolio.realizedPnl - before,
    );
    p.fingerprint.add(time, side, qty, price, fee);
  }

  // ---- commands -----------------------------------------------------------------------------

  send(command: EngineCommand): void {
    switch (command.type) {
      case 'pause':
        this.setTrading('PAUSED', 'paused by user: decisions still computed, no orders sent');
        break;
      case 'resume':
        if (this.trading === 'PAUSED') this.setTrading('TRADING', 'resumed by user');
        break;
      case 'flatten':
        void this.flatten('flatten requested by user').then(() =>
          this.setTrading('PAUSED', 'flattened; paused until you press p'),
        );
        break;
      case 'rerunSentiment':
      case 'quit':
        break;
    }
    for (const h of this.commandHandlers) h(command);
  }

  /** Drivers (CLI, sentiment runner) react to commands the engine itself does not own (quit, rerun). */
  onCommand(handler: (c: EngineCommand) => void): () => void {
    this.commandHandlers.add(handler);
    return () => this.commandHandlers.delete(handler);
  }

  /** Close the position now at the last price (bypasses max-step; refused only by the exchange). */
  async flatten(reason: string): Promise<void> {
    const p = this.parts;
    this.pending = null;
    this.hasPlanned = false;
    if (Math.abs(p.portfolio.qty) <= FLAT_EPS || this.lastClose <= 0) return;
    const equity = p.portfolio.equity(this.lastClose);
    const plan = p.planner.planValues(0, equity, this.lastClose, p.portfolio.qty, this.lastOpenTime);
    if (plan.kind === 'skip') {
      this.note('skip', `flatten: ${plan.reason} ${plan.detail}`);
      return;
    }
    this.notePlanned(plan);
    this.note('info', reason);
    this.orderStatus.submitted++;
    p.journal?.append({ type: 'order', ts: p.clock.now(), intent: plan.intent, reason });
    this.emit({ type: 'order', ts: p.clock.now(), intent: plan.intent });
    this.commitHook?.(plan.intent);
    await this.sendNow(plan.intent, this.lastClose);
  }

  setTrading(state: TradingState, detail: string): void {
    if (this.trading === state) return;
    this.trading = state;
    this.note('info', `${state}: ${detail}`);
    this.parts.journal?.append({ type: 'trading', ts: this.parts.clock.now(), state, detail });
    this.series.onEvent(this.parts.clock.now(), 'trading', `${state}: ${detail}`);
    this.emit({ type: 'trading', ts: this.parts.clock.now(), state, detail });
  }

  setFeed(status: FeedStatus, detail: string): void {
    this.feedStatus = status;
    this.feedDetail = detail;
    if (status === 'reconnecting') this.series.onEvent(this.parts.clock.now(), 'reconnect', detail);
    this.emit({ type: 'feed', ts: this.parts.clock.now(), status, detail });
    this.publisher?.markDirty();
  }

  // ---- restart support (live) ---------------------------------------------------------------

  /**
   * Called after every decided bar and before any order is sent (with that order, or null), so a
   * driver can persist the engine at the only points where a restart must find it consistent.
   */
  setCommitHook(hook: ((inflight: OrderIntent | null) => void) | null): void {
    this.commitHook = hook;
  }

  runtimeState(): EngineRuntimeState {
    return {
      lastOpenTime: this.lastBarOpenTime,
      lastClose: this.lastClose,
      prevPosition: this.prevPosition,
      prevEquity: this.prevEquity,
      pending: this.hasPlanned ? this.planned.intent : this.pending,
      unresolved: [...this.unresolved],
      lastPlannedId: Number.isNaN(this.lastPlannedBar)
        ? this.lastPlannedId
        : this.parts.planner.clientOrderId(this.lastPlannedBar, this.lastPlannedSeq),
      trading: this.trading,
    };
  }

  /** Put back what runtimeState() saved (before the first bar of a restarted session). */
  restoreRuntime(s: EngineRuntimeState): void {
    this.lastOpenTime = s.lastOpenTime ?? -Infinity;
    this.lastClose = s.lastClose;
    this.prevPosition = s.prevPosition;
    this.prevEquity = s.prevEquity;
    this.pending = s.pending;
    this.hasPlanned = false;
    this.unresolved = [...s.unresolved];
    this.lastPlannedId = s.lastPlannedId;
    this.lastPlannedBar = Number.NaN;
    if (s.trading === 'PAUSED') this.setTrading('PAUSED', 'paused before the restart; press p to resume');
  }

  /** Orders with an unknown outcome, taken out of the engine for a look-up (restart recovery). */
  takeUnresolved(): OrderIntent[] {
    const out = this.unresolved;
    this.unresolved = [];
    return out;
  }

  /**
   * Apply the outcome of an order sent before a restart (journal, portfolio, events), once. It is
   * counted as submitted in this run too, so every outcome in the report has its order.
   */
  settleRecovered(intent: OrderIntent, result: OrderResult): void {
    this.orderStatus.submitted++;
    this.applyResult(intent, result);
  }

  // ---- events, journal, snapshots -----------------------------------------------------------

  addListener(l: (e: EngineEvent) => void): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  emit(e: EngineEvent): void {
    for (const l of this.listeners) l(e);
  }

  note(kind: EventLine['kind'], text: string): void {
    this.publisher?.note({ ts: this.parts.clock.now(), kind, text });
  }

  private emitDecision(): void {
    this.emit({
      type: 'decision',
      ts: this.parts.clock.now(),
      openTime: this.lastOpenTime,
      votes: this.parts.agents.map((a) => a.vote()),
      ensembleTarget: this.ensembleTarget,
      riskTarget: this.riskTarget,
      riskCodes: [...this.parts.risk.codes],
      position: this.prevPosition,
    });
  }

  private journalDecision(plan: Record<string, unknown>, equity: number, position: number): void {
    const p = this.parts;
    p.journal!.append({
      type: 'decision',
      ts: p.clock.now(),
      bar: { ...this.bar },
      // The sentiment input (T+1 series) is journaled apart from the feature it becomes: verify feeds it back.
      sentiment: p.sentimentAt(this.bar.openTime),
      features: Array.from(p.features.values),
      ...p.journalExtra?.(),
      position,
      votes: p.agents.map((a) => a.vote()),
      ensembleTarget: this.ensembleTarget,
      risk: { target: this.riskTarget, codes: [...p.risk.codes] },
      plan,
      equity,
      trading: this.trading,
      ...p.journalContext,
    });
  }

  get lastPrice(): number {
    return this.lastClose;
  }
  get lastBarOpenTime(): number | null {
    return Number.isFinite(this.lastOpenTime) ? this.lastOpenTime : null;
  }
  get position(): number {
    return this.prevPosition;
  }
  /** The newest traded decisions (at most TRADED_LINES_KEPT), oldest first. */
  get tradedDecisions(): readonly string[] {
    return this.traded
      .newest()
      .reverse()
      .map((f) => f.logLine);
  }
  /** Every traded decision of the session, counted. */
  get tradedDecisionCount(): number {
    return this.tradedCount;
  }

  getSnapshot(): Snapshot {
    if (!this.publisher) throw new Error('this engine was built without a screen');
    return this.publisher.getSnapshot();
  }

  subscribe(listener: () => void): () => void {
    if (!this.publisher) throw new Error('this engine was built without a screen');
    return this.publisher.subscribe(listener);
  }

  /** Publish now (end of replay, quit): the throttle would otherwise hold the last frame back. */
  flushSnapshot(): void {
    this.publisher?.publishNow();
  }

  /** Something the screen shows changed outside the bar flow (e.g. sentiment progress). */
  touch(): void {
    this.publisher?.markDirty();
  }

  stopPublishing(): void {
    this.publisher?.stop();
  }
}
