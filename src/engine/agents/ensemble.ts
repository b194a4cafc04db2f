import type { Agent, AgentName } from '../core/types.js';

/**
 * Combines the agents' targets into one target position.
 *
 * weighted:  Σ w·target / Σ w over the agents present with w > 0 (0 when none).
 *   Confidence does NOT multiply. A confidence-weighted sum over Σ w would shrink the position
 *   whenever agents are unsure — mixing "how big" with "who agrees" — and Σ w·conf·target / Σ w·conf
 *   would let one agent with a sliver of confidence dominate when the others report 0. The plain
 *   weighted mean does exactly what the weights in the strategy file say, so a backtest shows their
 *   effect directly; confidence is still reported in each vote and in the journal.
 *
 * majority:  each present agent with w > 0 adds its weight to the class of its target — long
 *   (> flatBand), short (< −flatBand) or flat — and the heaviest class wins: +1, −1 or 0. Any tie
 *   for the top resolves to flat, the conservative answer.
 *
 * Agents absent from the list, or with weight 0 / no weight, are ignored; so the built-in
 * "ensemble" can carry a drl weight that only counts once a model is loaded.
 *
 * Hot path: combine() reads and adds, allocating nothing.
 */

export type EnsembleMode = 'weighted' | 'majority';

export interface EnsembleConfig {
  readonly mode: EnsembleMode;
  readonly weights: Readonly<Partial<Record<AgentName, number>>>;
  /** |target| ≤ flatBand counts as flat in majority mode and in agrees(). Default 0. */
  readonly flatBand?: number;
}

/** −1 short, 0 flat, +1 long; |t| ≤ band is flat. */
export function signClass(target: number, band = 0): -1 | 0 | 1 {
  return target > band ? 1 : target < -band ? -1 : 0;
}

/** True when a vote points the same way (long / flat / short) as the ensemble target. */
export function agrees(voteTarget: number, ensembleTarget: number, band = 0): boolean {
  return signClass(voteTarget, band) === signClass(ensembleTarget, band);
}

export class Ensemble {
  readonly mode: EnsembleMode;
  readonly weights: Readonly<Partial<Record<AgentName, number>>>;
  readonly flatBand: number;
  // Weights resolved per position of the last agents list seen: a keyed look-up by agent name on
  // every bar was the ensemble's whole cost. Rebuilt (rarely) when the list's members change.
  private cachedAgents: (Agent | undefined)[] | null = null;
  private cachedWeights = new Float64Array(0);

  constructor(cfg: EnsembleConfig) {
    for (const [name, w] of Object.entries(cfg.weights)) {
      if (typeof w !== 'number' || !Number.isFinite(w) || w < 0) {
        throw new Error(`ensemble weight for ${name} must be a number >= 0, got ${String(w)}`);
      }
    }
    const band = cfg.flatBand ?? 0;
    if (!(band >= 0 && band < 1)) throw new Error(`ensemble flatBand must be in [0, 1), got ${band}`);
    if (cfg.mode !== 'weighted' && cfg.mode !== 'majority') {
      throw new Error(`ensemble mode must be 'weighted' or 'majority', got '${String(cfg.mode)}'`);
    }
    this.mode = cfg.mode;
    this.weights = Object.freeze({ ...cfg.weights });
    this.flatBand = band;
  }

  weightOf(name: AgentName): number {
    return this.weights[name] ?? 0;
  }

  combine(agents: readonly Agent[]): number {
    const targets = new Float64Array(agents.length);
    agents.forEach((a, i) => (targets[i] = a === undefined ? 0 : a.target));
    return this.combineTargets(targets, this.weightsFor(agents));
  }

  /**
   * combine() for the engine's loop: the agents' targets already copied into `targets`, `weights`
   * from weightsFor() of the same list, index for index. Reading numbers from two typed arrays is
   * what keeps this off the profile: four agent classes read in one loop made every read generic.
   */
  combineTargets(targets: Float64Array, weights: Float64Array): number {
    return this.mode === 'weighted' ? this.weighted(targets, weights) : this.majority(targets, weights);
  }

  /** Whether the agent takes part (present with weight > 0). */
  counts(agent: Agent): boolean {
    return this.weightOf(agent.name) > 0;
  }

  /** agrees() with this ensemble's flat band. */
  agrees(voteTarget: number, ensembleTarget: number): boolean {
    return agrees(voteTarget, ensembleTarget, this.flatBand);
  }

  /** Per-index weights for this agents list (0 for a hole); allocates only when the list's members changed. */
  weightsFor(agents: readonly Agent[]): Float64Array {
    const cached = this.cachedAgents;
    let same = cached !== null && cached.length === agents.length;
    for (let i = 0; same && i < agents.length; i++) same = cached![i] === agents[i];
    if (!same) {
      this.cachedAgents = agents.slice();
      this.cachedWeights = Float64Array.from(agents, (a) =>
        a === undefined ? 0 : (this.weights[a.name] ?? 0),
      );
    }
    return this.cachedWeights;
  }

  private weighted(targets: Float64Array, ws: Float64Array): number {
    let sw = 0;
    let swt = 0;
    for (let i = 0; i < targets.length; i++) {
      const w = ws[i]!;
      if (!(w > 0)) continue;
      sw += w;
      swt += w * targets[i]!;
    }
    return sw > 0 ? swt / sw : 0;
  }

  private majority(targets: Float64Array, ws: Float64Array): number {
    let long = 0;
    let short = 0;
    let flat = 0;
    for (let i = 0; i < targets.length; i++) {
      const w = ws[i]!;
      if (!(w > 0)) continue;
      const c = signClass(targets[i]!, this.flatBand);
      if (c > 0) long += w;
      else if (c < 0) short += w;
      else flat += w;
    }
    if (long > short && long > flat) return 1;
    if (short > long && short > flat) return -1;
    return 0;
  }
}

/**
 * A fixed target (`hold`: 1 = buy-and-hold) in the ensemble's place: the agents still vote and are
 * reported, and the target still goes through risk, planner and fees.
 */
export class FixedTarget {
  constructor(readonly target: number) {}

  weightsFor(agents: readonly Agent[]): Float64Array {
    return new Float64Array(agents.length);
  }

  combineTargets(): number {
    return this.target;
  }
}
