import { describe, expect, it } from 'vitest';
import { MINUTE_MS } from '../../src/engine/core/types.js';
import { RiskManager } from '../../src/engine/risk/riskManager.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2024, 0, 2, 0, 0); // 2024-01-02 00:00 UTC
const at = (minutes: number): number => T0 + minutes * MINUTE_MS;

describe('RiskManager clips', () => {
  it('returns |target| clipped to maxPosition with MAX_POSITION', () => {
    const r = new RiskManager({ maxPosition: 0.5, maxStep: 2 }, 'usdm');
    expect(r.apply(0.8, 0, 1000, at(0))).toBe(0.5);
    expect(r.codes).toEqual(['MAX_POSITION']);
    expect(r.apply(-0.9, 0, 1000, at(1))).toBe(-0.5);
    expect(r.apply(0.3, 0, 1000, at(2))).toBe(0.3);
    expect(r.codes).toEqual([]);
  });

  it('returns 0 for a negative target on spot with SPOT_NO_SHORT', () => {
    const r = new RiskManager({ maxStep: 2 }, 'spot');
    expect(r.apply(-1, 0.5, 1000, at(0))).toBe(0);
    expect(r.codes).toEqual(['SPOT_NO_SHORT']);
    const u = new RiskManager({ maxStep: 2 }, 'usdm');
    expect(u.apply(-1, 0.5, 1000, at(0)), 'usdm allows shorts').toBe(-1);
  });

  it('returns a change of at most maxStep per bar, in both directions, with MAX_STEP', () => {
    const r = new RiskManager({ maxStep: 0.1 }, 'usdm');
    expect(r.apply(1, 0, 1000, at(0))).toBeCloseTo(0.1, 12);
    expect(r.codes).toEqual(['MAX_STEP']);
    expect(r.apply(0, 0.55, 1000, at(1)), 'normal reductions walk down too').toBeCloseTo(0.45, 12);
    expect(r.apply(-1, 0.05, 1000, at(2))).toBeCloseTo(-0.05, 12);
    expect(r.describe()).toBe('MAX_STEP 0.10');
  });

  it('returns 0 at once for a flatten command, bypassing every limit', () => {
    const r = new RiskManager({ maxStep: 0.1 }, 'spot');
    expect(r.apply(1, 0.9, 1000, at(0), true)).toBe(0);
    expect(r.codes).toEqual([]);
  });

  it('returns the same reused codes array every call', () => {
    const r = new RiskManager({}, 'spot');
    const first = r.codes;
    r.apply(-1, 0, 1000, at(0));
    expect(r.codes).toBe(first);
  });
});

describe('RiskManager daily loss', () => {
  it('returns only reductions after a day loss beyond the limit, and resets the next UTC day', () => {
    const r = new RiskManager({ maxStep: 2, dailyLossLimit: 0.05 }, 'usdm');
    expect(r.apply(1, 0, 10_000, at(0))).toBe(1); // day starts at 10,000
    expect(r.apply(1, 1, 9_600, at(60)), '4 % down: still trading').toBe(1);
    expect(r.isDailyHalted).toBe(false);
    expect(r.apply(1, 0.5, 9_400, at(120)), '6 % down: may not add').toBe(0.5);
    expect(r.codes).toEqual(['DAILY_LOSS_HALT']);
    expect(r.apply(0.2, 0.5, 9_400, at(121)), 'reductions pass').toBe(0.2);
    expect(r.codes).toEqual([]);
    expect(r.apply(-1, 0.2, 9_400, at(122)), 'no flip through zero').toBe(0);
    expect(r.apply(0.5, 0, 9_900, at(180)), 'recovering does not lift the halt the same day').toBe(0);
    expect(r.isDailyHalted).toBe(true);
    const nextDay = (DAY / MINUTE_MS) | 0;
    expect(r.apply(0.5, 0, 9_300, at(nextDay)), 'a new UTC day starts fresh from its own equity').toBe(0.5);
    expect(r.isDailyHalted).toBe(false);
    expect(r.dayStart).toBe(9_300);
  });

  it('returns short reductions toward zero under the halt', () => {
    const r = new RiskManager({ maxStep: 2, dailyLossLimit: 0.01 }, 'usdm');
    r.apply(-0.5, 0, 1000, at(0));
    expect(r.apply(-1, -0.5, 980, at(1))).toBe(-0.5);
    expect(r.apply(-0.1, -0.5, 980, at(2))).toBe(-0.1);
  });
});

