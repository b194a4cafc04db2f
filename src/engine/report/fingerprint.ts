import { createHash } from 'node:crypto';
import type { Hash } from 'node:crypto';
import type { OrderSide } from '../core/types.js';
import { NumberTextCache, writeInteger, writeNumber } from './numberText.js';

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
 * This is the definition; FillFingerprint writes the same bytes without building the string.
 */
export function canonicalFillLine(f: FingerprintFill): string {
  return `${Math.trunc(f.time)},${f.side},${num(f.qty)},${num(f.price)},${num(f.fee)}\n`;
}

function num(x: number): string {
  // -0 and 0 are the same fill; String() prints both as 0.
  return String(x);
}

/** Bytes hashed per native call: one call per fill cost more than the fill itself. */
const BATCH = 65_536;
/** Room for one line whose numbers all print at full length (about 100 bytes), with margin. */
const LINE_ROOM = 256;
/** Fills held as numbers before their text is written, in one tight loop per batch. */
const QUEUE = 256;
const COMMA = 44;
const NEWLINE = 10;
const BUY = [66, 85, 89];
const SELL = [83, 69, 76, 76];

/**
 * Run fingerprint: sha256 over the ordered fills, fed incrementally so a year of fills is never held
 * in memory. Two runs with the same data, model, parameters and seed must print the same hex.
 *
 * The text is canonicalFillLine's ASCII, written straight into a byte buffer (numberText.ts writes
 * String(x)'s digits without making strings) and hashed in 64 KB batches: an order costs no
 * string building and no UTF-8 encoding, and the digest is the one of the text. Fills wait as
 * numbers in a small queue so the text of many is written in one loop.
 */
export class FillFingerprint {
  private readonly hash: Hash = createHash('sha256');
  private n = 0;
  private readonly queue = new Float64Array(QUEUE * 5);
  private queued = 0;
  private readonly buf = new Uint8Array(BATCH + LINE_ROOM);
  private pos = 0;
  /** Quantities sit on the lot-size grid and repeat; prices and fees rarely do. */
  private readonly quantities = new NumberTextCache();

  constructor() {
    this.hash.update(`${FINGERPRINT_FORMAT}\n`);
  }

  update(f: FingerprintFill): void {
    this.add(f.time, f.side, f.qty, f.price, f.fee);
  }

  /** update() without the object, for the engine's per-order path. */
  add(time: number, side: OrderSide, qty: number, price: number, fee: number): void {
    this.n++;
    if (side !== 'BUY' && side !== 'SELL') {
      // Not an OrderSide at run time: hash the line's text as given, after the queued ones.
      this.drain();
      this.flush();
      this.hash.update(canonicalFillLine({ time, side, qty, price, fee }));
      return;
    }
    const q = this.queue;
    const k = this.queued * 5;
    q[k] = time;
    q[k + 1] = side === 'BUY' ? 0 : 1;
    q[k + 2] = qty;
    q[k + 3] = price;
    q[k + 4] = fee;
    if (++this.queued === QUEUE) this.drain();
  }

  /** Writes the queued fills' lines, hashing every full batch. */
  private drain(): void {
    const q = this.queue;
    const buf = this.buf;
    let p = this.pos;
    for (let k = 0; k < this.queued * 5; k += 5) {
      p = writeInteger(buf, p, Math.trunc(q[k]!));
      buf[p++] = COMMA;
      const side = q[k + 1] === 0 ? BUY : SELL;
      for (let i = 0; i < side.length; i++) buf[p++] = side[i]!;
      buf[p++] = COMMA;
      p = this.quantities.write(buf, p, q[k + 2]!);
      buf[p++] = COMMA;
      p = writeNumber(buf, p, q[k + 3]!);
      buf[p++] = COMMA;
      p = writeNumber(buf, p, q[k + 4]!);
      buf[p++] = NEWLINE;
      if (p >= BATCH) {
        this.hash.update(buf.subarray(0, p));
        p = 0;
      }
    }
    this.pos = p;
    this.queued = 0;
  }

  private flush(): void {
    if (this.pos === 0) return;
    this.hash.update(this.buf.subarray(0, this.pos));
    this.pos = 0;
  }

  get fills(): number {
    return this.n;
  }

  /** Hex digest of the fills so far. Safe to call mid-run: hashing continues afterwards. */
  digest(): string {
    this.drain();
    this.flush();
    return this.hash.copy().digest('hex');
  }
}
