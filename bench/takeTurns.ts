/** A measurement that runs once and reports a rate (higher is faster). */
export type Round = () => number | Promise<number>;

export interface TurnsResult {
  /** Best rate of each measurement over the counted rounds. */
  readonly best: Record<string, number>;
  /** Median over the counted rounds of (rate ÷ the reference's rate in the same round). */
  readonly medianRatio: Record<string, number>;
}

/**
 * Runs the measurements in turns, round after round, and keeps each one's best. This host's speed
 * moves by up to 2x from one minute to the next: measured one after the other, a loop could get
 * only slow minutes and its peer only quick ones. Taking turns gives every loop the same minutes,
 * and the ratio to the reference is taken within each round. The first `warmUp` rounds (JIT
 * settling) are run and not counted.
 */
export async function takeTurns(
  rounds: Record<string, Round>,
  reference: string,
  count: number,
  warmUp = 2,
): Promise<TurnsResult> {
  const names = Object.keys(rounds);
  const seen: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (let r = -warmUp; r < count; r++) {
    for (const n of names) {
      const rate = await rounds[n]!();
      if (r >= 0) seen[n]!.push(rate);
    }
  }
  const ref = seen[reference];
  if (!ref) throw new Error(`takeTurns: no measurement named ${reference}`);
  const best: Record<string, number> = {};
  const medianRatio: Record<string, number> = {};
  for (const n of names) {
    best[n] = Math.max(...seen[n]!);
    medianRatio[n] = median(seen[n]!.map((x, i) => x / ref[i]!));
  }
  return { best, medianRatio };
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