describe('RiskManager halts and state', () => {
  it('returns the held position and halts on a NaN target; then only reductions pass', () => {
    const r = new RiskManager({ maxStep: 2 }, 'usdm');
    expect(r.apply(Number.NaN, 0.4, 1000, at(0))).toBe(0.4);
    expect(r.codes).toEqual(['HALTED']);
    expect(r.state).toBe('HALTED');
    expect(r.haltReason).toBe('non-finite target (NaN)');
    expect(r.apply(1, 0.4, 1000, at(1))).toBe(0.4);
    expect(r.apply(0.1, 0.4, 1000, at(2))).toBe(0.1);
    r.resume();
    expect(r.state).toBe('TRADING');
    expect(r.apply(1, 0.1, 1000, at(3))).toBe(1);
  });

  it('returns a halt on infinite equity too', () => {
    const r = new RiskManager({}, 'spot');
    r.apply(0.5, 0, Number.POSITIVE_INFINITY, at(0));
    expect(r.isHalted).toBe(true);
    expect(r.haltReason).toBe('non-finite equity (Infinity)');
  });

  it('returns the paused state for the engine to honour', () => {
    const r = new RiskManager({}, 'spot');
    r.pause();
    expect([r.isPaused, r.state]).toEqual([true, 'PAUSED']);
    r.halt('manual');
    expect(r.state, 'halted outranks paused').toBe('HALTED');
    r.resume();
    expect([r.isPaused, r.isHalted]).toEqual([false, false]);
  });

  it('returns only reductions during the cooldown after a trade', () => {
    const r = new RiskManager({ maxStep: 2, cooldownBars: 3 }, 'spot');
    r.noteTrade(at(10));
    expect(r.apply(1, 0.5, 1000, at(12))).toBe(0.5);
    expect(r.codes).toEqual(['COOLDOWN']);
    expect(r.apply(0.2, 0.5, 1000, at(13)), 'reductions pass the cooldown').toBe(0.2);
    expect(r.apply(1, 0.5, 1000, at(14)), 'cooldown over after 3 bars').toBe(1);
  });

  it('returns identical decisions after a JSON round trip', () => {
    const a = new RiskManager({ maxStep: 0.3, dailyLossLimit: 0.02, cooldownBars: 2 }, 'usdm');
    a.apply(1, 0, 1000, at(0));
    a.apply(1, 0.3, 970, at(1)); // daily halt
    a.noteTrade(at(1));
    const restored = RiskManager.fromJSON(JSON.parse(JSON.stringify(a)));
    expect(restored.ok).toBe(true);
    if (!restored.ok) return;
    const b = restored.value;
    expect(b.isDailyHalted).toBe(true);
    for (const [t, p, eq, m] of [
      [1, 0.3, 975, 2],
      [-1, 0.3, 975, 3],
      [0.5, 0, 900, 1440 * 2],
    ] as const) {
      expect(b.apply(t, p, eq, at(m))).toBe(a.apply(t, p, eq, at(m)));
      expect([...b.codes]).toEqual([...a.codes]);
    }
    const overridden = RiskManager.fromJSON(JSON.parse(JSON.stringify(a)), { maxStep: 0.05 });
    expect(overridden.ok && overridden.value.limits.maxStep).toBe(0.05);
  });

  it('returns one-line errors for bad limits and bad state', () => {
    expect(() => new RiskManager({ maxPosition: 2 })).toThrow('risk: maxPosition must be in (0, 1], got 2');
    expect(() => new RiskManager({ cooldownBars: 1.5 })).toThrow(/cooldownBars must be a whole number/);
    expect(RiskManager.fromJSON({ v: 2 })).toEqual({ ok: false, error: 'risk state: unsupported version 2' });
  });
});
