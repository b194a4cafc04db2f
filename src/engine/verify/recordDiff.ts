/** The first place two JSON values differ: the path to it and both sides (undefined = missing). */
export interface RecordDifference {
  readonly path: readonly (string | number)[];
  readonly recorded: unknown;
  readonly recomputed: unknown;
}

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Depth-first comparison of two JSON values (both as JSON.parse gives them), exact: numbers must
 * be the same double, so a one-ulp change is found. Keys in `ignoreTop` are skipped at the top
 * level only (times of writing, the per-line copies of header facts).
 */
export function firstDifference(
  recorded: unknown,
  recomputed: unknown,
  ignoreTop: ReadonlySet<string> = new Set(),
): RecordDifference | null {
  const path: (string | number)[] = [];
  const walk = (a: unknown, b: unknown, top: boolean): RecordDifference | null => {
    if (a === b) return null;
    if (Array.isArray(a) && Array.isArray(b)) {
      const n = Math.max(a.length, b.length);
      for (let i = 0; i < n; i++) {
        path.push(i);
        const d = walk(a[i], b[i], false);
        if (d) return d;
        path.pop();
      }
      return null;
    }
    if (isRec(a) && isRec(b)) {
      const keys = [...Object.keys(a), ...Object.keys(b).filter((k) => !Object.hasOwn(a, k))];
      for (const k of keys) {
        if (top && ignoreTop.has(k)) continue;
        path.push(k);
        const d = walk(a[k], b[k], false);
        if (d) return d;
        path.pop();
      }
      return null;
    }
    return { path: [...path], recorded: a, recomputed: b };
  };
  return walk(recorded, recomputed, true);
}

/** How many representable doubles lie between a and b (both finite), or null. */
export function ulpDistance(a: number, b: number): bigint | null {
  if (!Number.isFinite(a) || !Number.isFinite(b)) return null;
  const key = (x: number): bigint => {
    const v = new DataView(new ArrayBuffer(8));
    v.setFloat64(0, x);
    const bits = v.getBigInt64(0);
    // Map the sign-magnitude bit pattern onto a line where neighbours differ by one.
    return bits < 0n ? -(bits & 0x7fffffffffffffffn) : bits;
  };
  const d = key(a) - key(b);
  return d < 0n ? -d : d;
}

/** A value as verify prints it: numbers exactly (shortest round-trip text), the rest as JSON. */
export function showValue(v: unknown): string {
  if (v === undefined) return '(missing)';
  if (typeof v === 'number') return String(v);
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 160 ? `${s.slice(0, 157)}...` : s;
}
