import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * Environment for secrets (Reddit credentials, API keys): a `.env` file overlaid by the real
 * environment, so an exported variable always wins over the file. Nothing here mutates
 * `process.env` (Node's `process.loadEnvFile` does), and nothing logs values.
 */
export type Env = Readonly<Record<string, string>>;

export interface LoadEnvOptions {
  /** Directory holding `.env`; default the current working directory. */
  readonly cwd?: string;
  /** File name or absolute path; default `.env`. A missing file is not an error. */
  readonly file?: string;
  /** Variables that override the file; default `process.env`. */
  readonly overrides?: Readonly<Record<string, string | undefined>>;
}

export function loadEnv(opts: LoadEnvOptions = {}): Env {
  const path = resolve(opts.cwd ?? process.cwd(), opts.file ?? '.env');
  let fromFile: Record<string, string> = {};
  try {
    fromFile = parseDotEnv(readFileSync(path, 'utf8'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new Error(`cannot read ${path}: ${(err as Error).message}`);
    }
  }
  const out: Record<string, string> = { ...fromFile };
  for (const [k, v] of Object.entries(opts.overrides ?? process.env)) {
    if (v !== undefined) out[k] = v;
  }
  return out;
}

/**
 * The common `.env` subset: `KEY=value`, optional `export `, `#` comments, single or double
 * quotes (double quotes understand \n), inline ` #` comments after unquoted values.
 */
export function parseDotEnv(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/.exec(line);
    if (!m) continue;
    const key = m[1] as string;
    let value = m[2] as string;
    const q = value[0];
    if ((q === '"' || q === "'") && value.length >= 2 && value.lastIndexOf(q) > 0) {
      value = value.slice(1, value.lastIndexOf(q));
      if (q === '"') value = value.replace(/\\n/g, '\n').replace(/\\"/g, '"');
    } else {
      value = value.replace(/\s+#.*$/, '').trim();
    }
    out[key] = value;
  }
  return out;
}
