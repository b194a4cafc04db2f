/**
 * `String(x)` for a number, written as ASCII bytes into a buffer without making a string.
 *
 * Why: the fill fingerprint hashes `String(x)` of three doubles per fill. V8 turns a double into
 * text through a runtime call, a new string and a cache insert, several times the cost of the
 * arithmetic below; it was the largest single cost of an order in a backtest. The digest must not
 * change, so this writes exactly the bytes `String(x)` would (ECMAScript Number::toString: the
 * fewest digits that read back as x, the closest such digits when there is a choice, fixed
 * notation between 1e-6 and 1e21), and falls back to `String(x)` for every case it cannot prove.
 *
 * How (|x| in [1e-5, 1e15) and not a power of two; anything else takes the fallback):
 * - 15 digits: s = round(x × 10^j), j = 14 − exponent. At most one 15-digit decimal lies in x's
 *   rounding interval (their spacing is wider than an ulp), the rounding error of x × 10^j is far
 *   below 0.5, and s / 10^j is correctly rounded (s < 2^53, 10^j exact), so `s / 10^j === x`
 *   decides exactly whether a decimal of 15 digits or fewer reads back as x; dropping trailing
 *   zeros then leaves the shortest.
 * - 16 and 17 digits: x × 10^j exactly, as a double plus Dekker's product error, rounded to the
 *   nearest integer: the closest decimal of that length. A 16-digit one is checked as above; 17
 *   digits always read back. Near-ties and out-of-range values fall back.
 * Powers of two are excluded because their rounding interval is lopsided, so the nearest decimal
 * is not necessarily the one inside it. test/report/numberText.test.ts compares with String(x).
 */

const POW10: readonly number[] = Array.from({ length: 23 }, (_, k) => 10 ** k);
const SPLIT = 134_217_729; // 2^27 + 1, Veltkamp's splitter for doubles
const TWO_53 = 2 ** 53;
const ZERO = 48; // '0'

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
/** Index of a double's high word in u32 (1 on the little-endian hosts Node runs on). */
const HI = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;

/** "0000".."9999" as ASCII, four bytes each: digits go out four at a time from a table. */
const D4 = new Uint8Array(40_000);
for (let i = 0; i < 10_000; i++) {
  D4[4 * i] = ZERO + Math.floor(i / 1000);
  D4[4 * i + 1] = ZERO + (Math.floor(i / 100) % 10);
  D4[4 * i + 2] = ZERO + (Math.floor(i / 10) % 10);
  D4[4 * i + 3] = ZERO + (i % 10);
}

/** Writes String(x) at `pos` (ASCII) and returns the position after it. The buffer needs 32 bytes free. */
export function writeNumber(buf: Uint8Array, pos: number, x: number): number {
  if (x > 0) {
    if (x < 1e9) {
      const end = writeSixDecimals(buf, pos, x);
      if (end >= 0) return end;
    }
    if (x >= 1e-5 && x < 1e15) {
      const end = writeShortest(buf, pos, x);
      if (end >= 0) return end;
    }
  } else if (x < 0) {
    if (x <= -1e-5 && x > -1e15) {
      buf[pos] = 45; // '-'
      const end = writeShortest(buf, pos + 1, -x);
      if (end >= 0) return end;
    }
  } else if (x === 0) {
    buf[pos] = ZERO; // 0 and -0 both print as "0"
    return pos + 1;
  }
  return writeAscii(buf, pos, String(x));
}

/**
 * writeNumber() with a memory of recent values: a direct-mapped table of their text. For numbers
 * that come back again and again, such as order quantities on a lot-size grid (a quarter's
 * backtest has about 3,500 distinct ones in 39,000 fills), a hit is one compare and a short copy.
 */
export class NumberTextCache {
  private readonly keys: Float64Array;
  private readonly lengths: Uint8Array;
  private readonly text: Uint8Array;
  private readonly mask: number;

  /** `size` entries (a power of two). */
  constructor(size = 4096) {
    if (!(size > 0 && (size & (size - 1)) === 0))
      throw new Error(`cache size must be a power of two, got ${size}`);
    this.keys = new Float64Array(size).fill(Number.NaN); // NaN matches nothing
    this.lengths = new Uint8Array(size);
    this.text = new Uint8Array(size * SLOT);
    this.mask = size - 1;
  }

  write(buf: Uint8Array, pos: number, x: number): number {
    f64[0] = x;
    const slot = (u32[0]! ^ u32[1]!) & this.mask;
    const at = slot * SLOT;
    const text = this.text;
    if (this.keys[slot] === x && x !== 0) {
      // Hit (0 and -0 compare equal, so zero is never cached).
      const len = this.lengths[slot]!;
      for (let i = 0; i < len; i++) buf[pos + i] = text[at + i]!;
      return pos + len;
    }
    const end = writeNumber(buf, pos, x);
    const len = end - pos;
    if (len <= SLOT) {
      this.keys[slot] = x;
      this.lengths[slot] = len;
      for (let i = 0; i < len; i++) text[at + i] = buf[pos + i]!;
    }
    return end;
  }
}

