import { describe, expect, it } from 'vitest';
import { PyCall, unpickle } from '../../src/engine/policy/pickle.js';
import type { PyGlobal } from '../../src/engine/policy/pickle.js';

const bytes = (...parts: (number | string)[]): Uint8Array =>
  new Uint8Array(parts.flatMap((p) => (typeof p === 'number' ? [p] : [...new TextEncoder().encode(p)])));

describe('unpickle', () => {
  // Byte strings below are what CPython's pickle.dumps writes (checked with pickletools).
  it('returns a protocol-4 dict with FRAME, MEMOIZE, SHORT_BINUNICODE, BINFLOAT and LONG1', () => {
    // pickle.dumps({'a': 1.5, 'b': [1, 2], 'n': 2**40}, protocol=4)
    const p = bytes(
      0x80, 4, 0x95, 42, 0, 0, 0, 0, 0, 0, 0, 0x7d, 0x94, 0x28, 0x8c, 1, 'a', 0x94,
      0x47, 0x3f, 0xf8, 0, 0, 0, 0, 0, 0, 0x8c, 1, 'b', 0x94, 0x5d, 0x94, 0x28, 0x4b, 1, 0x4b, 2, 0x65,
      0x8c, 1, 'n', 0x94, 0x8a, 6, 0, 0, 0, 0, 0, 1, 0x75, '.',
    ); // prettier-ignore
    expect(unpickle(p)).toEqual(
      new Map<string, unknown>([
        ['a', 1.5],
        ['b', [1, 2]],
        ['n', 2 ** 40],
      ]),
    );
  });

  it('returns STACK_GLOBAL and REDUCE as inert values when no hook interprets them', () => {
    // pickle.dumps(collections.OrderedDict, protocol=4) without its MEMOIZEs, plus a REDUCE with ()
    const p = bytes(0x80, 4, 0x8c, 11, 'collections', 0x8c, 11, 'OrderedDict', 0x93, 0x29, 0x52, '.');
    const v = unpickle(p);
    expect(v).toBeInstanceOf(PyCall);
    expect(((v as PyCall).fn as PyGlobal).qualified).toBe('collections.OrderedDict');
  });

  it('returns big integers beyond 2^53 as bigint and negative LONG1 values', () => {
    expect(unpickle(bytes(0x80, 2, 0x8a, 9, 0, 0, 0, 0, 0, 0, 0, 0, 1, '.'))).toBe(2n ** 64n); // pickle.dumps(2**64, 2)
    expect(unpickle(bytes(0x80, 2, 0x8a, 1, 0xff, '.')), "LONG1 is two's complement").toBe(-1);
    expect(unpickle(bytes(0x80, 2, 0x4a, 0xff, 0xff, 0xff, 0xff, '.')), 'pickle.dumps(-1, 2)').toBe(-1);
    expect(unpickle(bytes(0x80, 2, 0x4a, 0xfe, 0xff, 0xff, 0xff, '.'))).toBe(-2); // pickle.dumps(-2, 2)
  });

  it('returns a one-line error naming an unsupported opcode, a truncation or a missing loader', () => {
    expect(() => unpickle(bytes(0x80, 2, 0x91, '.'))).toThrow(
      'unsupported pickle opcode FROZENSET (0x91) at byte 2',
    );
    expect(() => unpickle(bytes(0x80, 2, 0x58, 10, 0, 0, 0, 'ab'))).toThrow('pickle truncated at byte 7');
    expect(() => unpickle(bytes(0x80, 2, 0x4e, 0x51, '.'))).toThrow(/persistent id but no loader/);
  });
});
