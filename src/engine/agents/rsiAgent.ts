import { F } from '../core/types.js';
import type { Agent, AgentInput, Parsed, Vote } from '../core/types.js';
import { HOLD_CONFIDENCE, clamp01, openEnvelope, readAgentState, targetText } from './agentSupport.js';
import type { AgentStateJSON } from './agentSupport.js';

/**
 * RSI mean-reversion rule (features[F.rsi] holds RSI/100):
 *
 *   RSI < oversold (30)    → long  +1, confidence 0.5 at the threshold rising linearly to 1 at RSI 0
 *   RSI > overbought (70)  → flat 0 on spot, short −1 with allowShort (USD-M); confidence 0.5 at
 *                            the threshold rising to 1 at RSI 100
 *   otherwise              → hold the previous target; confidence 0.25 once any signal has fired,
 *                            0 before (no opinion yet)
 *   RSI not finite         → hold the previous target with confidence 0 (warm-up / bad data)
 */

export interface RsiOptions {
  readonly oversold: number;
  readonly overbought: number;
  readonly allowShort: boolean;
}

export const DEFAULT_RSI_OPTIONS: RsiOptions = Object.freeze({
  oversold: 30,
  overbought: 70,
  allowShort: false,
});

const NA = 0;
const LONG = 1;
const EXIT = 2;
const HOLD = 3;

interface RsiState {
  target: number;
  confidence: number;
  rsi: number;
  branch: number;
  fired: number;
}

export class RsiAgent implements Agent {
  readonly name = 'rsi' as const;
  readonly opts: RsiOptions;
  target = 0;
  confidence = 0;
  private rsi = Number.NaN;
  private branch = NA;
  private fired = false;

  constructor(opts: Partial<RsiOptions> = {}) {
    const o = { ...DEFAULT_RSI_OPTIONS, ...opts };
    if (!(o.oversold > 0 && o.oversold < o.overbought && o.overbought < 100)) {
      throw new Error(
        `rsi thresholds need 0 < oversold < overbought < 100, got ${o.oversold} / ${o.overbought}`,
      );
    }
    this.opts = Object.freeze(o);
  }

  step(input: AgentInput): void {
    const rsi = (input.features[F.rsi] ?? Number.NaN) * 100;
    this.rsi = rsi;
    if (!Number.isFinite(rsi)) {
      this.branch = NA;
      this.confidence = 0;
      return;
    }
    const { oversold, overbought } = this.opts;
    if (rsi < oversold) {
      this.branch = LONG;
      this.target = 1;
      this.confidence = clamp01(0.5 + (0.5 * (oversold - rsi)) / oversold);
      this.fired = true;
    } else if (rsi > overbought) {
      this.branch = EXIT;
      this.target = this.opts.allowShort ? -1 : 0;
      this.confidence = clamp01(0.5 + (0.5 * (rsi - overbought)) / (100 - overbought));
      this.fired = true;
    } else {
      this.branch = HOLD;
      this.confidence = this.fired ? HOLD_CONFIDENCE : 0;
    }
  }

  vote(): Vote {
    const { oversold, overbought } = this.opts;
    const r = this.rsi.toFixed(1);
    let reason: string;
    if (this.branch === LONG) reason = `RSI ${r} < ${oversold} → ${targetText(this.target)}`;
    else if (this.branch === EXIT) reason = `RSI ${r} > ${overbought} → ${targetText(this.target)}`;
    else if (this.branch === HOLD)
      reason = `RSI ${r} within ${oversold}–${overbought} → hold ${targetText(this.target)}`;
    else reason = `RSI n/a → hold ${targetText(this.target)}`;
    return { agent: this.name, target: this.target, confidence: this.confidence, reason };
  }

  toJSON(): AgentStateJSON<RsiOptions, RsiState> {
    return {
      v: 1,
      agent: this.name,
      opts: this.opts,
      state: {
        target: this.target,
        confidence: this.confidence,
        rsi: this.rsi,
        branch: this.branch,
        fired: this.fired ? 1 : 0,
      },
    };
  }

  /** Restores the state saved by toJSON() (keeps this agent's own options). */
  restore(json: unknown): Parsed<this> {
    const r = readAgentState(json, 'rsi', ['target', 'confidence', 'rsi', 'branch', 'fired']);
    if (!r.ok) return r;
    const s = r.value;
    this.target = s.target;
    this.confidence = clamp01(s.confidence);
    this.rsi = s.rsi;
    this.branch = s.branch >= NA && s.branch <= HOLD ? s.branch : NA;
    this.fired = s.fired === 1;
    return { ok: true, value: this };
  }

  /** A new agent with the saved options and state. */
  static fromJSON(json: unknown): Parsed<RsiAgent> {
    const env = openEnvelope(json, 'rsi');
    if (!env.ok) return env;
    const o = env.value.opts;
    if (
      typeof o.oversold !== 'number' ||
      typeof o.overbought !== 'number' ||
      typeof o.allowShort !== 'boolean'
    ) {
      return { ok: false, error: 'rsi agent state: opts need oversold, overbought (numbers) and allowShort' };
    }
    let agent: RsiAgent;
    try {
      agent = new RsiAgent({ oversold: o.oversold, overbought: o.overbought, allowShort: o.allowShort });
    } catch (e) {
      return { ok: false, error: `rsi agent state: ${(e as Error).message}` };
    }
    return agent.restore(json);
  }
}