/** Bytes kept per cached number: String(x) of a double is at most 25 characters. */
const SLOT = 32;

/** Writes String(n) for a whole number n; the fast path covers 0 ≤ n < 2^53. */
export function writeInteger(buf: Uint8Array, pos: number, n: number): number {
  if (!(n >= 0 && n < TWO_53 && Math.floor(n) === n)) return writeAscii(buf, pos, String(n));
  return writeDigits(buf, pos, n, digitCount(n));
}

/** Number of decimal digits of a whole number 0 ≤ n < 2^53 (1 for 0). */
function digitCount(n: number): number {
  if (n < 1e4) return n < 100 ? (n < 10 ? 1 : 2) : n < 1000 ? 3 : 4;
  if (n < 1e8) return n < 1e6 ? (n < 1e5 ? 5 : 6) : n < 1e7 ? 7 : 8;
  let k = 9;
  while (k < 16 && n >= POW10[k]!) k++;
  return k;
}

/** Writes a string of ASCII characters (number text, 'BUY', separators). */
export function writeAscii(buf: Uint8Array, pos: number, s: string): number {
  for (let i = 0; i < s.length; i++) buf[pos + i] = s.charCodeAt(i);
  return pos + s.length;
}

/**
 * x's text when it is a decimal with at most six places (0 < x < 1e9): quantities on a lot-size
 * grid and most prices. m = round(x × 10^6) has at most 15 digits and m / 10^6 is correctly
 * rounded, so `m / 10^6 === x` proves that this decimal reads back as x — and it is then the only
 * decimal of 15 digits or fewer that does (see the top of the file), hence String(x)'s digits.
 * Cheaper than writeShortest: no exponent, and the point goes straight where it belongs.
 * Returns -1 when x is not such a decimal.
 */
function writeSixDecimals(buf: Uint8Array, pos: number, x: number): number {
  const m = Math.round(x * 1e6);
  if (m / 1e6 !== x) return -1;
  const int = Math.floor(x); // m / 10^6 = x lies at least 10^-6 from the next whole number
  let frac = (m - int * 1e6) | 0;
  pos = writeDigits(buf, pos, int, digitCount(int));
  if (frac === 0) return pos;
  buf[pos++] = 46; // '.'
  let k = 6;
  for (let q = (frac / 10) | 0; q * 10 === frac; q = (frac / 10) | 0) {
    frac = q;
    k--;
  }
  return writeDigits(buf, pos, frac, k);
}

/** The shortest round-trip text of x (1e-5 ≤ x < 1e15); -1 when this cannot prove it. */
function writeShortest(buf: Uint8Array, pos: number, x: number): number {
  f64[0] = x;
  const high = u32[HI]!;
  if (u32[1 - HI] === 0 && (high & 0xfffff) === 0) return -1; // a power of two
  // floor(binary exponent × log10 2) is the decimal exponent or one less; Math.log10 costs more.
  let e = Math.floor((((high >>> 20) & 0x7ff) - 1023) * 0.30102999566398114);
  let y = x * POW10[14 - e]!;
  if (y >= 999_999_999_999_999.5) {
    e++;
    y = x * POW10[14 - e]!;
  }
  const s = Math.round(y);
  if (s < 1e14 || s >= 1e15) return -1;
  if (s / POW10[14 - e]! === x) {
    const at = digitsAt(buf, pos, e + 1);
    writeDigits(buf, at, s, 15);
    let k = 15;
    while (buf[at + k - 1] === ZERO) k--;
    return finish(buf, pos, k, e + 1);
  }

  // 16 digits: the nearest 16-digit decimal, from x × 10^j = hi + lo exactly.
  let p = POW10[15 - e]!;
  let hi = x * p;
  let lo = productError(x, p, hi);
  const f = Math.floor(hi);
  const t = hi - f + lo;
  if (nearHalf(t)) return -1;
  const s16 = f + (t < -0.5 ? -1 : t < 0.5 ? 0 : t < 1.5 ? 1 : 2);
  if (s16 < 1e15 || s16 >= TWO_53) return -1;
  if (s16 / p === x) {
    writeDigits(buf, digitsAt(buf, pos, e + 1), s16, 16);
    return finish(buf, pos, 16, e + 1);
  }

  // 17 digits: hi is above 2^53, hence a whole number, and the fraction lives in lo alone.
  p = POW10[16 - e]!;
  hi = x * p;
  if (!(hi >= 1e16 && hi < 1e17 - 64)) return -1;
  lo = productError(x, p, hi);
  if (nearHalf(lo)) return -1;
  // hi + round(lo) does not fit a double: split it into 8 + 9 digits.
  let top = Math.floor(hi * 1e-9);
  let rest = hi - top * 1e9 + Math.round(lo); // exact: whole numbers below 2^53
  while (rest < 0) {
    top--;
    rest += 1e9;
  }
  while (rest >= 1e9) {
    top++;
    rest -= 1e9;
  }
  if (top < 1e7 || top >= 1e8) return -1;
  const at = digitsAt(buf, pos, e + 1);
  writeDigits(buf, at, top, 8);
  writeDigits(buf, at + 8, rest, 9);
  if (buf[at + 16] === ZERO) return -1; // a trailing zero would mean 16 digits were enough
  return finish(buf, pos, 17, e + 1);
}

