import { OBSERVATION_FEATURES } from '../core/types.js';
import type { Agent, AgentInput, Parsed, Vote } from '../core/types.js';
import { ObservationBuilder } from '../features/observation.js';
import { inputAttribution } from '../policy/attribution.js';
import { FastPolicyNet } from '../policy/fastForward.js';
import type { ForwardKernel } from '../policy/fastForward.js';
import type { PolicyPackage } from '../policy/loadPolicy.js';
import { ObservationScaler } from '../policy/scaler.js';

/** The last observation the agent built. The arrays are reused every bar: read them, don't keep them. */
export interface DrlObservation {
  readonly features: readonly string[];
  readonly raw: Float64Array;
  readonly scaled: Float64Array;
}

export interface DrlAgentOptions {
  /** Force the plain-JS forward pass (tests, or to compare against the WASM kernel). */
  readonly kernel?: ForwardKernel;
  /** How many inputs the vote reason quotes (default 3). */
  readonly reasonInputs?: number;
}

/**
 * The DRL policy as an ensemble agent. Per bar (`step`, no allocation): build the observation in
 * the package's feature order, scale and clip it with the package's scaler, run FastPolicyNet,
 * clamp the output to clip.action → target.
 *
 * confidence = |target|: the policy is deterministic (the Gaussian's mean), so it has no
 * calibrated probability; the size of the position it asks for is its conviction, and a flat
 * target carries no weight in a confidence-weighted combination.
 *
 * Observation-only mode (`available` false: no package, a package that failed to load, or one
 * the engine cannot feed): target 0, confidence 0, reason "no model…"; the ensemble must ignore
 * its weight. It still has the raw observation in the engine's default order, so the 15-D panel
 * and the journal keep working; it is built when read (a backtest without a journal never reads
 * it), from the inputs of the last step.
 *
 * A non-finite network output (NaN in the observation) gives target 0, confidence 0 and says so
 * in the reason, instead of passing NaN on.
 */
export class DrlAgent implements Agent {
  readonly name = 'drl' as const;
  readonly available: boolean;
  /** Why there is no tradable model, or null when there is one. */
  readonly unavailableReason: string | null;
  readonly modelName: string | null;
  readonly sha256: string | null;
  private readonly obs: DrlObservation;

  private readonly pkg: PolicyPackage | null;
  private readonly builder: ObservationBuilder;
  private readonly scaler: ObservationScaler | null;
  private readonly net: FastPolicyNet | null;
  private readonly lo: number;
  private readonly hi: number;
  private readonly reasonInputs: number;
  // Plain fields, as on the rule agents: the engine reads every agent's target each bar, and a
  // getter among fields made that read a call.
  target = 0;
  confidence = 0;
  private rawOut = 0;
  private finite = true;
  /** Observation-only: the last step's inputs, for building the observation when it is read. */
  private stale = false;
  private reasonText: string | null = null;
  private features: Float64Array | null = null;
  private position = 0;
  private positionChange = 0;

  constructor(pkg: PolicyPackage | null, unavailableReason: string | null, options: DrlAgentOptions = {}) {
    const usable = pkg !== null && pkg.policy.compatible && unavailableReason === null;
    this.available = usable;
    this.pkg = usable ? pkg : null;
    this.modelName = pkg?.policy.name ?? null;
    this.sha256 = pkg?.sha256 ?? null;
    this.unavailableReason = usable ? null : (unavailableReason ?? 'no model');
    const features = this.pkg ? this.pkg.policy.observation.features : OBSERVATION_FEATURES;
    this.builder = new ObservationBuilder(features);
    this.scaler = this.pkg ? ObservationScaler.fromPolicy(this.pkg.policy) : null;
    this.net = this.pkg ? new FastPolicyNet(this.pkg.layers, { inputWidth: this.pkg.inputWidth, kernel: options.kernel }) : null; // prettier-ignore
    const [lo, hi] = this.pkg ? this.pkg.policy.clip.action : [0, 0];
    this.lo = Math.max(-1, lo);
    this.hi = Math.min(1, hi);
    this.reasonInputs = options.reasonInputs ?? 3;
    const raw = new Float64Array(features.length);
    this.obs = Object.freeze({
      features: this.builder.order,
      raw,
      scaled: new Float64Array(features.length),
    });
  }

