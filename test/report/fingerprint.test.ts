import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { FingerprintFill } from '../../src/engine/report/fingerprint.js';
import { FillFingerprint, canonicalFillBytes } from '../../src/engine/report/fingerprint.js';

// Two real fills' worth of numbers (ETHUSDT 2024-01-01 00:01 and 00:02 closes) with 0.1 % fees.
const FILLS: FingerprintFill[] = [
  { time: 1704067260000, side: 'BUY', qty: 0.4382, price: 2282.2, fee: 1.00006 },
  { time: 1704067320000, side: 'SELL', qty: 0.4382, price: 2283.96, fee: 1.00083 },
];

/** Pinned so a change to the canonical form cannot slip through unnoticed. */
// Computed with Python: hashlib.sha256(b'drl-tui-fills-v3\n' + b''.join(struct.pack('<5d', *f) for f in
// [(1704067260000, 1, 0.4382, 2282.2, 1.00006), (1704067320000, -1, 0.4382, 2283.96, 1.00083)]))
const GOLDEN = '38ec7cff69552a59222fefe0d4b8170b3e62a468cc3e3fc2bef1d0ea4070c104';

/** The documented form, written independently of FillFingerprint: five little-endian float64. */
function documented(fills: readonly FingerprintFill[]): string {
  const h = createHash('sha256').update('drl-tui-fills-v3\n');
  for (const f of fills) {
    const b = Buffer.alloc(40);
    const side = f.side === 'BUY' ? 1 : -1;
    [f.time, side, f.qty, f.price, f.fee].forEach((x, i) => b.writeDoubleLE(x === 0 ? 0 : x, i * 8));
    h.update(b);
  }
  return h.digest('hex');
}

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
  it('returns sha256 of the documented canonical bytes', () => {
    expect(digestOf(FILLS)).toBe(documented(FILLS));
    expect(Buffer.concat(FILLS.map(canonicalFillBytes)).length).toBe(80);
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

  it('returns sha256 of the canonical bytes for thousands of fills (queued and hashed in batches)', () => {
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
    expect(digestOf(fills)).toBe(documented(fills));
    expect(digestOf(fills.slice(0, 1500))).toBe(documented(fills.slice(0, 1500)));
  });

  it('returns a digest of the record and the side as text for a side that is not BUY or SELL at run time', () => {
    const odd = { ...FILLS[0]!, side: 'bUy ✓' as unknown as FingerprintFill['side'] };
    const bytes = Buffer.concat([
      Buffer.from('drl-tui-fills-v3\n'),
      canonicalFillBytes(FILLS[1]!),
      canonicalFillBytes(odd),
    ]);
    expect(canonicalFillBytes(odd).subarray(40).toString('utf8')).toBe('bUy ✓\n');
    expect(digestOf([FILLS[1]!, odd])).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(digestOf([FILLS[1]!, odd])).not.toBe(digestOf(FILLS.slice().reverse()));
  });
});
