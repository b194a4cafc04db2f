import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { Parsed } from '../core/types.js';
import { parseKlineFileName } from '../data/binanceKlines.js';
import { openCandles } from '../data/openCandles.js';
import { resolveInputs } from '../data/resolveInputs.js';
import type { CandleSource } from '../data/types.js';

/**
 * Which candle files belong to which symbol, for a run over several symbols. Each symbol gets its
 * own CandleSource (its own validator, quality counters and file order), exactly as a single-symbol
 * run over the same files would, so a symbol's engine sees the very bars it would see alone.
 *
 * A file's symbol comes from, in this order:
 * 1. a Binance kline file name (`ETHUSDT-1m-2024-01-01.zip`, the name openCandles already trusts);
 * 2. a name starting with a listed symbol and `-`, `_` or `.` (`BTCUSDT-2024-q1.csv`);
 * 3. the folder it was found in, when that folder is named after a listed symbol (`data/BTCUSDT/x.csv`);
 * 4. the only symbol, when just one is listed.
 * Otherwise it is a one-line error: guessing would feed one symbol's prices to another's engine.
 *
 * A folder contributes its own data files and the files of those subfolders named after a listed
 * symbol, so `--data data/binance` with `ETHUSDT/` and `BTCUSDT/` inside works, and an unlisted
 * `SOLUSDT/` beside them is simply not read.
 */

const SYMBOL = /^[A-Z0-9]{2,30}$/;
const DATA_FILE = /\.(zip|csv)$/i;

/** `"ethusdt, BTCUSDT"` → `['ETHUSDT', 'BTCUSDT']`; empty, malformed or repeated names are refused. */
export function parseSymbols(text: string): Parsed<string[]> {
  const list = text.split(',').map((s) => s.trim().toUpperCase());
  if (list.length === 0 || list.every((s) => s === '')) {
    return { ok: false, error: '--symbols needs at least one symbol, e.g. --symbols ETHUSDT,BTCUSDT' };
  }
  const seen = new Set<string>();
  for (const s of list) {
    if (s === '') return { ok: false, error: `--symbols '${text}' has an empty entry` };
    if (!SYMBOL.test(s)) {
      return { ok: false, error: `--symbols: '${s}' is not a symbol (2-30 letters/digits, e.g. BTCUSDT)` };
    }
    if (seen.has(s)) return { ok: false, error: `--symbols lists ${s} twice` };
    seen.add(s);
  }
  return { ok: true, value: list };
}

interface Found {
  readonly path: string;
  /** The symbol of the folder the file was found in (step 3 above), if any. */
  readonly folderSymbol: string | null;
}

function dataFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true })
    .filter((d) => d.isFile() && !d.name.startsWith('.') && DATA_FILE.test(d.name))
    .map((d) => join(folder, d.name))
    .sort();
}

function expandFolder(folder: string, symbols: readonly string[], out: Found[]): void {
  const abs = resolve(folder);
  const before = out.length;
  const own = symbols.find((s) => s === basename(abs).toUpperCase()) ?? null;
  for (const path of dataFiles(abs)) out.push({ path, folderSymbol: own });
  for (const d of readdirSync(abs, { withFileTypes: true })) {
    const symbol = d.name.toUpperCase();
    if (!d.isDirectory() || !symbols.includes(symbol)) continue;
    for (const path of dataFiles(join(abs, d.name))) out.push({ path, folderSymbol: symbol });
  }
  if (out.length === before) {
    throw new Error(
      `no .zip or .csv files in folder ${folder} or in its ${symbols.map((s) => `${s}/`).join(', ')} subfolders`,
    );
  }
}

function expandInput(input: string, symbols: readonly string[], out: Found[]): void {
  if (input.trim() === '') throw new Error('empty candle data path');
  if (!basename(input).includes('*') && existsSync(input) && statSync(input).isDirectory()) {
    expandFolder(input, symbols, out);
    return;
  }
  // Files and `*` patterns: the single-symbol resolver, with its own one-line errors.
  for (const path of resolveInputs(input)) {
    const parent = basename(resolve(path, '..')).toUpperCase();
    out.push({ path, folderSymbol: symbols.includes(parent) ? parent : null });
  }
}

function symbolOf(f: Found, symbols: readonly string[]): string {
  const name = basename(f.path);
  const kline = parseKlineFileName(name);
  if (kline !== null) {
    if (!symbols.includes(kline.symbol)) {
      throw new Error(`${name} holds ${kline.symbol} candles, but --symbols lists only ${symbols.join(',')}`);
    }
    return kline.symbol;
  }
  const upper = name.toUpperCase();
  const prefixed = symbols.find((s) => upper.startsWith(s) && /[-_.]/.test(upper.charAt(s.length)));
  if (prefixed !== undefined) return prefixed;
  if (f.folderSymbol !== null) return f.folderSymbol;
  if (symbols.length === 1) return symbols[0]!;
  throw new Error(
    `cannot tell which symbol ${name} holds: name it like ETHUSDT-1m-2024-01-01.csv or put it in a folder named after the symbol`,
  );
}

/**
 * The candle sources of each listed symbol, in the order of `symbols`. One-line errors for a path
 * that names nothing, a file of an unlisted symbol, a file whose symbol cannot be told, and a listed
 * symbol without any file. `symbols` must be upper-case (see parseSymbols).
 */
export function groupSources(
  paths: readonly string[],
  symbols: readonly string[],
): Parsed<Map<string, CandleSource>> {
  if (symbols.length === 0) return { ok: false, error: 'no symbols given' };
  if (paths.length === 0)
    return { ok: false, error: 'no candle data given (expected a file, folder or pattern)' };
  const bySymbol = new Map<string, string[]>(symbols.map((s) => [s, []]));
  try {
    const found: Found[] = [];
    for (const p of paths) expandInput(p, symbols, found);
    const seen = new Set<string>();
    for (const f of found) {
      if (seen.has(f.path)) continue;
      seen.add(f.path);
      bySymbol.get(symbolOf(f, symbols))!.push(f.path);
    }
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
  const sources = new Map<string, CandleSource>();
  for (const [symbol, files] of bySymbol) {
    if (files.length === 0) {
      return {
        ok: false,
        error: `no candle files for ${symbol} in ${paths.join(', ')} (expected ${symbol}-1m-YYYY-MM-DD.zip files or a ${symbol}/ folder)`,
      };
    }
    try {
      sources.set(symbol, openCandles(files));
    } catch (e) {
      return { ok: false, error: `${symbol}: ${e instanceof Error ? e.message : String(e)}` };
    }
  }
  return { ok: true, value: sources };
}
