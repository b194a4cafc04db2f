import { Rng } from '../core/rng.js';
import { OBSERVATION_FEATURES } from '../core/types.js';
import { ObservationBuilder } from '../features/observation.js';
import { FastPolicyNet } from '../policy/fastForward.js';
import type { DenseLayer } from '../policy/fastForward.js';
import type { PolicyScaler } from '../policy/policyJson.js';
import { loadTf } from '../policy/tfBackend.js';
import { ActorCritic } from './actorCritic.js';
import type { StepStats } from './actorCritic.js';
import { PolicyRunner, evaluatePolicy } from './evaluate.js';
import type { EvalMetrics } from './evaluate.js';
import type { MarketSplit } from './marketSplit.js';
import { RolloutBuffer } from './rolloutBuffer.js';
import { fitScaler } from './scalerFit.js';
import { checkHyperparameters } from './trainConfig.js';
import type { Hyperparameters } from './trainConfig.js';
import { TradingEnv } from './tradingEnv.js';
import type { EnvConfig } from './tradingEnv.js';

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);
const RECENT_EPISODES = 32;

export interface TrainInput {
  readonly train: MarketSplit;
  /** The validation split: only used to pick the checkpoint (never for gradients). */
  readonly validation: MarketSplit;
  /** Market, filters, costs and risk; rewardScale/drawdownPenalty are taken from the hyperparameters. */
  readonly env: Omit<EnvConfig, 'rewardScale' | 'drawdownPenalty'>;
  readonly hparams: Hyperparameters;
  readonly seed: number;
  /** Environment steps (transitions) to collect, rounded up to whole rollouts. */
  readonly steps: number;
  readonly order?: readonly string[];
  readonly onProgress?: (p: TrainProgress) => void;
}

export interface TrainProgress {
  readonly update: number;
  readonly updates: number;
  readonly steps: number;
  readonly totalSteps: number;
  /** Mean return (%) of the last completed training episodes, after costs; null before the first. */
  readonly episodeReturnPct: number | null;
  readonly episodes: number;
  readonly std: number;
  readonly stats: StepStats | null;
  readonly lastEval: { readonly steps: number; readonly metrics: EvalMetrics } | null;
  readonly best: { readonly steps: number; readonly score: number } | null;
}

export interface Checkpoint {
  readonly update: number;
  readonly steps: number;
  readonly layers: readonly DenseLayer[];
  readonly validation: EvalMetrics;
  /** The selection score: validation Sharpe, 0 when it is undefined (a run that never trades). */
  readonly score: number;
}

export interface TrainResult {
  readonly scaler: PolicyScaler;
  readonly order: readonly string[];
  readonly obsClip: readonly [number, number];
  readonly best: Checkpoint;
  /** The best checkpoint's deterministic run over the whole training split. */
  readonly trainMetrics: EvalMetrics;
  readonly history: readonly {
    readonly steps: number;
    readonly sharpe: number | null;
    readonly returnPct: number;
  }[];
  readonly updates: number;
  readonly steps: number;
  readonly episodes: number;
  readonly finalStd: number;
}

/**
 * Trains a Gaussian actor-critic (A2C or PPO) on the training split and returns the checkpoint
 * with the best validation Sharpe. Deterministic for a seed: one Rng drives the weight
 * initialisation, episode starts, action noise and minibatch order, TF.js's cpu kernels are
 * deterministic, and nothing reads the clock.
 *
 * Rollouts run in plain TypeScript (FastPolicyNet over the actor and critic weights, TradingEnv
 * over precomputed features); TF.js computes the gradient steps. After every update the rollout
 * nets are rebuilt from the TF.js variables, so both sides always use the same float32 weights.
 *
 * Action: u ~ N(μ(s), σ), σ = exp(logStd) state-independent, μ the actor's linear output.
 * squash 'clip': a = u, clipped to [−1, 1] by the environment; trading uses clip(μ), the
 * package's linear output clamped by DrlAgent. squash 'tanh': a = tanh(u); the package's last
 * layer has a tanh activation, so trading uses tanh(μ). Either way FastPolicyNet computes the
 * traded action from the package, and on spot the risk layer turns negative targets into 0.
 * Log-probabilities are of the Gaussian sample u.
 */
