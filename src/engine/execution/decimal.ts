/**
 * Exact decimal strings for exchange quantities and prices.
 *
 * The engine computes in doubles; the exchange takes decimal strings that must be exact multiples
 * of LOT_SIZE.stepSize / PRICE_FILTER.tickSize. The step string is turned into an integer pair
 * (units, decimals) once: "0.00010000" is 1 × 10^-4, "0.05" is 5 × 10^-2, "10" is 10 × 10^0.
 * A value is converted to a whole number of steps by x × 10^decimals / units (one or two
 * roundings, no inexact 0.0001 involved), then printed from that integer, so the output never
 * carries binary noise ("0.30000000000000004") and never uses exponent notation.
 *
 * Float tolerance: a value within SNAP_ABS steps (or SNAP_REL relative) *below* a step boundary
 * is treated as on it. 0.6 − 0.1 = 0.49999999999999994 must floor to 0.5 at step 0.1, not 0.4;
 * the tolerance is a billionth of a step, far below anything an exchange balance can express.
 */

const SNAP_ABS = 1e-9;
// Two ulps (2^-52 relative each): enough to absorb one multiplication's binary error. 1e-12 was
// far too wide for large amounts: at 1e15 units it moved a rounding by a thousand units.
const SNAP_REL = 2 ** -51;
const MAX_DECIMALS = 20;

const POW10: readonly number[] = Array.from({ length: MAX_DECIMALS + 1 }, (_, k) => 10 ** k);

/** A parsed step or tick: value = units × 10^-decimals, with units a positive integer. */
export interface StepSpec {
  readonly text: string;
  readonly decimals: number;
  readonly units: number;
  readonly scale: number; // 10^decimals
  readonly value: number; // the step as a double, for comparisons only
}

const STEP_RE = /^(\d+)(?:\.(\d+))?$/;

/** Parses "0.00010000"-style steps. Throws a one-line Error for anything else (including 0). */
export function parseStep(step: string): StepSpec {
  const m = STEP_RE.exec(step.trim());
  if (!m) throw new Error(`invalid step '${step}': expected a positive decimal like 0.0001`);
  const intPart = m[1] ?? '0';
  const frac = (m[2] ?? '').replace(/0+$/, '');
  if (frac.length > MAX_DECIMALS)
    throw new Error(`invalid step '${step}': more than ${MAX_DECIMALS} decimals`);
  const units = Number(intPart + frac);
  if (!(units > 0) || !Number.isSafeInteger(units)) {
    throw new Error(`invalid step '${step}': expected a positive decimal like 0.0001`);
  }
  const decimals = frac.length;
  const scale = POW10[decimals] ?? 10 ** decimals;
  return { text: step, decimals, units, scale, value: units / scale };
}

/** Number of decimals the step needs: "0.00010000" → 4, "0.01" → 2, "1.000" → 0. */
export function stepDecimals(step: string): number {
  return parseStep(step).decimals;
}

function snapTolerance(u: number): number {
  const rel = u * SNAP_REL;
  return rel > SNAP_ABS ? rel : SNAP_ABS;
}

/**
 * Whole number of steps in |x|, truncated toward zero with the float tolerance above.
 * Hot path: no allocation. Returns NaN for non-finite x (callers check).
 */
export function floorUnits(x: number, spec: StepSpec): number {
  const u = ((x < 0 ? -x : x) * spec.scale) / spec.units;
  const k = Math.round(u);
  if (k > u && k - u <= snapTolerance(u)) return k;
  return Math.floor(u);
}

/** Nearest whole number of steps (half away from zero) with the same float tolerance. Signed. */
export function roundUnits(x: number, spec: StepSpec): number {
  const u = ((x < 0 ? -x : x) * spec.scale) / spec.units;
  const k = Math.floor(u + 0.5 + snapTolerance(u));
  return x < 0 ? -k : k;
}

/** n steps as the nearest double (3000 steps of 0.0001 → 0.3 exactly as Number("0.3"), not 0.30000000000000004). */
export function unitsToNumber(n: number, spec: StepSpec): number {
  return (n * spec.units) / spec.scale;
}

/** Prints n steps exactly, with the step's decimals ("0.3000" for 3000 × 0.0001). */
export function formatUnits(n: number, spec: StepSpec): string {
  return formatScaledInteger(n * spec.units, spec.decimals);
}

/** Prints the integer m as m × 10^-decimals without exponent notation. */
function formatScaledInteger(m: number, decimals: number): string {
  if (!Number.isSafeInteger(m)) throw new RangeError(`value out of exact range: ${m}`);
  const negative = m < 0;
  const digits = String(negative ? -m : m);
  let out: string;
  if (decimals === 0) {
    out = digits;
  } else {
    const padded = digits.padStart(decimals + 1, '0');
    const cut = padded.length - decimals;
    out = `${padded.slice(0, cut)}.${padded.slice(cut)}`;
  }
  return negative && m !== 0 ? `-${out}` : out;
}

function assertFinite(x: number, what: string): void {
  if (!Number.isFinite(x)) throw new RangeError(`${what}: not a finite number (${x})`);
}

/**
 * Truncates x to a multiple of step, toward zero (so |result| ≤ |x|, up to the float tolerance),
 * and returns it as an exact decimal string with the step's decimals: floorToStep(0.30000000000000004,
 * "0.1") → "0.3", floorToStep(0.12345, "0.0001") → "0.1234". Quantities are magnitudes; a
 * negative x keeps its sign.
 */
export function floorToStep(x: number, step: string | StepSpec): string {
  assertFinite(x, 'floorToStep');
  const spec = typeof step === 'string' ? parseStep(step) : step;
  const n = floorUnits(x, spec);
  return formatScaledInteger((x < 0 ? -n : n) * spec.units, spec.decimals);
}

/** Rounds x to the nearest tick (half away from zero), as an exact decimal string: (2301.456, "0.01") → "2301.46". */
export function roundToTick(x: number, tick: string | StepSpec): string {
  assertFinite(x, 'roundToTick');
  const spec = typeof tick === 'string' ? parseStep(tick) : tick;
  return formatScaledInteger(roundUnits(x, spec) * spec.units, spec.decimals);
}

/**
 * Fixed-decimals text without exponent notation and without binary noise: (1.005, 2) → "1.01",
 * (1e-7, 8) → "0.00000010". Rounds half away from zero with the float tolerance.
 */
export function formatDecimal(x: number, decimals: number): string {
  assertFinite(x, 'formatDecimal');
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > MAX_DECIMALS) {
    throw new RangeError(`formatDecimal: decimals must be an integer 0..${MAX_DECIMALS}, got ${decimals}`);
  }
  const scale = POW10[decimals] ?? 10 ** decimals;
  const u = (x < 0 ? -x : x) * scale;
  const k = Math.floor(u + 0.5 + snapTolerance(u));
  if (!Number.isSafeInteger(k)) {
    // Beyond 2^53 units a double has no more digits to show; toFixed prints it plainly below 1e21.
    if (Math.abs(x) < 1e21) return x.toFixed(decimals);
    throw new RangeError(`formatDecimal: ${x} is too large to print without an exponent`);
  }
  return formatScaledInteger(x < 0 ? -k : k, decimals);
}
