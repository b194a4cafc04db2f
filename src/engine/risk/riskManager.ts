import type { Market, Parsed, SkipReason, TradingState } from '../core/types.js';
import { MINUTE_MS } from '../core/types.js';

/**
 * Turns the ensemble's target into an allowed target (fractions of equity), one bar at a time.
 * Checks, in order; each one that changes the target adds its code to `codes`:
 *
 *   1. HALTED           a non-finite target, position or equity halts the manager (sticky until
 *                       resume()); while halted the target may only move toward 0 (reductions)
 *   2. SPOT_NO_SHORT    spot: a negative target becomes 0
 *   3. MAX_POSITION     |target| ≤ maxPosition
 *   4. DAILY_LOSS_HALT  once equity falls more than dailyLossLimit below the UTC day's starting
 *                       equity (the first equity seen that day), only moves toward 0 pass for
 *                       the rest of that UTC day; the next day starts fresh
 *   5. COOLDOWN         within cooldownBars bars after a trade (noteTrade), only moves toward 0 pass
 *   6. MAX_STEP         |target − position| ≤ maxStep
 *
 * "Only moves toward 0" means the allowed target is clamped into [0, position] (or [position, 0]):
 * the safety limits never block a reduction, and never allow new or flipped exposure.
 * Reductions still respect MAX_STEP, so a de-risking walks down in maxStep steps like any other
 * change; an explicit flatten (apply(..., flatten = true), the user's command) goes to 0 at once
 * and bypasses every limit. Pause is the engine's business (it still computes every decision and
 * sends nothing); this class only keeps the flag so the trading state lives in one place.
 *
 * Hot path: apply() allocates nothing; `codes` is one reused array — copy it to keep it.
 */

export interface RiskLimits {
  readonly maxPosition: number;
  readonly maxStep: number;
  /** Fraction of the UTC day's starting equity; 0.05 = halt new exposure after a 5 % loss. */
  readonly dailyLossLimit: number;
  readonly cooldownBars: number;
}

export const DEFAULT_RISK_LIMITS: RiskLimits = Object.freeze({
  maxPosition: 1,
  maxStep: 0.1,
  dailyLossLimit: 0.05,
  cooldownBars: 0,
});

const DAY_MS = 86_400_000;

/** One-line reason when a limit is out of range, else null. */
export function checkRiskLimits(l: RiskLimits): string | null {
  if (!(l.maxPosition > 0 && l.maxPosition <= 1))
    return `maxPosition must be in (0, 1], got ${l.maxPosition}`;
  if (!(l.maxStep > 0 && l.maxStep <= 2)) return `maxStep must be in (0, 2], got ${l.maxStep}`;
  if (!(l.dailyLossLimit > 0 && l.dailyLossLimit <= 1)) {
    return `dailyLossLimit must be in (0, 1], got ${l.dailyLossLimit}`;
  }
  if (!(Number.isInteger(l.cooldownBars) && l.cooldownBars >= 0)) {
    return `cooldownBars must be a whole number >= 0, got ${l.cooldownBars}`;
  }
  return null;
}

/** Clamp target into the segment between 0 and position: reductions only. */
function towardZero(target: number, position: number): number {
  if (position > 0) return target < 0 ? 0 : target > position ? position : target;
  if (position < 0) return target > 0 ? 0 : target < position ? position : target;
  return 0;
}

export class RiskManager {
  readonly limits: RiskLimits;
  readonly market: Market;
  // Made from a one-element literal and emptied, so the array starts with string elements: a fresh
  // `[]` holds small integers until the first push, and optimised code from an earlier session
  // would be thrown away on that first push (a backtest builds a new session per run).
  private readonly codeBuf: SkipReason[] = ['HALTED'];
  private day = Number.NaN;
  private dayStartMs = Number.NaN; // day × DAY_MS, so most bars skip the division
  private dayStartEquity = Number.NaN;
  private dailyHalted = false;
  private lastTradeTime = Number.NaN;
  private paused = false;
  private halted = false;
  private reason = '';

