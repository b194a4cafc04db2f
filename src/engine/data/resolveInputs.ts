import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

/**
 * Turns what the user typed (a file, a folder, a `*` pattern in the file-name part, or a list of
 * those) into absolute file paths. Anything that names nothing is a one-line Error naming the path:
 * a backtest over zero candles would only look like a quiet market.
 */

const DATA_FILE = /\.(zip|csv)$/i;

function dataFilesIn(folder: string, accept: (name: string) => boolean): string[] {
  return readdirSync(folder, { withFileTypes: true })
    .filter((d) => d.isFile() && !d.name.startsWith('.') && DATA_FILE.test(d.name) && accept(d.name))
    .map((d) => join(folder, d.name))
    .sort();
}

function globRegex(pattern: string): RegExp {
  const body = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${body}$`);
}

function expand(input: string): string[] {
  const name = basename(input);
  const folder = dirname(input);
  if (folder.includes('*')) throw new Error(`'*' is only supported in the file-name part: ${input}`);
  if (name.includes('*')) {
    if (!existsSync(folder) || !statSync(folder).isDirectory()) {
      throw new Error(`candle data folder not found: ${folder} (from ${input})`);
    }
    const re = globRegex(name);
    const files = dataFilesIn(resolve(folder), (n) => re.test(n));
    if (files.length === 0) throw new Error(`no .zip or .csv files match ${input}`);
    return files;
  }
  if (!existsSync(input)) throw new Error(`candle data not found: ${input}`);
  if (statSync(input).isDirectory()) {
    const files = dataFilesIn(resolve(input), () => true);
    if (files.length === 0) throw new Error(`no .zip or .csv files in folder ${input}`);
    return files;
  }
  return [resolve(input)];
}

/** Absolute paths of every data file the inputs name, each once, in input order. */
export function resolveInputs(input: string | readonly string[]): string[] {
  const inputs = typeof input === 'string' ? [input] : input;
  if (inputs.length === 0) throw new Error('no candle data given (expected a file, folder or pattern)');
  const seen = new Set<string>();
  for (const one of inputs) {
    if (one.trim() === '') throw new Error('empty candle data path');
    for (const file of expand(one)) seen.add(file);
  }
  return [...seen];
}
