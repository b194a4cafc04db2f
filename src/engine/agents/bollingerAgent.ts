import { F } from '../core/types.js';
import type { Agent, AgentInput, Parsed, Vote } from '../core/types.js';
import { HOLD_CONFIDENCE, clamp01, openEnvelope, readAgentState, targetText } from './agentSupport.js';
import type { AgentStateJSON } from './agentSupport.js';

/**
 * Bollinger-band mean reversion on the bar's close (bands from features[F.bb_low/bb_mid/bb_high]),
 * checked in this order:
 *
 *   close < bb_low                          → long +1
 *   close > bb_high                         → flat 0 on spot, short −1 with allowShort
 *   long  and close ≥ bb_mid (exitAtMid)    → back across the middle: exit to flat 0
 *   short and close ≤ bb_mid (exitAtMid)    → exit to flat 0
 *   otherwise                               → hold the previous target
 *   bands not finite, or bb_high ≤ bb_low   → hold with confidence 0 (warm-up / flat market)
 *
 * Confidence beyond a band is 0.5 at the band rising linearly to 1 at half a band-width beyond it;
 * an exit at the middle reports 0.5; holding reports 0.25 once a signal has fired (0 before).
 */

export interface BollingerOptions {
  readonly exitAtMid: boolean;
  readonly allowShort: boolean;
}

export const DEFAULT_BOLLINGER_OPTIONS: BollingerOptions = Object.freeze({
  exitAtMid: true,
  allowShort: false,
});

const NA = 0;
const BELOW = 1;
const ABOVE = 2;
const MID_EXIT = 3;
const HOLD = 4;

interface BollingerState {
  target: number;
  confidence: number;
  close: number;
  low: number;
  mid: number;
  high: number;
  branch: number;
  fired: number;
}

export class BollingerAgent implements Agent {
  readonly name = 'bollinger' as const;
  readonly opts: BollingerOptions;
  target = 0;
  confidence = 0;
  private close = Number.NaN;
  private low = Number.NaN;
  private mid = Number.NaN;
  private high = Number.NaN;
  private branch = NA;
  private fired = false;

  constructor(opts: Partial<BollingerOptions> = {}) {
    this.opts = Object.freeze({ ...DEFAULT_BOLLINGER_OPTIONS, ...opts });
  }

  step(input: AgentInput): void {
    const f = input.features;
    const close = input.bar.close;
    const low = f[F.bb_low] ?? Number.NaN;
    const mid = f[F.bb_mid] ?? Number.NaN;
    const high = f[F.bb_high] ?? Number.NaN;
    this.close = close;
    this.low = low;
    this.mid = mid;
    this.high = high;
    if (!Number.isFinite(close) || !Number.isFinite(low) || !Number.isFinite(mid) || !(high > low)) {
      this.branch = NA;
      this.confidence = 0;
      return;
    }
    const halfWidth = (high - low) / 2;
    if (close < low) {
      this.branch = BELOW;
      this.target = 1;
      this.confidence = clamp01(0.5 + (0.5 * (low - close)) / halfWidth);
      this.fired = true;
    } else if (close > high) {
      this.branch = ABOVE;
      this.target = this.opts.allowShort ? -1 : 0;
      this.confidence = clamp01(0.5 + (0.5 * (close - high)) / halfWidth);
      this.fired = true;
    } else if (
      this.opts.exitAtMid &&
      ((this.target > 0 && close >= mid) || (this.target < 0 && close <= mid))
    ) {
      this.branch = MID_EXIT;
      this.target = 0;
      this.confidence = 0.5;
    } else {
      this.branch = HOLD;
      this.confidence = this.fired ? HOLD_CONFIDENCE : 0;
    }
  }

  vote(): Vote {
    const c = this.close.toFixed(2);
    const t = targetText(this.target);
    let reason: string;
    switch (this.branch) {
      case BELOW:
        reason = `close ${c} < BB low ${this.low.toFixed(2)} → ${t}`;
        break;
      case ABOVE:
        reason = `close ${c} > BB high ${this.high.toFixed(2)} → ${t}`;
        break;
      case MID_EXIT:
        reason = `close ${c} back across BB mid ${this.mid.toFixed(2)} → exit ${t}`;
        break;
      case HOLD:
        reason = `close ${c} inside BB ${this.low.toFixed(2)}–${this.high.toFixed(2)} → hold ${t}`;
        break;
      default:
        reason = `BB n/a → hold ${t}`;
    }
    return { agent: this.name, target: this.target, confidence: this.confidence, reason };
  }

  toJSON(): AgentStateJSON<BollingerOptions, BollingerState> {
    return {
      v: 1,
      agent: this.name,
      opts: this.opts,
      state: {
        target: this.target,
        confidence: this.confidence,
        close: this.close,
        low: this.low,
        mid: this.mid,
        high: this.high,
        branch: this.branch,
        fired: this.fired ? 1 : 0,
      },
    };
  }

  /** Restores the state saved by toJSON() (keeps this agent's own options). */
  restore(json: unknown): Parsed<this> {
    const r = readAgentState(json, 'bollinger', [
      'target',
      'confidence',
      'close',
      'low',
      'mid',
      'high',
      'branch',
      'fired',
    ]);
    if (!r.ok) return r;
    const s = r.value;
    this.target = s.target;
    this.confidence = clamp01(s.confidence);
    this.close = s.close;
    this.low = s.low;
    this.mid = s.mid;
    this.high = s.high;
    this.branch = s.branch >= NA && s.branch <= HOLD ? s.branch : NA;
    this.fired = s.fired === 1;
    return { ok: true, value: this };
  }

  /** A new agent with the saved options and state. */
  static fromJSON(json: unknown): Parsed<BollingerAgent> {
    const env = openEnvelope(json, 'bollinger');
    if (!env.ok) return env;
    const o = env.value.opts;
    if (typeof o.exitAtMid !== 'boolean' || typeof o.allowShort !== 'boolean') {
      return { ok: false, error: 'bollinger agent state: opts need exitAtMid and allowShort (booleans)' };
    }
    return new BollingerAgent({ exitAtMid: o.exitAtMid, allowShort: o.allowShort }).restore(json);
  }
}
