import {
  chmodSync,
  closeSync,
  existsSync,
  fstatSync,
  mkdirSync,
  openSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { dirname } from 'node:path';
import type { Clock } from '../core/types.js';
import type { SecretRegistry } from './secretRegistry.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface SystemLogOptions {
  /** Rotate before a write would take the file past this size (default 5 MB). */
  readonly maxBytes?: number;
  /** Rotated files kept: name.1 (newest) … name.<keep> (default 3). 0 = just start over. */
  readonly keep?: number;
  readonly clock: Clock;
  readonly secrets: SecretRegistry;
  /** Lines below this level are dropped (default 'info'). */
  readonly level?: LogLevel;
}

/** `key=value`, quoting values with spaces, quotes or '=' as JSON strings so a line stays parseable. */
export function formatFields(fields: object | undefined): string {
  if (fields === undefined) return '';
  let out = '';
  for (const [k, v] of Object.entries(fields)) {
    let s: string;
    if (typeof v === 'string') s = /[\s"=]/.test(v) || v.length === 0 ? JSON.stringify(v) : v;
    else if (typeof v === 'number' || typeof v === 'boolean' || v === null || v === undefined) s = String(v);
    else if (typeof v === 'bigint') s = v.toString();
    else if (v instanceof Error) s = JSON.stringify(v.message);
    else {
      try {
        s = JSON.stringify(v) ?? String(v);
      } catch {
        s = '"[unserialisable]"';
      }
    }
    out += ` ${k}=${s}`;
  }
  return out;
}

/**
 * `trading_system.log`: one line per event, `2026-11-21T23:09:45.123Z INFO  message key=value`.
 * Size-capped with numbered rotation. Every line is redacted through the SecretRegistry, and the
 * file is created (and kept) mode 0600: the log should hold no secrets, but a config dump or an
 * exchange error echoing a request is exactly how they leak, so the file is private as a second wall.
 */
export class SystemLog {
  private fd: number | null = null;
  private size = 0;
  private readonly maxBytes: number;
  private readonly keep: number;
  private readonly minRank: number;

  constructor(
    readonly path: string,
    private readonly opts: SystemLogOptions,
  ) {
    this.maxBytes = opts.maxBytes ?? 5 * 1024 * 1024;
    this.keep = Math.max(0, Math.floor(opts.keep ?? 3));
    this.minRank = RANK[opts.level ?? 'info'];
    if (!(this.maxBytes > 0)) throw new Error(`system log: maxBytes must be positive, got ${this.maxBytes}`);
    mkdirSync(dirname(path), { recursive: true });
    this.open();
  }

  debug(msg: string, fields?: object): void {
    this.write('debug', msg, fields);
  }
  info(msg: string, fields?: object): void {
    this.write('info', msg, fields);
  }
  warn(msg: string, fields?: object): void {
    this.write('warn', msg, fields);
  }
  error(msg: string, fields?: object): void {
    this.write('error', msg, fields);
  }

  /** Later calls are dropped silently: logging must never be what crashes a shutdown. */
  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }

  private write(level: LogLevel, msg: string, fields: object | undefined): void {
    if (RANK[level] < this.minRank || this.fd === null) return;
    const ts = new Date(this.opts.clock.now()).toISOString();
    // One event per line: embedded newlines would let a message forge extra log lines.
    const text = `${msg}${formatFields(fields)}`.replace(/\r?\n/g, '\\n');
    const line = this.opts.secrets.redact(`${ts} ${level.toUpperCase().padEnd(5)} ${text}`) + '\n';
    const bytes = Buffer.byteLength(line);
    if (this.size > 0 && this.size + bytes > this.maxBytes) this.rotate();
    writeSync(this.fd!, line);
    this.size += bytes;
  }

  private open(): void {
    this.fd = openSync(this.path, 'a', 0o600);
    // openSync's mode only applies on creation; an older, wider file is narrowed here.
    chmodSync(this.path, 0o600);
    this.size = fstatSync(this.fd).size;
  }

  private rotate(): void {
    this.close();
    if (this.keep === 0) {
      rmSync(this.path, { force: true });
    } else {
      rmSync(`${this.path}.${this.keep}`, { force: true });
      for (let i = this.keep - 1; i >= 1; i--) {
        if (existsSync(`${this.path}.${i}`)) renameSync(`${this.path}.${i}`, `${this.path}.${i + 1}`);
      }
      renameSync(this.path, `${this.path}.1`);
    }
    this.open();
  }
}
