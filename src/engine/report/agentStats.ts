import type { AgentName } from '../core/types.js';
import { AGENT_NAMES } from '../core/types.js';

/**
 * A target above +threshold is a long vote, below −threshold a short vote, anything in between flat.
 * 0.05 of equity is half of one default max_step: smaller targets do not move the position in a way
 * worth calling a direction.
 */
export const VOTE_THRESHOLD = 0.05;

export type VoteClass = 'long' | 'flat' | 'short';

/** +1 long, 0 flat, −1 short (see VOTE_THRESHOLD). */
export function voteClass(target: number, threshold = VOTE_THRESHOLD): 1 | 0 | -1 {
  if (target > threshold) return 1;
  if (target < -threshold) return -1;
  return 0;
}

export const ATTRIBUTION_METHOD =
  'agreed-bar P&L: each bar P&L (equity change over the bar) is credited in full to every agent whose ' +
  'latest vote had the same class (long/flat/short) as the position held during that bar; ' +
  'agents can share a bar, so the column does not add up to the total P&L';

export interface AgentReport {
  readonly agent: AgentName;
  readonly votes: { readonly long: number; readonly flat: number; readonly short: number };
  readonly total: number;
  /** Bars where the agent's vote class equalled the ensemble target's class. */
  readonly agreements: number;
  readonly agreementRatePct: number | null;
  /** Bars credited to the agent by the attribution method, and the P&L summed over them (quote). */
  readonly agreedBars: number;
  readonly pnlAttribution: number;
}

export interface AgentStatsReport {
  readonly threshold: number;
  readonly attributionMethod: string;
  readonly agents: readonly AgentReport[];
}

/**
 * Per-agent vote counters, agreement with the ensemble and P&L attribution. All per-bar calls are
 * O(agents) with no allocation. Per bar, call `onBarPnl` (the P&L of the bar that just closed, earned
 * with the position chosen at the previous decision) BEFORE `observe` records this bar's votes.
 */
export class AgentStats {
  private readonly names: readonly AgentName[];
  private readonly index = new Map<AgentName, number>();
  private readonly long: Float64Array;
  private readonly flat: Float64Array;
  private readonly short: Float64Array;
  private readonly agree: Float64Array;
  private readonly agreedBars: Float64Array;
  private readonly pnl: Float64Array;
  /** Latest vote class per agent; NaN until the agent has voted. */
  private readonly last: Float64Array;

  constructor(
    agents: readonly AgentName[] = AGENT_NAMES,
    private readonly threshold = VOTE_THRESHOLD,
  ) {
    this.names = [...agents];
    this.names.forEach((a, i) => this.index.set(a, i));
    const n = this.names.length;
    this.long = new Float64Array(n);
    this.flat = new Float64Array(n);
    this.short = new Float64Array(n);
    this.agree = new Float64Array(n);
    this.agreedBars = new Float64Array(n);
    this.pnl = new Float64Array(n);
    this.last = new Float64Array(n).fill(NaN);
  }

  /** Credit the P&L of the bar just closed to the agents that agreed with the position held over it. */
  onBarPnl(pnl: number, heldPosition: number): void {
    if (!Number.isFinite(pnl)) return;
    const held = voteClass(heldPosition, this.threshold);
    for (let i = 0; i < this.names.length; i++) {
      if (this.last[i] === held) {
        this.pnl[i]! += pnl;
        this.agreedBars[i]!++;
      }
    }
  }

  /** One agent's vote on this bar. Unknown agents are ignored (the report lists the configured ones). */
  observe(agent: AgentName, target: number, ensembleTarget: number): void {
    const i = this.index.get(agent);
    if (i !== undefined) this.observeAt(i, target, ensembleTarget);
  }

  /** observe() by the agent's position in the constructor's list: the hot path skips the name lookup. */
  observeAt(i: number, target: number, ensembleTarget: number): void {
    if (!Number.isFinite(target)) return;
    this.count(i, voteClass(target, this.threshold), voteClass(ensembleTarget, this.threshold));
  }

  /** observeAt() for every agent of the list the stats were built from, their targets index for index (the engine's loop). */
  observeTargets(targets: Float64Array, ensembleTarget: number): void {
    const ensembleClass = voteClass(ensembleTarget, this.threshold);
    for (let i = 0; i < targets.length; i++) {
      const target = targets[i]!;
      if (Number.isFinite(target)) this.count(i, voteClass(target, this.threshold), ensembleClass);
    }
  }

  /** Count one vote class. Takes classes, not targets: small integers cross a call without boxing. */
  private count(i: number, c: number, ensembleClass: number): void {
    if (!(i >= 0 && i < this.names.length)) return;
    if (c > 0) this.long[i]!++;
    else if (c < 0) this.short[i]!++;
    else this.flat[i]!++;
    if (c === ensembleClass) this.agree[i]!++;
    this.last[i] = c;
  }

  observeVotes(
    votes: readonly { readonly agent: AgentName; readonly target: number }[],
    ensembleTarget: number,
  ): void {
    for (const v of votes) this.observe(v.agent, v.target, ensembleTarget);
  }

  report(): AgentStatsReport {
    return {
      threshold: this.threshold,
      attributionMethod: ATTRIBUTION_METHOD,
      agents: this.names.map((agent, i) => {
        const long = this.long[i]!;
        const flat = this.flat[i]!;
        const short = this.short[i]!;
        const total = long + flat + short;
        return {
          agent,
          votes: { long, flat, short },
          total,
          agreements: this.agree[i]!,
          agreementRatePct: total > 0 ? (this.agree[i]! / total) * 100 : null,
          agreedBars: this.agreedBars[i]!,
          pnlAttribution: this.pnl[i]!,
        };
      }),
    };
  }
}
