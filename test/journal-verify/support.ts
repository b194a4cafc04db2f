import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll } from 'vitest';
import { runBacktest } from '../../src/engine/backtest.js';
import { loadPolicyPackage } from '../../src/engine/policy/loadPolicy.js';

export const ROOT = resolve(import.meta.dirname, '../..');
/** The shipped real candles (ETHUSDT, 2024-03-29 … 31). */
export const DAY1 = join(ROOT, 'data/ETHUSDT-1m-2024-03-29.zip');
export const DAY2 = join(ROOT, 'data/ETHUSDT-1m-2024-03-30.zip');
export const MODEL = join(ROOT, 'models/default');

/** models/default when it exists and loads (a fresh clone before training may not have one). */
export const MODEL_OK: boolean = await loadPolicyPackage(MODEL).then((r) => r.ok);

/** One temp folder per test file, removed at the end. */
export function tempFolder(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `drl-tui-${prefix}-`));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A real backtest that writes its journal; returns the journal path and the report's fingerprint. */
export async function backtestJournal(
  dir: string,
  name: string,
  o: { strategy: string; model: string | null; data?: string | string[]; market?: 'spot' | 'usdm' },
): Promise<{ path: string; fingerprint: string }> {
  const path = join(dir, `${name}.jsonl`);
  rmSync(path, { force: true });
  const r = await runBacktest({
    data: o.data ?? DAY1,
    market: o.market ?? 'spot',
    strategy: o.strategy,
    modelDir: o.model,
    sentimentDir: null,
    startCash: 10_000,
    feeRate: 0.001,
    slippageBps: 1,
    journalPath: path,
  });
  return { path, fingerprint: r.report.fingerprint.sha256 };
}

/** A parsed journal record: tests reach into it at any depth (and plant changes in it). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- parsed JSON read and edited freely in tests
export type Rec = Record<string, any>;

export function readLines(path: string): string[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.length > 0);
}

export function records(path: string): Rec[] {
  return readLines(path).map((l) => JSON.parse(l) as Rec);
}

/** The same double with its lowest mantissa bit flipped: the smallest change a number can take. */
export function flipLowestBit(x: number): number {
  const v = new DataView(new ArrayBuffer(8));
  v.setFloat64(0, x);
  v.setBigUint64(0, v.getBigUint64(0) ^ 1n);
  return v.getFloat64(0);
}

/**
 * Copy `path` with the n-th (1-based) record matching `pick` rewritten by `edit`; returns the
 * copy's path and the journal line that was changed.
 */
export function plant(
  path: string,
  out: string,
  pick: (r: Rec) => boolean,
  n: number,
  edit: (r: Rec) => void,
): { path: string; line: number } {
  const lines = readLines(path);
  let seen = 0;
  for (let i = 0; i < lines.length; i++) {
    const r = JSON.parse(lines[i]!) as Rec;
    if (!pick(r) || ++seen !== n) continue;
    edit(r);
    lines[i] = JSON.stringify(r);
    writeFileSync(out, `${lines.join('\n')}\n`);
    return { path: out, line: i + 1 };
  }
  throw new Error(`no record #${n} to plant a change in`);
}

export function copyModel(dir: string): string {
  const to = join(dir, 'model-copy');
  cpSync(MODEL, to, { recursive: true });
  return to;
}
