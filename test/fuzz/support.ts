import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, expect } from 'vitest';

/** Modest runs, reproducible: FC_SEED=<n> explores other inputs, a failure prints its seed and path. */
export const RUNS = { numRuns: 200, seed: Number(process.env.FC_SEED ?? 20240329) } as const;

export function tempFolder(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `drl-tui-fuzz-${prefix}-`));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Errors a parser throws on purpose; the built-in subclasses mean a bug reached the surface. */
const BUG_CLASSES = [TypeError, RangeError, ReferenceError, SyntaxError, EvalError, URIError];

/**
 * The edge contract: a thrown Error whose message is one printable line (no line feed, no CR or
 * other control character quoted from a damaged file), not an accident of the parser.
 */
export function expectOneLineError(e: unknown, what: string): void {
  expect(e, `${what} threw a non-Error`).toBeInstanceOf(Error);
  const err = e as Error;
  expect(
    BUG_CLASSES.some((c) => err instanceof c),
    `${what} leaked ${err.name}: ${err.stack ?? ''}`,
  ).toBe(false);
  expect(err.message, `${what}: message is one printable line`).not.toMatch(/\p{Cc}/u);
  expect(err.message.length, `${what}: message is not empty`).toBeGreaterThan(0);
}

/** A Parsed<T> failure: ok false and a one-line reason. */
export function expectOneLineReason(r: { ok: boolean; error?: string }, what: string): void {
  if (r.ok) return;
  expect(typeof r.error, `${what}: reason is a string`).toBe('string');
  expect(r.error, `${what}: reason is one printable line`).not.toMatch(/\p{Cc}/u);
  expect(r.error!.length, `${what}: reason is not empty`).toBeGreaterThan(0);
}

/** Bytes and mtime of a file, to show a failed load left it exactly as it was. */
export function snapshot(path: string): { bytes: Buffer; mtimeMs: number } {
  return { bytes: readFileSync(path), mtimeMs: statSync(path).mtimeMs };
}

/**
 * Damage done to real bytes: cut at a random point, flip random bytes, or splice random bytes in.
 * What a crash, a bad disk or a partial copy leaves behind.
 */
export function damaged(real: Uint8Array): fc.Arbitrary<Uint8Array> {
  const n = real.length;
  return fc.oneof(
    fc.nat({ max: Math.max(0, n - 1) }).map((cut) => real.slice(0, cut)),
    fc
      .array(fc.tuple(fc.nat({ max: Math.max(0, n - 1) }), fc.integer({ min: 0, max: 255 })), {
        minLength: 1,
        maxLength: 8,
      })
      .map((flips) => {
        const b = real.slice();
        for (const [i, v] of flips) b[i] = v;
        return b;
      }),
    fc.tuple(fc.nat({ max: n }), fc.uint8Array({ minLength: 1, maxLength: 64 })).map(([at, junk]) => {
      const b = new Uint8Array(n + junk.length);
      b.set(real.subarray(0, at));
      b.set(junk, at);
      b.set(real.subarray(at), at + junk.length);
      return b;
    }),
  );
}

/** Text damage: truncation, character swaps, inserted junk. */
export function damagedText(real: string): fc.Arbitrary<string> {
  return damaged(new TextEncoder().encode(real)).map((b) => new TextDecoder().decode(b));
}