  constructor(limits: Partial<RiskLimits> = {}, market: Market = 'spot') {
    const l: RiskLimits = { ...DEFAULT_RISK_LIMITS, ...limits };
    const bad = checkRiskLimits(l);
    if (bad !== null) throw new Error(`risk: ${bad}`);
    this.limits = Object.freeze(l);
    this.market = market;
    this.codeBuf.pop();
  }

  /** Which limits changed the target on the last apply(). Reused array. */
  get codes(): readonly SkipReason[] {
    return this.codeBuf;
  }

  get isPaused(): boolean {
    return this.paused;
  }

  get isHalted(): boolean {
    return this.halted;
  }

  get haltReason(): string {
    return this.reason;
  }

  /** Daily-loss halt is in force for the current UTC day. */
  get isDailyHalted(): boolean {
    return this.dailyHalted;
  }

  get dayStart(): number {
    return this.dayStartEquity;
  }

  get state(): TradingState {
    return this.halted ? 'HALTED' : this.paused ? 'PAUSED' : 'TRADING';
  }

  pause(): void {
    this.paused = true;
  }

  /** The user's resume: clears pause and an invariant halt (a new NaN halts again). */
  resume(): void {
    this.paused = false;
    this.halted = false;
    this.reason = '';
  }

  halt(reason: string): void {
    this.halted = true;
    this.reason = reason;
  }

  /** Tell risk a trade happened on this bar (starts the cooldown). */
  noteTrade(barOpenTime: number): void {
    this.lastTradeTime = barOpenTime;
  }

  apply(target: number, position: number, equity: number, barOpenTime: number, flatten = false): number {
    const codes = this.codeBuf;
    // pop() keeps the backing store; `length = 0` would free it and make every push allocate.
    while (codes.length > 0) codes.pop();
    if (flatten) return 0;

    if (!Number.isFinite(position)) {
      if (!this.halted) this.halt(`non-finite position (${position})`);
      codes.push('HALTED');
      return 0;
    }
    if (!Number.isFinite(target) || !Number.isFinite(equity)) {
      if (!this.halted)
        this.halt(
          Number.isFinite(target) ? `non-finite equity (${equity})` : `non-finite target (${target})`,
        );
      codes.push('HALTED');
      return position; // nothing to reduce toward: hold, the user can flatten
    }
    let t = target;
    if (this.halted) {
      const r = towardZero(t, position);
      if (r !== t) codes.push('HALTED');
      t = r;
    }
    if (this.market === 'spot' && t < 0) {
      codes.push('SPOT_NO_SHORT');
      t = 0;
    }
    const maxPos = this.limits.maxPosition;
    if (t > maxPos || t < -maxPos) {
      codes.push('MAX_POSITION');
      t = t > 0 ? maxPos : -maxPos;
    }

    if (!(barOpenTime >= this.dayStartMs && barOpenTime < this.dayStartMs + DAY_MS)) {
      const day = Math.floor(barOpenTime / DAY_MS);
      if (day !== this.day) {
        this.day = day;
        this.dayStartEquity = equity;
        this.dailyHalted = false;
      }
      this.dayStartMs = day * DAY_MS;
    }
    if (!this.dailyHalted && equity < this.dayStartEquity * (1 - this.limits.dailyLossLimit)) {
      this.dailyHalted = true;
    }
    if (this.dailyHalted) {
      const r = towardZero(t, position);
      if (r !== t) codes.push('DAILY_LOSS_HALT');
      t = r;
    }

    const cd = this.limits.cooldownBars;
    if (cd > 0 && !Number.isNaN(this.lastTradeTime)) {
      const bars = (barOpenTime - this.lastTradeTime) / MINUTE_MS;
      if (bars >= 0 && bars <= cd) {
        const r = towardZero(t, position);
        if (r !== t) codes.push('COOLDOWN');
        t = r;
      }
    }

    const maxStep = this.limits.maxStep;
    const d = t - position;
    if (d > maxStep) {
      codes.push('MAX_STEP');
      t = position + maxStep;
    } else if (d < -maxStep) {
      codes.push('MAX_STEP');
      t = position - maxStep;
    }
    return t;
  }

