/** One session of a journal, re-run: what it produced. */
export interface VerifySegment {
  /** Line of its session header. */
  readonly line: number;
  readonly sessionId: string;
  readonly mode: string;
  readonly decisions: number;
  readonly fills: number;
  /** sha256 over the recomputed fills (the backtest report's "Fills sha256"). */
  readonly fingerprint: string;
  readonly configHash: string;
  readonly modelSha256: string | null;
}

export type VerifyOutcome =
  | {
      readonly status: 'identical';
      readonly segments: readonly VerifySegment[];
      readonly notes: readonly string[];
    }
  | {
      /** Identical up to a point verify cannot go past (a torn tail mid-bar, a config change at a restart). */
      readonly status: 'partial';
      readonly segments: readonly VerifySegment[];
      readonly notes: readonly string[];
      readonly line: number;
      readonly bar: number | null;
      readonly reason: string;
    }
  | {
      readonly status: 'diverged';
      readonly segments: readonly VerifySegment[];
      readonly notes: readonly string[];
      /** Journal line of the first record that differs. */
      readonly line: number;
      /** openTime of the bar being decided when it happened (null before the first bar). */
      readonly bar: number | null;
      readonly recordType: string;
      readonly field: string;
      readonly recorded: unknown;
      readonly recomputed: unknown;
    };
