import { createHash } from 'node:crypto';
import type { Hash } from 'node:crypto';
import type { OrderSide } from '../core/types.js';

export interface FingerprintFill {
  readonly time: number;
  readonly side: OrderSide;
  readonly qty: number;
  readonly price: number;
  readonly fee: number;
}

/** First line of the hashed text: a change of the canonical form must change every digest. */
export const FINGERPRINT_FORMAT = 'drl-tui-fills-v2';

/**
 * One fill as canonical text: `time,side,qty,price,fee\n`, time as an integer ms, numbers as
 * `String(x)`: ECMAScript specifies Number::toString exactly (the shortest text that reads back as
 * the same float64), so the same fills give the same text on every machine and a one-ulp
 * difference (a non-deterministic summation order, say) changes the digest. v1 used
 * toExponential(16), equally exact but about ten times slower: it was the backtest's top cost.
 */
export function canonicalFillLine(f: FingerprintFill): string {
  return `${Math.trunc(f.time)},${f.side},${num(f.qty)},${num(f.price)},${num(f.fee)}\n`;
}

function num(x: number): string {
  // -0 and 0 are the same fill; String() prints both as 0.
  return String(x);
}

/**
 * Run fingerprint: sha256 over the ordered fills, fed incrementally so a year of fills is never held
 * in memory. Two runs with the same data, model, parameters and seed must print the same hex.
 */
export class FillFingerprint {
  private readonly hash: Hash = createHash('sha256');
  private n = 0;
  // Lines are hashed in ~64 KB batches: one native hash call per fill cost more than the fill itself.
  private pending = '';

  constructor() {
    this.hash.update(`${FINGERPRINT_FORMAT}\n`);
  }

  update(f: FingerprintFill): void {
    this.pending += canonicalFillLine(f);
    this.n++;
    if (this.pending.length >= 65_536) this.flush();
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    this.hash.update(this.pending);
    this.pending = '';
  }

  get fills(): number {
    return this.n;
  }

  /** Hex digest of the fills so far. Safe to call mid-run: hashing continues afterwards. */
  digest(): string {
    this.flush();
    return this.hash.copy().digest('hex');
  }
}
