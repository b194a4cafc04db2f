import type { OrderResult } from '../core/executor.js';
import type { OrderIntent } from '../core/types.js';
import type { Timers } from '../feed/binanceKlineStream.js';

/**
 * Orders whose outcome stayed unknown (the order request timed out or got a 5xx, and the
 * executor's own look-ups right after did not settle it) are looked up again while the session
 * runs, not only at the next start: a bounded number of look-ups by client order id with growing
 * delays, never a resend. A final answer is handed to `settle` as soon as the engine is between
 * bars; an order the exchange still does not know after the last look-up was never executed (the
 * restart recovery's rule); one whose look-ups keep failing stays unknown for the next start.
 */
export interface OrderWatchConfig {
  readonly lookup: (clientOrderId: string) => Promise<OrderResult | null>;
  /** The orders whose outcome is unknown right now (the engine's list). */
  readonly unresolved: () => readonly OrderIntent[];
  /** The engine is between bars with no order in flight: an outcome may be applied now. */
  readonly canSettle: () => boolean;
  /** Apply a final outcome (journal, portfolio, events). */
  readonly settle: (intent: OrderIntent, result: OrderResult) => void;
  /** One line for the screen and the event stream: what a look-up found or what happens next. */
  readonly report: (level: 'info' | 'error', message: string) => void;
  readonly timers: Timers;
  /** Look-ups per order. Default 5. */
  readonly attempts?: number;
  /** Delay before the first look-up (ms), then ×`factor` up to `maxDelayMs`. Defaults 5 s, ×3, 5 min. */
  readonly firstDelayMs?: number;
  readonly factor?: number;
  readonly maxDelayMs?: number;
}

interface Watched {
  readonly intent: OrderIntent;
  attempt: number;
  timer: unknown;
  ready: OrderResult | null;
  gaveUp: boolean;
}

const secs = (ms: number): string => (ms >= 1000 ? `${Math.round(ms / 1000)} s` : `${ms} ms`);

export class OrderWatch {
  private readonly watched = new Map<string, Watched>();
  private retry: unknown = null;
  private stopped = false;
  private readonly attempts: number;

  constructor(private readonly cfg: OrderWatchConfig) {
    this.attempts = Math.max(1, cfg.attempts ?? 5);
  }

  /** Orders being looked up or waiting to be applied. */
  get size(): number {
    let n = 0;
    for (const w of this.watched.values()) if (!w.gaveUp) n++;
    return n;
  }

  /** Start watching newly unknown orders and apply outcomes that are ready. Cheap; call after every bar. */
  poll(): void {
    if (this.stopped) return;
    const now = new Set<string>();
    for (const intent of this.cfg.unresolved()) {
      const id = intent.clientOrderId;
      now.add(id);
      if (this.watched.has(id)) continue;
      const w: Watched = { intent, attempt: 0, timer: null, ready: null, gaveUp: false };
      this.watched.set(id, w);
      this.schedule(w);
    }
    // Settled some other way (nothing does that today but a restart): stop looking.
    for (const [id, w] of this.watched) {
      if (!now.has(id)) {
        this.cfg.timers.clearTimeout(w.timer);
        this.watched.delete(id);
      }
    }
    this.flush();
  }

  stop(): void {
    this.stopped = true;
    for (const w of this.watched.values()) this.cfg.timers.clearTimeout(w.timer);
    this.cfg.timers.clearTimeout(this.retry);
    this.watched.clear();
  }

  private delay(attempt: number): number {
    const first = this.cfg.firstDelayMs ?? 5_000;
    const d = first * (this.cfg.factor ?? 3) ** (attempt - 1);
    return Math.min(d, this.cfg.maxDelayMs ?? 300_000);
  }

  private schedule(w: Watched): void {
    const next = w.attempt + 1;
    w.timer = this.cfg.timers.setTimeout(() => void this.look(w), this.delay(next));
  }

  private async look(w: Watched): Promise<void> {
    w.timer = null;
    w.attempt++;
    const id = w.intent.clientOrderId;
    const of = `${w.attempt}/${this.attempts}`;
    let r: OrderResult | null;
    try {
      r = await this.cfg.lookup(id);
    } catch (e) {
      r = { status: 'unknown', detail: `look-up failed: ${(e as Error).message.split('\n')[0] ?? ''}` };
    }
    if (this.stopped || this.watched.get(id) !== w) return;
    const last = w.attempt >= this.attempts;
    if (r !== null && (r.status === 'filled' || r.status === 'rejected')) {
      w.ready = r;
      this.cfg.report('info', `order ${id} found by look-up ${of}: ${r.status}; applying it`);
    } else if (r === null && last) {
      w.ready = {
        status: 'rejected',
        code: 0,
        message: `not executed: the exchange has no order ${id} after ${this.attempts} look-ups; not resent`,
      };
      this.cfg.report(
        'info',
        `order ${id} is not on the exchange after ${of} look-ups: it was never executed`,
      );
    } else {
      const why = r === null ? 'not on the exchange (yet)' : 'detail' in r ? r.detail : 'no answer';
      if (last) {
        w.gaveUp = true;
        this.cfg.report(
          'error',
          `order ${id} still unknown after ${of} look-ups (${why}); it is looked up again at the next start, never resent`,
        );
        return;
      }
      const wait = this.delay(w.attempt + 1);
      this.cfg.report(
        'error',
        `order ${id} still unknown, look-up ${of}: ${why}; next look-up in ${secs(wait)}`,
      );
      this.schedule(w);
      return;
    }
    this.flush();
  }

  private flush(): void {
    if (this.stopped) return;
    let waiting = false;
    for (const [id, w] of this.watched) {
      if (w.ready === null) continue;
      if (!this.cfg.canSettle()) {
        waiting = true;
        break;
      }
      this.watched.delete(id);
      if (this.cfg.unresolved().some((u) => u.clientOrderId === id)) this.cfg.settle(w.intent, w.ready);
    }
    // A bar or the user's flatten is in flight: apply right after it (runLive also polls after each bar).
    if (waiting && this.retry === null) {
      this.retry = this.cfg.timers.setTimeout(() => {
        this.retry = null;
        this.flush();
      }, 50);
    }
  }
}
