import type { NamedTensorMap, Optimizer, Scalar, Tensor, Tensor2D, Variable } from '@tensorflow/tfjs';
import type { Rng } from '../core/rng.js';
import type { Activation, DenseLayer } from '../policy/fastForward.js';
import type { Tf } from '../policy/tfBackend.js';

export interface NetShape {
  readonly inputWidth: number;
  readonly hidden: readonly number[];
  readonly activation: 'tanh' | 'relu';
}

export interface OptimizerSpec {
  readonly kind: 'adam' | 'rmsprop';
  readonly learningRate: number;
}

/** One gradient step's inputs, rows aligned: scaled observations [n × width] and per-row targets. */
export interface Minibatch {
  readonly n: number;
  readonly obs: Float32Array;
  readonly actions: Float32Array; // the sampled (unclipped) Gaussian actions
  readonly oldLogp: Float32Array;
  readonly advantages: Float32Array;
  readonly returns: Float32Array;
}

export interface LossWeights {
  /** PPO clip range ε; null = the plain policy-gradient loss (A2C). */
  readonly clipRange: number | null;
  readonly entCoef: number;
  readonly vfCoef: number;
  readonly maxGradNorm: number;
}

export interface StepStats {
  readonly policyLoss: number;
  readonly valueLoss: number;
  readonly entropy: number;
  readonly approxKl: number;
  readonly clipFraction: number;
  readonly gradNorm: number;
}

interface TfDense {
  readonly kernel: Variable; // [in][out], the Keras layout
  readonly bias: Variable;
  readonly activation: Activation;
}

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/**
 * The trainable Gaussian actor-critic in TF.js: an actor MLP whose linear output is the action
 * mean, a state-independent log std (one variable, not part of the package: trading uses the
 * mean), and a separate critic MLP of the same shape (SB3's MlpPolicy with separate pi/vf nets).
 *
 * Initialisation as SB3's: orthogonal weights with gain √2 on hidden layers, 0.01 on the action
 * output and 1 on the value output, zero biases. The random numbers come from the seeded Rng, not
 * from TF.js, so a seed fixes the initial network exactly.
 *
 * Weights cross to the rollout side (FastPolicyNet) through actorLayers()/criticLayers(): the
 * float32 values of the variables, transposed to row-major [out][in]. The package is written from
 * the same arrays, so rollouts, evaluation and the shipped package use identical weights.
 */
export class ActorCritic {
  private constructor(
    private readonly tf: Tf,
    private readonly actor: readonly TfDense[],
    private readonly critic: readonly TfDense[],
    private readonly logStdVar: Variable,
    private readonly optimizer: Optimizer,
  ) {}

  static create(
    tf: Tf,
    shape: NetShape,
    rng: Rng,
    init: { readonly logStd: number; readonly actionBias: number },
    opt: OptimizerSpec,
  ): ActorCritic {
    const build = (outGain: number, outBias: number): TfDense[] => {
      const layers: TfDense[] = [];
      let inputs = shape.inputWidth;
      const sizes = [...shape.hidden, 1];
      sizes.forEach((units, k) => {
        const last = k === sizes.length - 1;
        const W = orthogonal(units, inputs, last ? outGain : Math.SQRT2, rng);
        const kernel = new Float32Array(inputs * units);
        for (let o = 0; o < units; o++)
          for (let i = 0; i < inputs; i++) kernel[i * units + o] = W[o * inputs + i]!;
        layers.push({
          kernel: tf.variable(tf.tensor2d(kernel, [inputs, units])),
          bias: tf.variable(last ? tf.fill([units], outBias) : tf.zeros([units])),
          activation: last ? 'linear' : shape.activation,
        });
        inputs = units;
      });
      return layers;
    };
    const actor = build(0.01, init.actionBias);
    const critic = build(1, 0);
    const logStd = tf.variable(tf.tensor1d([init.logStd]));
    const optimizer =
      opt.kind === 'adam'
        ? tf.train.adam(opt.learningRate, 0.9, 0.999, 1e-5)
        : tf.train.rmsprop(opt.learningRate, 0.99, 0, 1e-5, false);
    return new ActorCritic(tf, actor, critic, logStd, optimizer);
  }

  actorLayers(): DenseLayer[] {
    return exportLayers(this.actor);
  }

  criticLayers(): DenseLayer[] {
    return exportLayers(this.critic);
  }

  logStd(): number {
    return this.logStdVar.dataSync()[0]!;
  }