/** Dekker's product error: a × b = hi + result exactly, for hi = fl(a × b). */
function productError(a: number, b: number, hi: number): number {
  let c = SPLIT * a;
  const aHi = c - (c - a);
  const aLo = a - aHi;
  c = SPLIT * b;
  const bHi = c - (c - b);
  const bLo = b - bHi;
  return aLo * bLo - (hi - aHi * bHi - aLo * bHi - aHi * bLo);
}

/** Within rounding noise of a half: which integer is nearest is not decided here. */
function nearHalf(t: number): boolean {
  const frac = t - Math.floor(t);
  return frac > 0.5 - 1e-6 && frac < 0.5 + 1e-6;
}

/**
 * Writes the k digits of n (a whole number below 10^k and 2^53, leading zeros kept) at pos.
 * Four digits at a time from D4, split off by multiplies (a chain of divisions, one per digit,
 * was most of the cost). floor(v × 1e-4) equals floor(v / 10^4) for every v below 10^8: 1e-4 as
 * a double errs by far less than the 10^-4 gap to the next whole number.
 */
function writeDigits(buf: Uint8Array, pos: number, n: number, k: number): number {
  let end = pos + k;
  if (k > 8) {
    // The multiply may land one off for n near 2^53; the whole-number remainder corrects it.
    let top = Math.floor(n * 1e-8);
    let rest = n - top * 1e8;
    if (rest < 0) {
      top--;
      rest += 1e8;
    } else if (rest >= 1e8) {
      top++;
      rest -= 1e8;
    }
    const mid = Math.floor(rest * 1e-4);
    write4(buf, end - 4, rest - mid * 1e4);
    write4(buf, end - 8, mid);
    end -= 8;
    n = top;
  }
  if (end - pos > 4) {
    const top = Math.floor(n * 1e-4);
    write4(buf, end - 4, n - top * 1e4);
    end -= 4;
    n = top;
  }
  // The leading 1..4 digits: the tail of n's four-digit entry.
  const from = 4 * n + 4 - (end - pos);
  for (let i = pos; i < end; i++) buf[i] = D4[from + i - pos]!;
  return pos + k;
}

/** Four digits of v (0 ≤ v < 10^4) at pos. */
function write4(buf: Uint8Array, pos: number, v: number): void {
  const f = (v | 0) << 2;
  buf[pos] = D4[f]!;
  buf[pos + 1] = D4[f + 1]!;
  buf[pos + 2] = D4[f + 2]!;
  buf[pos + 3] = D4[f + 3]!;
}

/**
 * Number::toString's fixed forms put the decimal point after the first n digits: "1200",
 * "1.25", "0.00125". The digits are written where they end up — after "0.000…" for n ≤ 0, else
 * one byte to the right, so that finish() moves only the integer part (a few bytes) to open the
 * gap for the point. Returns where the digits go.
 */
function digitsAt(buf: Uint8Array, pos: number, n: number): number {
  if (n > 0) return pos + 1;
  buf[pos] = ZERO;
  buf[pos + 1] = 46; // '.'
  for (let i = 0; i < -n; i++) buf[pos + 2 + i] = ZERO;
  return pos + 2 - n;
}

/** Completes the text whose k significant digits (no trailing zeros) went to digitsAt(pos, n); returns the end. */
function finish(buf: Uint8Array, pos: number, k: number, n: number): number {
  if (n <= 0) return pos + 2 - n + k;
  const whole = n < k ? n : k;
  for (let i = 0; i < whole; i++) buf[pos + i] = buf[pos + 1 + i]!;
  if (n >= k) {
    for (let i = k; i < n; i++) buf[pos + i] = ZERO;
    return pos + n;
  }
  buf[pos + n] = 46; // '.'
  return pos + k + 1;
}
