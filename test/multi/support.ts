import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { afterAll } from 'vitest';

export const ROOT = resolve(import.meta.dirname, '../..');
/** Real Binance klines: the demo's last two ETH days and the BTC fixture of the last one. */
export const ETH_30 = join(ROOT, 'data/ETHUSDT-1m-2024-03-30.zip');
export const ETH_31 = join(ROOT, 'data/ETHUSDT-1m-2024-03-31.zip');
export const BTC_31 = join(ROOT, 'test/fixtures/data/BTCUSDT-1m-2024-03-31.zip');
/** A generic OHLCV CSV (header, ISO times) whose name starts with its symbol. */
export const ETH_GENERIC = join(ROOT, 'test/fixtures/data/ETHUSDT-2022-08-14-generic.csv');
export const MODEL = join(ROOT, 'models/default');

/** One temp folder per test file, removed at the end. */
export function tempFolder(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `drl-tui-${prefix}-`));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Copies files into dir/sub (created), keeping or replacing their names; returns the folder. */
export function folderWith(dir: string, sub: string, files: readonly (string | [string, string])[]): string {
  const folder = join(dir, sub);
  mkdirSync(folder, { recursive: true });
  for (const f of files) {
    const [from, name] = typeof f === 'string' ? [f, basename(f)] : f;
    copyFileSync(from, join(folder, name));
  }
  return folder;
}
