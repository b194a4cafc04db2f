import type { Rng } from '../core/rng.js';
import type { Minibatch } from './actorCritic.js';

/**
 * One rollout of nSteps × nEnvs transitions, row t·nEnvs + e, and the advantage computation.
 * Observations are stored scaled (what the networks saw), actions as sampled (before clipping:
 * the Gaussian's log-probability is of the sample, SB3's convention for clipped Box actions).
 */
export class RolloutBuffer {
  readonly size: number;
  readonly obs: Float32Array;
  readonly actions: Float32Array;
  readonly logp: Float32Array;
  readonly values: Float64Array;
  readonly rewards: Float64Array;
  /** 1 where the env's episode ended on this step (a time limit: bootstrapped, not terminal). */
  readonly ends: Uint8Array;
  /** V(final observation) of an episode that ended on this step. */
  readonly bootValues: Float64Array;
  readonly advantages: Float32Array;
  readonly returns: Float32Array;

  constructor(
    readonly nSteps: number,
    readonly nEnvs: number,
    readonly width: number,
  ) {
    const n = (this.size = nSteps * nEnvs);
    this.obs = new Float32Array(n * width);
    this.actions = new Float32Array(n);
    this.logp = new Float32Array(n);
    this.values = new Float64Array(n);
    this.rewards = new Float64Array(n);
    this.ends = new Uint8Array(n);
    this.bootValues = new Float64Array(n);
    this.advantages = new Float32Array(n);
    this.returns = new Float32Array(n);
  }

  /**
   * GAE(λ): δ_t = r_t + γ·V_next − V_t, A_t = δ_t + γλ·A_{t+1} within an episode. V_next is the
   * next row's value, the bootstrap value where an episode was cut by its time limit (the chain
   * stops there), or `lastValues[e]` after the rollout's final step. Returns = A + V (the critic's
   * target). λ = 1 gives A2C's n-step returns.
   */
  computeAdvantages(lastValues: Float64Array, gamma: number, lambda: number): void {
    const E = this.nEnvs;
    for (let e = 0; e < E; e++) {
      let gae = 0;
      for (let t = this.nSteps - 1; t >= 0; t--) {
        const i = t * E + e;
        let nextV: number;
        let carry: number;
        if (this.ends[i] === 1) {
          nextV = this.bootValues[i]!;
          carry = 0;
        } else {
          nextV = t === this.nSteps - 1 ? lastValues[e]! : this.values[i + E]!;
          carry = gae;
        }
        const delta = this.rewards[i]! + gamma * nextV - this.values[i]!;
        gae = delta + gamma * lambda * carry;
        this.advantages[i] = gae;
        this.returns[i] = gae + this.values[i]!;
      }
    }
  }

  /**
   * Row order for one pass: shuffled with the seeded Rng (Fisher–Yates) for PPO's minibatches,
   * or in rollout order.
   */
  order(rng: Rng | null): Int32Array {
    const idx = new Int32Array(this.size);
    for (let i = 0; i < idx.length; i++) idx[i] = i;
    if (rng) {
      for (let i = idx.length - 1; i > 0; i--) {
        const j = Math.floor(rng.next() * (i + 1));
        const t = idx[i]!;
        idx[i] = idx[j]!;
        idx[j] = t;
      }
    }
    return idx;
  }

  /** Rows idx[from..to) as a minibatch; advantages normalised to mean 0 / std 1 within it when asked. */
  gather(idx: Int32Array, from: number, to: number, normalize: boolean): Minibatch {
    const n = to - from;
    const w = this.width;
    const obs = new Float32Array(n * w);
    const actions = new Float32Array(n);
    const oldLogp = new Float32Array(n);
    const advantages = new Float32Array(n);
    const returns = new Float32Array(n);
    for (let k = 0; k < n; k++) {
      const i = idx[from + k]!;
      obs.set(this.obs.subarray(i * w, i * w + w), k * w);
      actions[k] = this.actions[i]!;
      oldLogp[k] = this.logp[i]!;
      advantages[k] = this.advantages[i]!;
      returns[k] = this.returns[i]!;
    }
    if (normalize && n > 1) {
      let mean = 0;
      for (let k = 0; k < n; k++) mean += advantages[k]!;
      mean /= n;
      let sq = 0;
      for (let k = 0; k < n; k++) sq += (advantages[k]! - mean) ** 2;
      const std = Math.sqrt(sq / (n - 1));
      for (let k = 0; k < n; k++) advantages[k] = (advantages[k]! - mean) / (std + 1e-8);
    }
    return { n, obs, actions, oldLogp, advantages, returns };
  }
}
