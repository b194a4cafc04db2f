import type { EventLine } from './core/snapshot.js';
import type { OrderSide } from './core/types.js';

/**
 * One fill as the screen's event list and the session log show it, kept as numbers: a max-speed
 * replay fills about every third bar and the screen shows the newest few, so a line is written
 * only when something reads it (and then once).
 */
export class FillEvent implements EventLine {
  readonly kind = 'fill' as const;
  private line: string | null = null;

  constructor(
    /** When the engine noted it (its clock). */
    readonly ts: number,
    /** The fill's own time, which the session log prints. */
    readonly time: number,
    readonly side: OrderSide,
    readonly quantity: number,
    readonly price: number,
    readonly fee: number,
    readonly feeAsset: string,
  ) {}

  get text(): string {
    return (this.line ??= `${this.side} ${this.quantity} @ ${this.price.toFixed(2)} fee ${this.fee.toFixed(4)} ${this.feeAsset}`);
  }

  /** The session log's line: the fill's time, then the text. */
  get logLine(): string {
    return `${new Date(this.time).toISOString()} ${this.text}`;
  }

  /** As a plain EventLine (a getter is not an own property, so JSON would drop `text`). */
  toJSON(): EventLine {
    return { ts: this.ts, kind: this.kind, text: this.text };
  }
}