  /**
   * One gradient step on the minibatch: loss = policy loss − entCoef·entropy + vfCoef·value MSE,
   * gradients clipped to a global norm of maxGradNorm. Policy loss: PPO's clipped surrogate
   * −mean(min(ρA, clip(ρ, 1±ε)A)) with ρ = exp(logπ − logπ_old), or A2C's −mean(logπ·A).
   */
  step(b: Minibatch, w: LossWeights): StepStats {
    const tf = this.tf;
    const vars = this.variables();
    let stats: Tensor | null = null;
    let gradNorm = 0;
    tf.tidy(() => {
      const obs = tf.tensor2d(b.obs, [b.n, this.width()]);
      const act = tf.tensor1d(b.actions);
      const oldLogp = tf.tensor1d(b.oldLogp);
      const adv = tf.tensor1d(b.advantages);
      const ret = tf.tensor1d(b.returns);
      const { grads } = tf.variableGrads(() => {
        const mean = forward(tf, this.actor, obs).reshape([b.n]);
        const value = forward(tf, this.critic, obs).reshape([b.n]);
        const logStd = this.logStdVar;
        const z = act.sub(mean).div(logStd.exp());
        const logp = z.square().mul(-0.5).sub(logStd).sub(HALF_LOG_2PI);
        const entropy = logStd.add(0.5 + HALF_LOG_2PI).reshape([]);
        let policyLoss: Tensor;
        let kl: Tensor;
        let clipped: Tensor;
        const logRatio = logp.sub(oldLogp);
        if (w.clipRange === null) {
          policyLoss = logp.mul(adv).mean().neg();
          kl = tf.scalar(0);
          clipped = tf.scalar(0);
        } else {
          const ratio = logRatio.exp();
          const eps = w.clipRange;
          const surr = tf.minimum(ratio.mul(adv), ratio.clipByValue(1 - eps, 1 + eps).mul(adv));
          policyLoss = surr.mean().neg();
          // (ρ − 1) − ln ρ: the low-variance KL estimator SB3 reports.
          kl = ratio.sub(1).sub(logRatio).mean();
          clipped = ratio.sub(1).abs().greater(eps).cast('float32').mean();
        }
        const valueLoss = ret.sub(value).square().mean();
        const loss = policyLoss.sub(entropy.mul(w.entCoef)).add(valueLoss.mul(w.vfCoef));
        stats = tf.keep(tf.stack([policyLoss, valueLoss, entropy, kl, clipped]));
        return loss as Scalar;
      }, vars);
      gradNorm = this.applyClipped(grads, w.maxGradNorm);
    });
    const s = (stats as Tensor | null)!;
    const v = s.dataSync();
    s.dispose();
    return {
      policyLoss: v[0]!,
      valueLoss: v[1]!,
      entropy: v[2]!,
      approxKl: v[3]!,
      clipFraction: v[4]!,
      gradNorm,
    };
  }

  dispose(): void {
    for (const v of this.variables()) v.dispose();
    this.optimizer.dispose();
  }

  private width(): number {
    return this.actor[0]!.kernel.shape[0]!;
  }

  private variables(): Variable[] {
    const out: Variable[] = [];
    for (const l of [...this.actor, ...this.critic]) out.push(l.kernel, l.bias);
    out.push(this.logStdVar);
    return out;
  }

  /** Scales the gradients to a global norm ≤ maxNorm (as torch's clip_grad_norm_), applies them, returns the norm before. */
  private applyClipped(grads: NamedTensorMap, maxNorm: number): number {
    const tf = this.tf;
    const names = Object.keys(grads);
    const sq = tf.addN(names.map((k) => grads[k]!.square().sum()));
    const norm = Math.sqrt(sq.dataSync()[0]!);
    const scale = norm > maxNorm ? maxNorm / (norm + 1e-6) : 1;
    const scaled: NamedTensorMap = {};
    for (const k of names) scaled[k] = scale === 1 ? grads[k]! : grads[k]!.mul(scale);
    this.optimizer.applyGradients(scaled);
    return norm;
  }
}

function forward(tf: Tf, layers: readonly TfDense[], x: Tensor2D): Tensor2D {
  let h = x;
  for (const l of layers) {
    const z = tf.add(tf.matMul(h, l.kernel), l.bias) as Tensor2D;
    h = l.activation === 'tanh' ? tf.tanh(z) : l.activation === 'relu' ? tf.relu(z) : z;
  }
  return h;
}

function exportLayers(layers: readonly TfDense[]): DenseLayer[] {
  return layers.map((l) => {
    const [inputs, units] = l.kernel.shape as [number, number];
    const k = l.kernel.dataSync();
    const W = new Float32Array(inputs * units);
    for (let i = 0; i < inputs; i++) for (let o = 0; o < units; o++) W[o * inputs + i] = k[i * units + o]!;
    return { W, b: Float32Array.from(l.bias.dataSync()), activation: l.activation };
  });
}

/**
 * A rows × cols matrix (row-major) with orthonormal rows (rows ≤ cols) or columns (rows > cols),
 * times gain: Gram–Schmidt on a Gaussian matrix from the seeded Rng (the distribution torch's
 * orthogonal_ draws from).
 */
export function orthogonal(rows: number, cols: number, gain: number, rng: Rng): Float64Array {
  const long = Math.max(rows, cols);
  const short = Math.min(rows, cols);
  // `short` vectors of length `long`, orthonormalised in turn.
  const q: Float64Array[] = [];
  for (let v = 0; v < short; v++) {
    const x = new Float64Array(long);
    for (;;) {
      for (let i = 0; i < long; i++) x[i] = rng.normal();
      for (let pass = 0; pass < 2; pass++) {
        for (const u of q) {
          let d = 0;
          for (let i = 0; i < long; i++) d += u[i]! * x[i]!;
          for (let i = 0; i < long; i++) x[i]! -= d * u[i]!;
        }
      }
      let norm = 0;
      for (let i = 0; i < long; i++) norm += x[i]! * x[i]!;
      norm = Math.sqrt(norm);
      if (norm > 1e-6) {
        for (let i = 0; i < long; i++) x[i]! /= norm;
        break;
      }
    }
    q.push(x);
  }
  const out = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      // rows ≤ cols: row r is vector r; else column c is vector c.
      out[r * cols + c] = gain * (rows <= cols ? q[r]![c]! : q[c]![r]!);
    }
  }
  return out;
}
