export const REDACTED = '***';

/**
 * Values shorter than this are not treated as secrets: an env value like "1" or "true" caught by a
 * name pattern would otherwise turn every log line into asterisks. Real keys are 20+ characters.
 */
export const MIN_SECRET_LENGTH = 4;

/** Env variable names whose values are secrets (API keys, client secrets, tokens, passwords). */
const SECRET_NAME = /(KEY|SECRET|TOKEN|PASSWORD|PASSPHRASE|CREDENTIAL)/i;

/**
 * The forms a secret can take once it is inside a log line: as is, escaped inside a JSON string
 * (a secret with a quote or backslash), and URL-encoded (a query string).
 */
function variants(secret: string): string[] {
  const json = JSON.stringify(secret).slice(1, -1);
  const url = encodeURIComponent(secret);
  return [...new Set([secret, json, url])];
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function buildPattern(secrets: Iterable<string>): RegExp | null {
  const all = new Set<string>();
  for (const s of secrets) {
    if (s.length >= MIN_SECRET_LENGTH) for (const v of variants(s)) all.add(v);
  }
  if (all.size === 0) return null;
  // Longest first, so a secret that contains another is replaced whole.
  const alternation = [...all]
    .sort((a, b) => b.length - a.length)
    .map(escapeRegExp)
    .join('|');
  return new RegExp(alternation, 'g');
}

/** Replace every occurrence of every secret (and its JSON/URL-escaped forms) with `***`. */
export function redact(text: string, secrets: readonly string[]): string {
  const re = buildPattern(secrets);
  return re === null ? text : text.replace(re, REDACTED);
}

/**
 * The secret values this process loaded (env, .env, config). Every writer in journal/ passes its
 * text through `redact` before it reaches a file, so a key cannot leak into a log by accident.
 */
export class SecretRegistry {
  private readonly secrets = new Set<string>();
  private pattern: RegExp | null = null;

  /** Returns false (and ignores the value) when it is too short to be a secret. */
  register(value: string | undefined | null): boolean {
    if (typeof value !== 'string' || value.length < MIN_SECRET_LENGTH) return false;
    if (!this.secrets.has(value)) {
      this.secrets.add(value);
      this.pattern = buildPattern(this.secrets);
    }
    return true;
  }

  /**
   * Register the values of env variables whose names look secret (…KEY, …SECRET, …TOKEN, …PASSWORD),
   * plus any names listed explicitly. Returns the names registered (never the values).
   */
  registerFromEnv(
    env: Readonly<Record<string, string | undefined>>,
    extraNames: readonly string[] = [],
  ): string[] {
    const names: string[] = [];
    for (const [name, value] of Object.entries(env)) {
      if ((SECRET_NAME.test(name) || extraNames.includes(name)) && this.register(value)) names.push(name);
    }
    return names.sort();
  }

  get size(): number {
    return this.secrets.size;
  }

  redact(text: string): string {
    return this.pattern === null ? text : text.replace(this.pattern, REDACTED);
  }
}
