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

/** Counts skipped intents by reason and exchange rejections by code, as they happen. */
export class OutcomeCounts {
  readonly skips: Record<SkipReason, number> = emptySkipCounts();
  private readonly rejectMap = new Map<number, { count: number; example: string }>();

  skip(reason: SkipReason): void {
    this.skips[reason]++;
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
