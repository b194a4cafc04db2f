import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  floorToStep,
  floorUnits,
  formatDecimal,
  parseStep,
  roundToTick,
  stepDecimals,
  unitsToNumber,
} from '../../src/engine/execution/decimal.js';

const STEPS = [
  '0.00010000',
  '0.0001',
  '0.00001',
  '0.001',
  '0.01',
  '0.05',
  '0.1',
  '1',
  '1.00000000',
  '10',
  '0.00000001',
];
const DECIMAL_RE = /^-?\d+(\.\d+)?$/;

/** Exact decimal string of k × step, computed with BigInt (the oracle). */
function exact(k: bigint, step: string): string {
  const spec = parseStep(step);
  const m = (k * BigInt(spec.units)).toString().padStart(spec.decimals + 1, '0');
  return spec.decimals === 0
    ? m
    : `${m.slice(0, m.length - spec.decimals)}.${m.slice(m.length - spec.decimals)}`;
}

/** Integer units of an output string in the step's scale (BigInt), to check multiples exactly. */
function scaled(text: string, decimals: number): bigint {
  const [i, f = ''] = text.replace('-', '').split('.');
  return BigInt((i ?? '0') + f.padEnd(decimals, '0'));
}

describe('stepDecimals', () => {
  it('returns the significant decimals of Binance step strings', () => {
    expect(stepDecimals('0.00010000')).toBe(4);
    expect(stepDecimals('0.01')).toBe(2);
    expect(stepDecimals('1.00000000')).toBe(0);
    expect(stepDecimals('10')).toBe(0);
    expect(stepDecimals('0.05')).toBe(2);
  });

  it('returns a one-line error for steps that are not positive decimals', () => {
    for (const bad of ['0', '0.000', '-0.1', '1e-4', 'abc', '']) {
      expect(() => stepDecimals(bad)).toThrow(
        /^invalid step '.*': expected a positive decimal like 0\.0001$/,
      );
    }
  });
});

describe('floorToStep', () => {
  it('returns exact strings where binary floats carry noise', () => {
    expect(floorToStep(0.1 + 0.2, '0.1')).toBe('0.3');
    expect(floorToStep(0.6 - 0.1, '0.1'), '0.49999999999999994 is 0.5 to within a billionth of a step').toBe(
      '0.5',
    );
    expect(floorToStep(0.3, '0.0001')).toBe('0.3000');
    expect(floorToStep(2.17391304, '0.00010000')).toBe('2.1739');
    expect(floorToStep(0.099999, '0.0001')).toBe('0.0999');
    expect(floorToStep(1e-7, '0.00000001')).toBe('0.00000010');
    expect(floorToStep(123.7, '10')).toBe('120');
    expect(floorToStep(0.17, '0.05')).toBe('0.15');
    expect(floorToStep(0.00009, '0.0001')).toBe('0.0000');
  });

  it('returns a multiple of the step, never above x beyond float tolerance, less than one step below', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1e6, noNaN: true }), fc.constantFrom(...STEPS), (x, step) => {
        const spec = parseStep(step);
        const out = floorToStep(x, step);
        expect(out).toMatch(DECIMAL_RE);
        expect(out.split('.')[1]?.length ?? 0).toBe(spec.decimals);
        expect(scaled(out, spec.decimals) % BigInt(spec.units), 'a whole number of steps').toBe(0n);
        const v = Number(out);
        expect(v).toBeLessThanOrEqual(x + spec.value * 1e-9 + x * 1e-12);
        expect(x - v).toBeLessThan(spec.value * (1 + 1e-9));
      }),
      { numRuns: 2000 },
    );
  });

  it('returns exactly k steps for any float computation that means k steps', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e9 }), fc.constantFrom(...STEPS), (k, step) => {
        const spec = parseStep(step);
        const asFloat = k * spec.value; // 0.0001 is inexact: k × it carries binary noise
        expect(floorToStep(asFloat, step)).toBe(exact(BigInt(k), step));
        expect(floorToStep(Number(exact(BigInt(k), step)), step)).toBe(exact(BigInt(k), step));
      }),
      { numRuns: 2000 },
    );
  });

  it('returns quantities that survive being summed from float pieces', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 50_000 }), { minLength: 1, maxLength: 20 }), (ks) => {
        const spec = parseStep('0.0001');
        const sum = ks.reduce((acc, k) => acc + unitsToNumber(k, spec), 0);
        const total = ks.reduce((a, b) => a + b, 0);
        expect(floorUnits(sum, spec)).toBe(total);
      }),
    );
  });

  it('returns magnitudes truncated toward zero for negative input and errors on NaN', () => {
    expect(floorToStep(-0.12345, '0.0001')).toBe('-0.1234');
    expect(floorToStep(-0.00001, '0.0001')).toBe('0.0000');
    expect(() => floorToStep(Number.NaN, '0.0001')).toThrow('floorToStep: not a finite number (NaN)');
  });
});

describe('roundToTick and formatDecimal', () => {
  it('returns the nearest tick, half away from zero, despite float representation', () => {
    expect(roundToTick(2301.456, '0.01')).toBe('2301.46');
    expect(roundToTick(2.675, '0.01'), '2.675 is stored as 2.67499999…').toBe('2.68');
    expect(roundToTick(2301.449, '0.01')).toBe('2301.45');
    expect(roundToTick(64012.34, '0.10')).toBe('64012.3');
  });

  it('returns prices within half a tick, on the tick grid', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.0001, max: 1e6, noNaN: true }),
        fc.constantFrom('0.01', '0.1', '0.0001', '0.05'),
        (x, tick) => {
          const spec = parseStep(tick);
          const out = roundToTick(x, tick);
          expect(scaled(out, spec.decimals) % BigInt(spec.units)).toBe(0n);
          expect(Math.abs(Number(out) - x)).toBeLessThanOrEqual(spec.value / 2 + 1e-9);
        },
      ),
    );
  });

  it('returns fixed decimals without exponent notation or binary noise', () => {
    expect(formatDecimal(1.005, 2)).toBe('1.01');
    expect(formatDecimal(1e-7, 8)).toBe('0.00000010');
    expect(formatDecimal(-0.000001, 2)).toBe('0.00');
    expect(formatDecimal(-1.5, 0)).toBe('-2');
    expect(formatDecimal(1e20, 2)).toBe('100000000000000000000.00');
    fc.assert(
      fc.property(fc.double({ min: -1e9, max: 1e9, noNaN: true }), fc.integer({ min: 0, max: 8 }), (x, d) => {
        const out = formatDecimal(x, d);
        expect(out).toMatch(DECIMAL_RE);
        expect(Math.abs(Number(out) - x)).toBeLessThanOrEqual(0.5 * 10 ** -d + Math.abs(x) * 1e-12);
      }),
    );
  });
});
