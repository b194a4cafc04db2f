import type { SkipReason } from '../core/types.js';

/** Every SkipReason, in the order reports print them. The check below breaks the build if one is missing. */
export const SKIP_REASONS = [
  'NO_CHANGE',
  'BELOW_MIN_QTY',
  'BELOW_MIN_NOTIONAL',
  'SPOT_NO_SHORT',
  'MAX_POSITION',
  'MAX_STEP',
  'DAILY_LOSS_HALT',
  'COOLDOWN',
  'PAUSED',
  'HALTED',
  'INSUFFICIENT_BALANCE',
  'RATE_LIMITED',
  'STALE_BAR',
] as const satisfies readonly SkipReason[];

type Missing = Exclude<SkipReason, (typeof SKIP_REASONS)[number]>;
const _allReasonsListed: [Missing] extends [never] ? true : Missing = true;
void _allReasonsListed;

export function emptySkipCounts(): Record<SkipReason, number> {
  const out = {} as Record<SkipReason, number>;
  for (const r of SKIP_REASONS) out[r] = 0;
  return out;
}

/** A rejected order's count and the first message seen for its exchange code, for the report. */
export interface RejectCount {
  readonly count: number;
  readonly example: string;
}

/** Position of each reason in SKIP_REASONS. */
const SKIP_INDEX = new Map<SkipReason, number>(SKIP_REASONS.map((r, i) => [r, i]));

/** Counts skipped intents by reason and exchange rejections by code, as they happen. */
export class OutcomeCounts {
  // Counted by position: `record[reason]++` with a different reason on every call was a slow
  // generic property access on a path that runs two or three times per bar.
  private readonly counts = new Float64Array(SKIP_REASONS.length);
  private readonly rejectMap = new Map<number, { count: number; example: string }>();
  private lastReason: SkipReason | null = null;
  private lastIndex = 0;

  /** The counts by reason, in SKIP_REASONS order (a new object each time). */
  get skips(): Record<SkipReason, number> {
    const out = {} as Record<SkipReason, number>;
    SKIP_REASONS.forEach((r, i) => (out[r] = this.counts[i]!));
    return out;
  }

  skip(reason: SkipReason): void {
    // Runs of the same reason (NO_CHANGE most bars) skip the keyed look-up.
    if (reason !== this.lastReason) {
      this.lastReason = reason;
      this.lastIndex = SKIP_INDEX.get(reason)!;
    }
    this.counts[this.lastIndex]!++;
  }

  reject(code: number, message: string): void {
    const r = this.rejectMap.get(code);
    if (r) r.count++;
    else this.rejectMap.set(code, { count: 1, example: message });
  }

  /** Rejections keyed by code as a string ("-2010"), sorted by code: JSON object keys must be strings. */
  rejects(): Record<string, RejectCount> {
    const out: Record<string, RejectCount> = {};
    for (const code of [...this.rejectMap.keys()].sort((a, b) => a - b)) {
      const r = this.rejectMap.get(code)!;
      out[String(code)] = { count: r.count, example: r.example };
    }
    return out;
  }
}
