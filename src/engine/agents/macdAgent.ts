import { F } from '../core/types.js';
import type { Agent, AgentInput, Parsed, Vote } from '../core/types.js';
import { clamp01, openEnvelope, readAgentState, targetText } from './agentSupport.js';
import type { AgentStateJSON } from './agentSupport.js';

/**
 * MACD signal-line crossover (diff = macd − signal = features[F.macd_diff]):
 *
 *   previous diff ≤ 0 and diff > 0   → crossed above: long +1
 *   previous diff ≥ 0 and diff < 0   → crossed below: flat 0 on spot, short −1 with allowShort
 *   otherwise                        → hold the previous target (flat until the first crossover)
 *   diff not finite                  → hold, confidence 0, and the previous diff is kept
 *
 * Confidence = min(1, |diff| / close / fullConfidence): the gap between MACD and its signal as a
 * fraction of price, full at fullConfidence (default 0.001 = 0.1 % of price; a typical ETH 1-minute
 * diff of ~0.5 at 2,300 gives ~0.2). While holding it tracks the current gap; before the first
 * crossover it is 0. The first bar has no previous diff, so it never counts as a crossover; the
 * EMAs are seeded with the first close, so the first sign change after that is taken as a cross.
 */

export interface MacdOptions {
  readonly fullConfidence: number;
  readonly allowShort: boolean;
}

export const DEFAULT_MACD_OPTIONS: MacdOptions = Object.freeze({ fullConfidence: 0.001, allowShort: false });

const NA = 0;
const UP = 1;
const DOWN = 2;
const HOLD = 3;

interface MacdState {
  target: number;
  confidence: number;
  prevDiff: number;
  macd: number;
  signal: number;
  diff: number;
  branch: number;
  fired: number;
}

export class MacdAgent implements Agent {
  readonly name = 'macd' as const;
  readonly opts: MacdOptions;
  target = 0;
  confidence = 0;
  private prevDiff = Number.NaN;
  private macd = Number.NaN;
  private signal = Number.NaN;
  private diff = Number.NaN;
  private branch = NA;
  private fired = false;

  constructor(opts: Partial<MacdOptions> = {}) {
    const o = { ...DEFAULT_MACD_OPTIONS, ...opts };
    if (!(o.fullConfidence > 0) || !Number.isFinite(o.fullConfidence)) {
      throw new Error(`macd fullConfidence must be a positive fraction of price, got ${o.fullConfidence}`);
    }
    this.opts = Object.freeze(o);
  }

  step(input: AgentInput): void {
    const f = input.features;
    const diff = f[F.macd_diff] ?? Number.NaN;
    this.macd = f[F.macd] ?? Number.NaN;
    this.signal = f[F.macd_signal] ?? Number.NaN;
    this.diff = diff;
    if (!Number.isFinite(diff)) {
      this.branch = NA;
      this.confidence = 0;
      return;
    }
    const close = input.bar.close;
    const strength = close > 0 ? clamp01(Math.abs(diff) / close / this.opts.fullConfidence) : 0;
    const prev = this.prevDiff;
    if (prev <= 0 && diff > 0) {
      this.branch = UP;
      this.target = 1;
      this.confidence = strength;
      this.fired = true;
    } else if (prev >= 0 && diff < 0) {
      this.branch = DOWN;
      this.target = this.opts.allowShort ? -1 : 0;
      this.confidence = strength;
      this.fired = true;
    } else {
      this.branch = HOLD;
      this.confidence = this.fired ? strength : 0;
    }
    this.prevDiff = diff; // NaN comparisons above are false, so the first bar holds
  }

  vote(): Vote {
    const d = `${this.diff >= 0 ? '+' : ''}${this.diff.toFixed(3)}`;
    const m = this.macd.toFixed(3);
    const s = this.signal.toFixed(3);
    let reason: string;
    if (this.branch === UP)
      reason = `MACD ${m} crossed above signal ${s} (diff ${d}) → ${targetText(this.target)}`;
    else if (this.branch === DOWN) {
      reason = `MACD ${m} crossed below signal ${s} (diff ${d}) → ${targetText(this.target)}`;
    } else if (this.branch === HOLD)
      reason = `MACD diff ${d}, no crossover → hold ${targetText(this.target)}`;
    else reason = `MACD n/a → hold ${targetText(this.target)}`;
    return { agent: this.name, target: this.target, confidence: this.confidence, reason };
  }

  toJSON(): AgentStateJSON<MacdOptions, MacdState> {
    return {
      v: 1,
      agent: this.name,
      opts: this.opts,
      state: {
        target: this.target,
        confidence: this.confidence,
        prevDiff: this.prevDiff,
        macd: this.macd,
        signal: this.signal,
        diff: this.diff,
        branch: this.branch,
        fired: this.fired ? 1 : 0,
      },
    };
  }

  /** Restores the state saved by toJSON() (keeps this agent's own options). */
  restore(json: unknown): Parsed<this> {
    const r = readAgentState(json, 'macd', [
      'target',
      'confidence',
      'prevDiff',
      'macd',
      'signal',
      'diff',
      'branch',
      'fired',
    ]);
    if (!r.ok) return r;
    const s = r.value;
    this.target = s.target;
    this.confidence = clamp01(s.confidence);
    this.prevDiff = s.prevDiff;
    this.macd = s.macd;
    this.signal = s.signal;
    this.diff = s.diff;
    this.branch = s.branch >= NA && s.branch <= HOLD ? s.branch : NA;
    this.fired = s.fired === 1;
    return { ok: true, value: this };
  }

  /** A new agent with the saved options and state. */
  static fromJSON(json: unknown): Parsed<MacdAgent> {
    const env = openEnvelope(json, 'macd');
    if (!env.ok) return env;
    const o = env.value.opts;
    if (typeof o.fullConfidence !== 'number' || typeof o.allowShort !== 'boolean') {
      return { ok: false, error: 'macd agent state: opts need fullConfidence (number) and allowShort' };
    }
    let agent: MacdAgent;
    try {
      agent = new MacdAgent({ fullConfidence: o.fullConfidence, allowShort: o.allowShort });
    } catch (e) {
      return { ok: false, error: `macd agent state: ${(e as Error).message}` };
    }
    return agent.restore(json);
  }
}