  /** The last observation; the same arrays every bar (read them, don't keep them). */
  get observation(): DrlObservation {
    if (this.stale) {
      this.stale = false;
      this.build(this.features!, this.position, this.positionChange);
    }
    return this.obs;
  }

  /** The forward-pass kernel in use, or null in observation-only mode. */
  get kernel(): ForwardKernel | null {
    return this.net?.kernel ?? null;
  }

  step(input: AgentInput): void {
    this.reasonText = null;
    if (!this.net || !this.scaler) {
      // Nothing to decide: keep the inputs (features is the engine's live array, unchanged until
      // the next step) and build the observation only if someone reads it.
      this.features = input.features;
      this.position = input.position;
      this.positionChange = input.positionChange;
      this.stale = true;
      return;
    }
    const scaled = this.build(input.features, input.position, input.positionChange);
    this.scaler.apply(scaled);
    const y = this.net.forward(scaled);
    this.rawOut = y;
    this.finite = Number.isFinite(y);
    this.target = !this.finite ? 0 : y < this.lo ? this.lo : y > this.hi ? this.hi : y;
    this.confidence = Math.abs(this.target);
  }

  vote(): Vote {
    // The attribution behind the reason costs tens of µs: once a bar, whoever reads it (journal, screen, events).
    this.reasonText ??= this.reason();
    return { agent: 'drl', target: this.target, confidence: this.confidence, reason: this.reasonText };
  }

  /** Raw observation in the package's order, copied to `scaled` (scaled in place by the caller). */
  private build(features: Float64Array, position: number, positionChange: number): Float64Array {
    const { raw, scaled } = this.obs;
    this.builder.fill(features, position, positionChange, raw);
    scaled.set(raw);
    return scaled;
  }

  toJSON(): unknown {
    // Stateless between bars (a feed-forward policy): the fields identify the model and the last output.
    return { model: this.modelName, sha256: this.sha256, available: this.available, target: this.target };
  }

  private reason(): string {
    if (!this.pkg || !this.net)
      return this.unavailableReason === 'no model' ? 'no model' : `no model: ${this.unavailableReason}`;
    const { features, raw, scaled } = this.observation;
    const name = this.pkg.policy.name;
    if (!this.finite) {
      const bad = features.filter((_, i) => !Number.isFinite(raw[i]!));
      return `policy ${name} output not finite${bad.length ? ` (non-finite ${bad.join(', ')})` : ''} → 0`;
    }
    const contrib = inputAttribution(this.pkg.layers, scaled);
    const top = [...contrib.keys()]
      .sort((a, b) => Math.abs(contrib[b]!) - Math.abs(contrib[a]!))
      .slice(0, this.reasonInputs)
      .map((i) => `${features[i]}=${fmt(raw[i]!)}`);
    const clipped = this.rawOut !== this.target ? ` [raw ${signed(this.rawOut)}]` : '';
    return `policy ${name} → ${signed(this.target)}${clipped} (${top.join(', ')})`;
  }
}

function fmt(v: number): string {
  return Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(2);
}

function signed(v: number): string {
  return `${v >= 0 ? '+' : ''}${v.toFixed(2)}`;
}

/**
 * The DRL agent for a load result: a tradable agent for a compatible package, else
 * observation-only with the reason ("no model", "no model: models/x: missing weights.bin",
 * "no model: eth-19d refused for trading: observation width 19 ≠ the engine's 15-D state").
 */
export function createDrlAgent(
  result: Parsed<PolicyPackage> | null,
  options: DrlAgentOptions = {},
): DrlAgent {
  if (result === null) return new DrlAgent(null, 'no model', options);
  if (!result.ok) return new DrlAgent(null, result.error, options);
  const pkg = result.value;
  if (!pkg.policy.compatible)
    return new DrlAgent(pkg, `${pkg.policy.name} refused for trading: ${pkg.policy.incompatibleReason ?? 'incompatible'}`, options); // prettier-ignore
  try {
    return new DrlAgent(pkg, null, options);
  } catch (e) {
    // The loader validated the package, so this means a bug; trading stops, the process does not.
    return new DrlAgent(null, `${pkg.policy.name}: ${String((e as Error).message).split('\n')[0]}`, options);
  }
}
