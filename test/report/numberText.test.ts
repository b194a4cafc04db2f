import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NumberTextCache, writeInteger, writeNumber } from '../../src/engine/report/numberText.js';

const buf = new Uint8Array(64);
const ascii = new TextDecoder();

function text(x: number): string {
  return ascii.decode(buf.subarray(0, writeNumber(buf, 0, x)));
}

/** A double from raw bits: every exponent and mantissa, not just the "nice" values random floats give. */
function fromBits(high: number, low: number): number {
  const u = new Uint32Array([low >>> 0, high >>> 0]);
  return new Float64Array(u.buffer)[0]!;
}

describe('writeNumber', () => {
  it('returns the bytes of String(x) for the numbers a backtest fingerprints', () => {
    // Prices (a 2-decimal open ± 1 bp slippage), lot-size quantities, fees = qty × price × 0.001.
    fc.assert(
      fc.property(
        fc.integer({ min: 100, max: 1_000_000 }),
        fc.integer({ min: 1, max: 100_000 }),
        fc.boolean(),
        (cents, units, buy) => {
          const price = (cents / 100) * (buy ? 1 + 1 / 10_000 : 1 - 1 / 10_000);
          const qty = units / 10_000;
          for (const x of [price, qty, qty * price * 0.001, qty * price, cents / 100]) {
            expect(text(x), String(x)).toBe(String(x));
          }
        },
      ),
      { numRuns: 20_000 },
    );
  });

  it('returns the bytes of String(x) for doubles of every magnitude and bit pattern', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 0x7fe }),
        fc.nat(0xfffff),
        fc.nat(0xffffffff),
        fc.boolean(),
        (exp, hi, lo, neg) => {
          const x = fromBits(((neg ? 0x800 : 0) | exp) * 0x100000 + hi, lo); // prettier-ignore
          expect(text(x), String(x)).toBe(String(x));
        },
      ),
      { numRuns: 50_000 },
    );
  });

  it('returns the bytes of String(x) next to powers of ten and two, where rounding is tight', () => {
    const near: number[] = [];
    for (let k = -8; k <= 22; k++) {
      for (const m of [1, 2, 5, 9.999999999999998, 0.9999999999999999, 1.0000000000000002]) {
        near.push(m * 10 ** k, m / 10 ** -k);
      }
    }
    for (let k = -40; k <= 60; k++) near.push(2 ** k, 2 ** k * (1 + 2 ** -52), 2 ** k * (1 - 2 ** -53));
    near.push(0, -0, 0.1, 0.2, 0.30000000000000004, 123e-20, 1e21, 1e-7, 5e-324, Number.MAX_VALUE);
    near.push(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 2 ** 53 + 2);
    for (const x of near) {
      expect(text(x), String(x)).toBe(String(x));
      expect(text(-x), String(-x)).toBe(String(-x));
    }
  });
});

describe('writeInteger', () => {
  it('returns the bytes of String(n) for whole numbers, and falls back for anything else', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e20, max: 1e20 }), (x) => {
        const n = Math.trunc(x);
        expect(ascii.decode(buf.subarray(0, writeInteger(buf, 0, n)))).toBe(String(n));
      }),
      { numRuns: 5_000 },
    );
    for (const n of [0, -0, 1, 9, 10, 99, 100, 1704067260000, 2 ** 53 - 1, 2 ** 53, Number.NaN]) {
      expect(ascii.decode(buf.subarray(0, writeInteger(buf, 0, n)))).toBe(String(n));
    }
  });
});

describe('NumberTextCache', () => {
  it('returns the same text as writeNumber whether it hits or misses, for colliding slots too', () => {
    const cache = new NumberTextCache(4); // four slots: most values share one
    const values = [0.4378, 0.1442, 0.4378, 0, -0, 0.0026, 0.4378, 2284.1983969999997, 0.1442, 1e-7];
    for (const x of values) {
      const end = cache.write(buf, 0, x);
      expect(ascii.decode(buf.subarray(0, end)), String(x)).toBe(String(x));
    }
    expect(() => new NumberTextCache(3), 'a power of two').toThrow(/power of two/);
  });
});
