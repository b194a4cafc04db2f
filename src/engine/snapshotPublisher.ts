import type { EventLine, FeatureRow, PositionView, SentimentView, Snapshot } from './core/snapshot.js';
import type { AgentName, Market } from './core/types.js';
import type { TradingEngine } from './engine.js';
import { FrameThrottle } from './frameThrottle.js';
import { NumberRing, Ring } from './ring.js';

/** What the publisher reads besides the engine itself. */
export interface SnapshotSources {
  readonly engine: TradingEngine;
  readonly market: Market;
  readonly model: Snapshot['model'];
  readonly weights: Readonly<Partial<Record<AgentName, number>>>;
  /** The 15-D state in the policy's order, raw and scaled (scaled = raw without a policy). */
  readonly featureRows: () => FeatureRow[];
  readonly sentiment: () => SentimentView;
  readonly executorState: () => Snapshot['executor'];
  readonly replaySpeed?: string; // "600x" / "max" in replay, shown beside the mode
  readonly historyLength?: number; // bars kept for the sparklines (default 600)
  readonly frameMs?: number; // minimum time between published snapshots (default 100 ms = 10 fps)
}

/**
 * Builds immutable snapshots for the screen, at most one per frame, and only when something
 * changed. The engine pays O(1) per bar (two ring pushes and a dirty flag); the copying happens
 * here at ≤ 10 Hz, so a `--speed max` replay is not slowed by drawing.
 */
export class SnapshotPublisher {
  private readonly prices: NumberRing;
  private readonly equity: NumberRing;
  private readonly events = new Ring<EventLine>(200);
  private readonly frames: FrameThrottle;
  private current: Snapshot;
  private seq = 0;
  private tickPrice: number | null = null;

  constructor(private readonly src: SnapshotSources) {
    const n = src.historyLength ?? 600;
    this.prices = new NumberRing(n);
    this.equity = new NumberRing(n);
    this.current = this.build();
    this.frames = new FrameThrottle(src.frameMs ?? 100, () => (this.current = this.build()));
  }

  onBar(close: number, equity: number): void {
    this.prices.push(close);
    this.equity.push(equity);
    this.tickPrice = null;
    this.frames.markDirty();
  }

  onTick(price: number): void {
    this.tickPrice = price;
    this.frames.markDirty();
  }

  note(line: EventLine): void {
    this.events.push(line);
    this.frames.markDirty();
  }

  markDirty(): void {
    this.frames.markDirty();
  }

  getSnapshot(): Snapshot {
    return this.current;
  }

  subscribe(listener: () => void): () => void {
    return this.frames.subscribe(listener);
  }

  publishNow(): void {
    this.frames.publishNow();
  }

  stop(): void {
    this.frames.stop();
  }

  private build(): Snapshot {
    const e = this.src.engine;
    const parts = e.parts;
    const portfolio = parts.portfolio;
    const price = this.tickPrice ?? (e.lastPrice > 0 ? e.lastPrice : null);
    const mark = price ?? 0;
    const equity = mark > 0 ? portfolio.equity(mark) : portfolio.cash;
    const qty = portfolio.qty;
    const position: PositionView = {
      side: qty > 1e-12 ? 'LONG' : qty < -1e-12 ? 'SHORT' : 'FLAT',
      quantity: qty,
      fraction: equity > 0 ? (qty * mark) / equity : 0,
      avgPrice: portfolio.avgEntry,
      unrealizedPnl: mark > 0 ? portfolio.unrealized(mark) : 0,
    };
    const codes = parts.risk.codes;
    const prices = this.prices.toArray();
    if (this.tickPrice !== null) prices.push(this.tickPrice);
    return Object.freeze({
      seq: ++this.seq,
      symbol: parts.symbol,
      interval: '1m',
      mode: parts.mode,
      market: this.src.market,
      feed: {
        status: e.feedStatus,
        // The close time: a candle's age counts from when it closed, not from when it opened.
        lastCandleTs: e.lastBarOpenTime === null ? null : e.lastBarOpenTime + 60_000,
        reconnects: e.reconnects,
        detail: e.feedDetail,
      },
      executor: this.src.executorState(),
      model: this.src.model,
      trading: e.trading,
      now: parts.clock.now(),
      lastPrice: price,
      prices,
      equityCurve: this.equity.toArray(),
      startEquity: portfolio.startCash,
      equity,
      realizedPnl: portfolio.realizedPnl,
      fees: portfolio.fees,
      trades: portfolio.trades,
      features: e.barsProcessed > 0 ? this.src.featureRows() : [],
      votes: e.barsProcessed > 0 ? parts.agents.map((a) => a.vote()) : [],
      ensembleTarget: e.ensembleTarget,
      riskTarget: e.riskTarget,
      riskNote: codes.length > 0 ? codes.join(', ') : 'within limits',
      position,
      sentiment: this.src.sentiment(),
      events: this.events.newest(50),
      barsProcessed: e.barsProcessed,
      weights: this.src.weights,
      ...(this.src.replaySpeed !== undefined ? { replaySpeed: this.src.replaySpeed } : {}),
    });
  }
}
