import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { FingerprintFill } from '../../src/engine/report/fingerprint.js';
import { FillFingerprint, canonicalFillLine } from '../../src/engine/report/fingerprint.js';

// Two real fills' worth of numbers (ETHUSDT 2024-01-01 00:01 and 00:02 closes) with 0.1 % fees.
const FILLS: FingerprintFill[] = [
  { time: 1704067260000, side: 'BUY', qty: 0.4382, price: 2282.2, fee: 1.00006 },
  { time: 1704067320000, side: 'SELL', qty: 0.4382, price: 2283.96, fee: 1.00083 },
];

/** Pinned so a change to the canonical form cannot slip through unnoticed. */
const GOLDEN = '935395b3ac8f2a5e78920d42494cc4eebca62b376c6db471f4c63aa071f0cd4d'; // sha256 of the text below, computed with Python's hashlib

function digestOf(fills: readonly FingerprintFill[]): string {
  const f = new FillFingerprint();
  for (const x of fills) f.update(x);
  return f.digest();
}

/** Flip the lowest bit of a float64: the smallest possible change to a number. */
function flipLowBit(x: number): number {
  const a = new Float64Array([x]);
  const b = new BigUint64Array(a.buffer);
  b[0] = b[0]! ^ 1n;
  return a[0]!;
}

describe('FillFingerprint', () => {
  it('returns sha256 of the documented canonical text', () => {
    const text =
      'drl-tui-fills-v2\n' +
      '1704067260000,BUY,0.4382,2282.2,1.00006\n' +
      '1704067320000,SELL,0.4382,2283.96,1.00083\n';
    expect(FILLS.map(canonicalFillLine).join('')).toBe(text.slice('drl-tui-fills-v2\n'.length));
    expect(digestOf(FILLS)).toBe(createHash('sha256').update(text).digest('hex'));
  });

  it('returns the same hex on every run (golden value: change it only with FINGERPRINT_FORMAT)', () => {
    expect(digestOf(FILLS)).toBe(digestOf(FILLS.map((f) => ({ ...f }))));
    expect(digestOf(FILLS)).toBe(GOLDEN);
  });

  it('returns a different hex when one bit of one price changes', () => {
    const changed = FILLS.map((f, i) => (i === 1 ? { ...f, price: flipLowBit(f.price) } : f));
    expect(changed[1]!.price).not.toBe(FILLS[1]!.price);
    expect(digestOf(changed)).not.toBe(digestOf(FILLS));
  });

  it('returns a different hex when fills are reordered or a side changes', () => {
    expect(digestOf([FILLS[1]!, FILLS[0]!])).not.toBe(digestOf(FILLS));
    expect(digestOf([{ ...FILLS[0]!, side: 'SELL' }, FILLS[1]!])).not.toBe(digestOf(FILLS));
  });

  it('returns a mid-run digest without ending the hash', () => {
    const f = new FillFingerprint();
    f.update(FILLS[0]!);
    expect(f.digest()).toBe(digestOf([FILLS[0]!]));
    f.update(FILLS[1]!);
    expect(f.digest()).toBe(digestOf(FILLS));
    expect(f.fills).toBe(2);
  });

  it('returns the same hex for 0 and -0 (the same fill)', () => {
    expect(digestOf([{ ...FILLS[0]!, fee: 0 }])).toBe(digestOf([{ ...FILLS[0]!, fee: -0 }]));
  });

  it('returns sha256 of the canonical text for thousands of fills (queued and hashed in batches)', () => {
    const fills: FingerprintFill[] = [];
    for (let i = 0; i < 3000; i++) {
      const price = (228_000 + ((i * 7919) % 50_000)) / 100;
      const qty = ((i * 31) % 5000) / 10_000 + 0.0001;
      fills.push({
        time: 1704067260000 + i * 60_000,
        side: i % 3 === 0 ? 'SELL' : 'BUY',
        qty,
        price: price * (i % 3 === 0 ? 0.9999 : 1.0001),
        fee: qty * price * 0.001,
      });
    }
    const text = `drl-tui-fills-v2\n${fills.map(canonicalFillLine).join('')}`;
    expect(text.length, 'more than one 64 KB batch').toBeGreaterThan(140_000);
    expect(digestOf(fills)).toBe(createHash('sha256').update(text).digest('hex'));
  });

  it('returns the hash of the text as given for a side that is not BUY or SELL at run time', () => {
    const odd = { ...FILLS[0]!, side: 'bUy ✓' as unknown as FingerprintFill['side'] };
    const text = `drl-tui-fills-v2\n${canonicalFillLine(FILLS[1]!)}${canonicalFillLine(odd)}`;
    expect(digestOf([FILLS[1]!, odd])).toBe(createHash('sha256').update(text).digest('hex'));
  });
});