  /** The risk note for the screen, e.g. "MAX_STEP 0.10, DAILY_LOSS_HALT"; '' when nothing bit. */
  describe(): string {
    return this.codeBuf
      .map((c) =>
        c === 'MAX_STEP'
          ? `MAX_STEP ${this.limits.maxStep.toFixed(2)}`
          : c === 'MAX_POSITION'
            ? `MAX_POSITION ${this.limits.maxPosition.toFixed(2)}`
            : c === 'DAILY_LOSS_HALT'
              ? `DAILY_LOSS_HALT ${(this.limits.dailyLossLimit * 100).toFixed(1)}%`
              : c,
      )
      .join(', ');
  }

  toJSON(): RiskStateJSON {
    return {
      v: 1,
      market: this.market,
      limits: { ...this.limits },
      day: Number.isFinite(this.day) ? this.day : null,
      dayStartEquity: Number.isFinite(this.dayStartEquity) ? this.dayStartEquity : null,
      dailyHalted: this.dailyHalted,
      lastTradeTime: Number.isFinite(this.lastTradeTime) ? this.lastTradeTime : null,
      paused: this.paused,
      halted: this.halted,
      haltReason: this.reason,
    };
  }

  /** Rebuilds from toJSON(); `limits` overrides the saved limits (e.g. a changed strategy file). */
  static fromJSON(json: unknown, limits?: Partial<RiskLimits>): Parsed<RiskManager> {
    if (typeof json !== 'object' || json === null) return { ok: false, error: 'risk state: not an object' };
    const o = json as Record<string, unknown>;
    if (o.v !== 1) return { ok: false, error: `risk state: unsupported version ${String(o.v)}` };
    if (o.market !== 'spot' && o.market !== 'usdm')
      return { ok: false, error: 'risk state: market must be spot or usdm' };
    const saved = (typeof o.limits === 'object' && o.limits !== null ? o.limits : {}) as Partial<RiskLimits>;
    const numOrNull = (k: string): number | null | undefined => {
      const v = o[k];
      return v === null ? null : typeof v === 'number' && Number.isFinite(v) ? v : undefined;
    };
    const day = numOrNull('day');
    const start = numOrNull('dayStartEquity');
    const last = numOrNull('lastTradeTime');
    if (day === undefined || start === undefined || last === undefined) {
      return {
        ok: false,
        error: 'risk state: day, dayStartEquity and lastTradeTime must be numbers or null',
      };
    }
    if (
      typeof o.dailyHalted !== 'boolean' ||
      typeof o.paused !== 'boolean' ||
      typeof o.halted !== 'boolean'
    ) {
      return { ok: false, error: 'risk state: dailyHalted, paused and halted must be booleans' };
    }
    let rm: RiskManager;
    try {
      rm = new RiskManager({ ...saved, ...limits }, o.market);
    } catch (e) {
      return { ok: false, error: `risk state: ${(e as Error).message}` };
    }
    rm.day = day ?? Number.NaN;
    rm.dayStartMs = day === null ? Number.NaN : day * DAY_MS;
    rm.dayStartEquity = start ?? Number.NaN;
    rm.lastTradeTime = last ?? Number.NaN;
    rm.dailyHalted = o.dailyHalted;
    rm.paused = o.paused;
    rm.halted = o.halted;
    rm.reason = typeof o.haltReason === 'string' ? o.haltReason : '';
    return { ok: true, value: rm };
  }
}

export interface RiskStateJSON {
  readonly v: 1;
  readonly market: Market;
  readonly limits: RiskLimits;
  readonly day: number | null;
  readonly dayStartEquity: number | null;
  readonly dailyHalted: boolean;
  readonly lastTradeTime: number | null;
  readonly paused: boolean;
  readonly halted: boolean;
  readonly haltReason: string;
}
