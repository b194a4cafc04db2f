import { createHash } from 'node:crypto';
import type { Hash } from 'node:crypto';
import { endianness } from 'node:os';
import type { OrderSide } from '../core/types.js';

export interface FingerprintFill {
  readonly time: number;
  readonly side: OrderSide;
  readonly qty: number;
  readonly price: number;
  readonly fee: number;
}

/** First line of the hashed bytes: a change of the canonical form must change every digest. */
export const FINGERPRINT_FORMAT = 'drl-tui-fills-v3';

/** Bytes of one fill record: five little-endian float64. */
export const FILL_RECORD_BYTES = 40;
const BUY = 1;
const SELL = -1;
/** A side that is neither at run time: the record says so and its text follows it. */
const OTHER = 0;

/**
 * One fill as its canonical bytes: five IEEE-754 float64, little-endian — time (integer ms), side
 * (+1 BUY, −1 SELL), quantity, price, fee — with −0 written as 0 (the same fill). Every float64
 * is hashed bit for bit, so a one-ulp difference (a non-deterministic summation order, say)
 * changes the digest, and any language reproduces it: Python's
 * `struct.pack('<5d', time, side, qty, price, fee)`. v2 hashed the same numbers as `String(x)`
 * text; writing that text was a tenth of the whole backtest.
 */
export function canonicalFillBytes(f: FingerprintFill): Buffer {
  const b = Buffer.alloc(FILL_RECORD_BYTES);
  const side = f.side === 'BUY' ? BUY : f.side === 'SELL' ? SELL : OTHER;
  [Math.trunc(f.time), side, f.qty, f.price, f.fee].forEach((x, i) => b.writeDoubleLE(x + 0, i * 8));
  return f.side === 'BUY' || f.side === 'SELL'
    ? b
    : Buffer.concat([b, Buffer.from(`${String(f.side)}\n`, 'utf8')]);
}

/** Fills held before they are hashed: one native call per fill cost more than the fill itself. */
const QUEUE = 1024;
/** Float64Array's bytes are the platform's; every platform Node 20 runs on is little-endian. */
const LITTLE_ENDIAN = endianness() === 'LE';

/**
 * Run fingerprint: sha256 over FINGERPRINT_FORMAT + '\n' and the ordered fills' canonical bytes,
 * fed incrementally so a year of fills is never held in memory. Two runs with the same data,
 * model, parameters and seed must print the same hex. Fills queue as numbers in a Float64Array
 * whose bytes are the records, hashed 1,024 at a time.
 */
export class FillFingerprint {
  private readonly hash: Hash = createHash('sha256');
  private n = 0;
  private readonly queue = new Float64Array(QUEUE * 5);
  private readonly bytes = new Uint8Array(this.queue.buffer);
  private queued = 0;

  constructor() {
    this.hash.update(`${FINGERPRINT_FORMAT}\n`);
  }

  update(f: FingerprintFill): void {
    this.add(f.time, f.side, f.qty, f.price, f.fee);
  }

  /** update() without the object, for the engine's per-order path. */
  add(time: number, side: OrderSide, qty: number, price: number, fee: number): void {
    this.n++;
    if ((side !== 'BUY' && side !== 'SELL') || !LITTLE_ENDIAN) {
      // Not an OrderSide at run time (or a big-endian machine): the record as built by the definition.
      this.drain();
      this.hash.update(canonicalFillBytes({ time, side, qty, price, fee }));
      return;
    }
    const q = this.queue;
    const k = this.queued * 5;
    // `+ 0` turns −0 into 0 and leaves every other float64 as it is.
    q[k] = Math.trunc(time) + 0;
    q[k + 1] = side === 'BUY' ? BUY : SELL;
    q[k + 2] = qty + 0;
    q[k + 3] = price + 0;
    q[k + 4] = fee + 0;
    if (++this.queued === QUEUE) this.drain();
  }

  private drain(): void {
    if (this.queued === 0) return;
    this.hash.update(this.bytes.subarray(0, this.queued * FILL_RECORD_BYTES));
    this.queued = 0;
  }

  get fills(): number {
    return this.n;
  }

  /** Hex digest of the fills so far. Safe to call mid-run: hashing continues afterwards. */
  digest(): string {
    this.drain();
    return this.hash.copy().digest('hex');
  }
}
