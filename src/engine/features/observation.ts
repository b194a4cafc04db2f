import { F, OBSERVATION_FEATURES } from '../core/types.js';

const POSITION = -1;
const POSITION_CHANGE = -2;

/**
 * Builds the policy's observation vector in the order its policy.json declares, from the
 * FeatureEngine's values plus the position terms, into a caller-owned Float64Array (no
 * allocation per bar). Names are those of OBSERVATION_FEATURES; `rsi` is already rsi/100.
 */
export class ObservationBuilder {
  readonly order: readonly string[];
  readonly size: number;
  // Source of each output slot: an index into the feature values, or POSITION / POSITION_CHANGE.
  private readonly src: Int32Array;

  constructor(order: readonly string[] = OBSERVATION_FEATURES) {
    if (order.length === 0) throw new Error('observation order is empty');
    const src = new Int32Array(order.length);
    const seen = new Set<string>();
    order.forEach((name, i) => {
      if (seen.has(name)) throw new Error(`observation order names "${name}" twice`);
      seen.add(name);
      if (name === 'position') src[i] = POSITION;
      else if (name === 'position_change') src[i] = POSITION_CHANGE;
      else if (Object.hasOwn(F, name)) src[i] = F[name as keyof typeof F];
      else
        throw new Error(`unknown observation feature "${name}" (known: ${OBSERVATION_FEATURES.join(', ')})`);
    });
    this.order = Object.freeze([...order]);
    this.size = order.length;
    this.src = src;
  }

  fill(values: Float64Array, position: number, positionChange: number, out: Float64Array): void {
    const src = this.src;
    const n = src.length;
    if (out.length < n) throw new Error(`observation buffer holds ${out.length} values, needs ${n}`);
    for (let i = 0; i < n; i++) {
      const k = src[i]!;
      out[i] = k >= 0 ? values[k]! : k === POSITION ? position : positionChange;
    }
  }
}