export async function trainPolicy(input: TrainInput): Promise<TrainResult> {
  const h = input.hparams;
  const bad = checkHyperparameters(h);
  if (bad) throw new Error(`training: ${bad}`);
  if (!(Number.isInteger(input.seed) && input.seed >= 0))
    throw new Error(`training: seed must be a whole number >= 0, got ${input.seed}`);
  if (!(Number.isInteger(input.steps) && input.steps > 0))
    throw new Error(`training: steps must be a whole number > 0, got ${input.steps}`);
  const { train, validation } = input;
  if (train.length < 3)
    throw new Error(`training: the training split has ${train.length} bars (need at least 3)`);
  if (validation.length < 2)
    throw new Error(`training: the validation split has ${validation.length} bars (need at least 2)`);
  if (validation.openTime[0]! <= train.openTime[train.length - 1]!)
    throw new Error(
      'training: the validation split must start after the training split ends (chronological splits)',
    );

  const order = input.order ?? OBSERVATION_FEATURES;
  const width = order.length;
  const env: EnvConfig = { ...input.env, rewardScale: h.rewardScale, drawdownPenalty: h.drawdownPenalty };
  const maxStep = input.env.risk.maxStep ?? 0.1;
  const scaler = fitScaler(h.scaler, train, order, maxStep);
  const obsClip: [number, number] = [-h.obsClip, h.obsClip];

  const tf = await loadTf();
  const rng = new Rng(input.seed);
  const model = ActorCritic.create(tf, { inputWidth: width, hidden: h.hidden, activation: h.activation }, rng, { logStd: h.logStdInit, actionBias: h.actionBiasInit }, h.optimizer); // prettier-ignore
  try {
    const perRollout = h.nEnvs * h.nSteps;
    const updates = Math.ceil(input.steps / perRollout);
    const totalSteps = updates * perRollout;
    const episodeBars = Math.min(h.episodeBars, train.length - 1);
    const envs = Array.from(
      { length: h.nEnvs },
      () => new TradingEnv(train, env, new ObservationBuilder(order)),
    );
    const startEpisode = (e: TradingEnv): void =>
      e.reset(Math.floor(rng.next() * (train.length - episodeBars)), episodeBars);
    for (const e of envs) startEpisode(e);
    const buffer = new RolloutBuffer(h.nSteps, h.nEnvs, width);
    const lastValues = new Float64Array(h.nEnvs);
    const recent: number[] = [];
    let episodes = 0;

    // `sampler` gives the Gaussian's mean (linear output) for rollouts; `runner` is the package's
    // network (with the tanh output under tanh squashing) and decides in evaluations. Same weights.
    const tanh = h.squash === 'tanh';
    const packaged = (layers: readonly DenseLayer[]): DenseLayer[] =>
      layers.map((l, k) => (k === layers.length - 1 && tanh ? { ...l, activation: 'tanh' } : l));
    let raw = model.actorLayers();
    let actor = packaged(raw);
    let sampler = new PolicyRunner(raw, scaler, width, obsClip);
    let runner = new PolicyRunner(actor, scaler, width, obsClip);
    let critic = new FastPolicyNet(model.criticLayers(), { inputWidth: width });
    let logStd = model.logStd();

    const history: { steps: number; sharpe: number | null; returnPct: number }[] = [];
    let best: Checkpoint | null = null;
    let lastEval: TrainProgress['lastEval'] = null;
    const evaluate = (update: number, steps: number): void => {
      const metrics = evaluatePolicy(validation, env, runner, order);
      const score = metrics.sharpe ?? 0;
      history.push({ steps, sharpe: round(metrics.sharpe), returnPct: round(metrics.returnPct) ?? 0 });
      lastEval = { steps, metrics };
      if (best === null || score > best.score)
        best = { update, steps, layers: actor, validation: metrics, score };
    };
    evaluate(0, 0);

    let steps = 0;
    let stats: StepStats | null = null;
    for (let u = 1; u <= updates; u++) {
      const std = Math.exp(logStd);
      for (let t = 0; t < h.nSteps; t++) {
        for (let k = 0; k < h.nEnvs; k++) {
          const e = envs[k]!;
          const i = t * h.nEnvs + k;
          const mean = sampler.mean(e.obs);
          buffer.obs.set(sampler.scaled, i * width);
          buffer.values[i] = critic.forward(sampler.scaled);
          const eps = rng.normal();
          const u = mean + std * eps;
          buffer.actions[i] = u;
          // Under tanh squashing the Jacobian term of log π(tanh u) cancels in PPO's ratio (same u),
          // so the buffer keeps the Gaussian log-density of u.
          buffer.logp[i] = -0.5 * eps * eps - logStd - HALF_LOG_2PI;
          buffer.rewards[i] = e.step(tanh ? Math.tanh(u) : u);
          buffer.ends[i] = e.done ? 1 : 0;
          if (e.done) {
            sampler.mean(e.obs);
            buffer.bootValues[i] = critic.forward(sampler.scaled);
            recent.push(e.logReturn);
            if (recent.length > RECENT_EPISODES) recent.shift();
            episodes++;
            startEpisode(e);
          }
        }
      }
      for (let k = 0; k < h.nEnvs; k++) {
        sampler.mean(envs[k]!.obs);
        lastValues[k] = critic.forward(sampler.scaled);
      }
      buffer.computeAdvantages(lastValues, h.gamma, h.gaeLambda);
      steps += perRollout;

      const weights = {
        clipRange: h.clipRange,
        entCoef: h.entCoef,
        vfCoef: h.vfCoef,
        maxGradNorm: h.maxGradNorm,
      };
      for (let epoch = 0; epoch < h.epochs; epoch++) {
        const idx = buffer.order(h.clipRange === null ? null : rng);
        for (let from = 0; from < idx.length; from += h.minibatch) {
          const to = Math.min(idx.length, from + h.minibatch);
          if (to - from < 2) continue;
          stats = model.step(buffer.gather(idx, from, to, h.normalizeAdvantage), weights);
        }
      }
      raw = model.actorLayers();
      actor = packaged(raw);
      sampler = new PolicyRunner(raw, scaler, width, obsClip);
      runner = new PolicyRunner(actor, scaler, width, obsClip);
      critic = new FastPolicyNet(model.criticLayers(), { inputWidth: width });
      logStd = model.logStd();

      if (u % h.evalEveryUpdates === 0 || u === updates) evaluate(u, steps);
      const b = best as Checkpoint | null;
      input.onProgress?.({
        update: u,
        updates,
        steps,
        totalSteps,
        episodeReturnPct: recent.length
          ? (Math.exp(recent.reduce((s, x) => s + x, 0) / recent.length) - 1) * 100
          : null,
        episodes,
        std: Math.exp(logStd),
        stats,
        lastEval,
        best: b ? { steps: b.steps, score: b.score } : null,
      });
      // Let signals and stream writes through between updates.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }

    const chosen = best as Checkpoint | null;
    if (chosen === null) throw new Error('training: no checkpoint was evaluated');
    const trainRunner = new PolicyRunner(chosen.layers, scaler, width, obsClip);
    const trainMetrics = evaluatePolicy(train, env, trainRunner, order);
    return {
      scaler,
      order,
      obsClip,
      best: chosen,
      trainMetrics,
      history,
      updates,
      steps,
      episodes,
      finalStd: Math.exp(logStd),
    };
  } finally {
    model.dispose();
  }
}

function round(x: number | null): number | null {
  return x === null ? null : Math.round(x * 1e4) / 1e4;
}
