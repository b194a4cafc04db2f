import type { EngineHandle } from './core/engineHandle.js';
import type { EngineCommand } from './core/events.js';
import type { Snapshot } from './core/snapshot.js';
import type { TradingState } from './core/types.js';
import type { TradingEngine } from './engine.js';
import { AccountView, emptyMark, markFromPortfolio } from './multi/accountView.js';
import type { AccountTotals, SymbolMark } from './multi/accountView.js';
import { FrameThrottle } from './frameThrottle.js';
import { NumberRing } from './ring.js';

/** One row of the summary tab. */
export interface SymbolRow {
  readonly symbol: string;
  readonly price: number | null;
  readonly equity: number;
  readonly returnPct: number;
  readonly positionFraction: number;
  readonly trades: number;
  readonly fees: number;
  readonly trading: TradingState;
  readonly feed: Snapshot['feed']['status'];
  readonly lastCandleTs: number | null;
  /** The newest line of its events panel. */
  readonly lastEvent: string;
}

/** The shared account over every symbol's engine: what the summary tab draws. */
export interface AccountSnapshot {
  readonly seq: number;
  readonly totals: AccountTotals;
  /** Value of the equal-weight buy-and-hold basket of the same symbols, no fees. */
  readonly basket: number;
  readonly rows: readonly SymbolRow[];
}

/** Worst state first: any halt shows, all paused shows PAUSED, else TRADING. */
function accountTrading(states: readonly TradingState[]): TradingState {
  if (states.includes('HALTED')) return 'HALTED';
  return states.every((s) => s === 'PAUSED') ? 'PAUSED' : 'TRADING';
}

/**
 * Several symbols in one process: one engine per symbol (each with startCash / N, its own
 * features, model, position, filters and journal) and one account view over them. Drivers call
 * `onBar(k, …)` after engine k decided a bar, in time order across symbols.
 *
 * `all` is the handle the summary tab talks to: its snapshot is the first engine's with the
 * account's figures (equity, P&L, fees, trades, the combined equity curve, the account's trading
 * state), so the header and footer read it like a single engine's; its commands go to every engine
 * (pause, resume, flatten), or once (quit, the sentiment rerun: both are the process's, not a symbol's).
 */
export class SymbolSet {
  readonly account: AccountView;
  readonly all: EngineHandle;
  private readonly marks: SymbolMark[];
  private readonly curve = new NumberRing(600);
  private minute = Number.NaN;
  private unsubscribers: (() => void)[] = [];
  /** Frames at ≤ 10 Hz while the summary is shown; while it is, every engine's frame marks it changed. */
  private readonly frames = new FrameThrottle(
    100,
    () => (this.current = this.build()),
    {
      onStart: () =>
        (this.unsubscribers = this.engines.map((e) => e.subscribe(() => this.frames.markDirty()))),
      onStop: () => {
        for (const u of this.unsubscribers.splice(0)) u();
      },
    },
    true,
  );
  private seq = 0;
  private current: AccountSnapshot | null = null;
  private allCache: { key: string; snapshot: Snapshot } | null = null;

  constructor(
    readonly symbols: readonly string[],
    readonly engines: readonly TradingEngine[],
    opts: { readonly startCash: number; readonly feeRate: number; readonly recordSeries?: boolean },
  ) {
    if (symbols.length !== engines.length || engines.length === 0)
      throw new Error(`${engines.length} engines for ${symbols.length} symbols`);
    this.account = new AccountView({
      symbols,
      startCash: opts.startCash,
      feeRate: opts.feeRate,
      recordSeries: opts.recordSeries ?? false,
    });
    this.marks = symbols.map(() => emptyMark());
    this.all = {
      getSnapshot: () => this.allSnapshot(),
      subscribe: (l) => this.subscribe(l),
      send: (c) => this.broadcast(c),
    };
  }

  /** Engine k has decided its bar at `openTime` closing at `close`. O(N), no allocation. */
  onBar(k: number, openTime: number, close: number): void {
    if (openTime !== this.minute) {
      // The minute before is complete for every symbol (bars arrive in time order): sample it.
      if (!Number.isNaN(this.minute)) this.curve.push(this.account.combinedEquity);
      this.minute = openTime;
    }
    this.account.onBar(
      k,
      markFromPortfolio(this.marks[k]!, this.engines[k]!.parts.portfolio, openTime, close),
    );
    this.frames.markDirty();
  }

  /** End of the bars: close the account's last minute. */
  finish(): void {
    this.account.finish();
    this.frames.markDirty();
  }

  getAccountSnapshot(): AccountSnapshot {
    if (this.current === null || this.frames.dirty) {
      this.current = this.build();
      this.frames.dirty = false;
    }
    return this.current;
  }

  /** Summary listeners hear about every engine's frames and the account's changes, at ≤ 10 Hz. */
  subscribe(listener: () => void): () => void {
    return this.frames.subscribe(listener);
  }

  publish(): void {
    this.frames.publishNow();
  }

  stop(): void {
    this.frames.stop();
  }

  private broadcast(c: EngineCommand): void {
    if (c.type === 'quit' || c.type === 'rerunSentiment') return this.engines[0]!.send(c);
    for (const e of this.engines) e.send(c);
  }

  private build(): AccountSnapshot {
    const rows = this.engines.map((e, k): SymbolRow => {
      const s = e.getSnapshot();
      const start = this.account.startCashPerSymbol;
      return {
        symbol: this.symbols[k]!,
        price: s.lastPrice,
        equity: s.equity,
        returnPct: (s.equity / start - 1) * 100,
        positionFraction: s.position.fraction,
        trades: s.trades,
        fees: s.fees,
        trading: s.trading,
        feed: s.feed.status,
        lastCandleTs: s.feed.lastCandleTs,
        lastEvent: s.events[0]?.text ?? '',
      };
    });
    return { seq: ++this.seq, totals: this.account.totals(), basket: this.account.basketValue, rows };
  }

  /** The first engine's snapshot with the account's figures; cached while nothing it reads changed. */
  private allSnapshot(): Snapshot {
    const a = this.getAccountSnapshot();
    const first = this.engines[0]!.getSnapshot();
    // Read live, not from the last frame: `p` on the summary must show at once.
    const trading = accountTrading(this.engines.map((e) => e.trading));
    const key = `${a.seq}/${first.seq}/${trading}`;
    if (this.allCache?.key === key) return this.allCache.snapshot;
    const t = a.totals;
    const snapshot: Snapshot = Object.freeze({
      ...first,
      symbol: this.symbols.join(' + '),
      trading,
      equity: t.equity,
      startEquity: t.startCash,
      realizedPnl: t.realizedPnl,
      fees: t.fees,
      trades: t.fills,
      equityCurve: [...this.curve.toArray(), t.equity],
    });
    this.allCache = { key, snapshot };
    return snapshot;
  }
}
