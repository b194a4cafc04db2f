import {
  closeSync,
  fstatSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { dirname } from 'node:path';
import type { Market } from './core/types.js';
import { parseEngineState } from './enginePersistence.js';
import type { EngineStateFile, Venue } from './enginePersistence.js';

export type LoadedEngineState = { state: EngineStateFile } | { warning: string } | null;

/** Commits between two checkpoints: bounds the commit log (~4 KB a line) and the restart read. */
const CHECKPOINT_EVERY = 256;
/** A commit line is a few KB; the newest complete one is always inside this tail. */
const TAIL_BYTES = 256 * 1024;

/**
 * Where a live session's state lives, written so that a commit is cheap enough for the order path:
 *
 *   engine_<SYMBOL>_<venue>.json     checkpoint: the whole state, temp file + rename (atomic), at
 *                                    start, every 256 commits and on the way out
 *   engine_<SYMBOL>_<venue>.commits  one JSON line per commit (after each decided bar, before
 *                                    each order leaves), appended with one write(): ~15 µs
 *                                    instead of ~100–300 µs for temp + rename; emptied after a
 *                                    checkpoint
 *
 * Loading takes the newest by `seq` of the checkpoint and the last complete commit line. No fsync:
 * a killed process loses nothing the kernel already has; power loss can cost the last commits,
 * which the journal and the exchange look-up then make up for.
 */
export class EngineStateStore {
  readonly commitsPath: string;
  readonly lockPath: string;
  private locked = false;
  private fd: number | null = null;
  private seq = 0;
  private sinceCheckpoint = 0;

  constructor(readonly path: string) {
    this.commitsPath = path.replace(/\.json$/, '') + '.commits';
    this.lockPath = path.replace(/\.json$/, '') + '.lock';
  }

  /** The newest saved state, a one-line warning, or null when there is none. Sets the next seq. */
  load(expect: { symbol: string; venue: Venue; market: Market }): LoadedEngineState {
    const candidates: { text: string; from: string }[] = [];
    let warning: string | null = null;
    try {
      candidates.push({ text: readFileSync(this.path, 'utf8'), from: this.path });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT')
        warning = `engine state ${this.path}: cannot read (${(e as Error).message.split('\n')[0]})`;
    }
    const last = lastCompleteLine(this.commitsPath);
    if (last !== null) candidates.push({ text: last, from: this.commitsPath });
    let best: EngineStateFile | null = null;
    for (const c of candidates) {
      const r = parseEngineState(c.text, c.from, expect);
      if ('warning' in r) warning ??= r.warning;
      else if (best === null || r.state.seq > best.seq) best = r.state;
    }
    this.seq = best?.seq ?? 0;
    if (best !== null) return { state: best };
    return warning !== null ? { warning } : null;
  }

  /** The seq the next saved state must carry. */
  nextSeq(): number {
    return ++this.seq;
  }

  /** Append one state to the commit log (checkpointing every CHECKPOINT_EVERY commits). */
  commit(state: EngineStateFile): void {
    if (++this.sinceCheckpoint >= CHECKPOINT_EVERY) {
      this.checkpoint(state);
      return;
    }
    if (this.fd === null) {
      mkdirSync(dirname(this.commitsPath), { recursive: true });
      this.fd = openSync(this.commitsPath, 'a', 0o644);
    }
    writeSync(this.fd, `${JSON.stringify(state)}\n`);
  }

  /** Write the whole state atomically, then empty the commit log (its lines are all older). */
  checkpoint(state: EngineStateFile): void {
    mkdirSync(dirname(this.path), { recursive: true });
    const tmp = `${this.path}.${process.pid}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(state)}\n`, { mode: 0o644 });
    renameSync(tmp, this.path);
    if (this.fd === null) this.fd = openSync(this.commitsPath, 'a', 0o644);
    ftruncateSync(this.fd, 0);
    this.sinceCheckpoint = 0;
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
    if (this.locked) rmSync(this.lockPath, { force: true });
    this.locked = false;
  }

  /**
   * One process per symbol and venue: two would append to one journal and send every order twice.
   * The lock file holds the owner's pid; a lock whose process is gone (kill -9) is taken over.
   * Throws a one-line error when a live process holds it.
   */
  lock(what: string): void {
    mkdirSync(dirname(this.lockPath), { recursive: true });
    try {
      writeFileSync(this.lockPath, String(process.pid), { flag: 'wx' });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const pid = Number(readFileSync(this.lockPath, 'utf8').trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) {
        throw new Error(
          `another drl-tui (pid ${pid}) is already trading ${what} with ${dirname(this.path)}; stop it first (or remove ${this.lockPath} if it is not running)`,
        );
      }
      writeFileSync(this.lockPath, String(process.pid));
    }
    this.locked = true;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The last line that ends in '\n' (a torn final line from a crash is not a commit). */
function lastCompleteLine(path: string): string | null {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return null;
  }
  try {
    const size = fstatSync(fd).size;
    const start = Math.max(0, size - TAIL_BYTES);
    const buf = Buffer.alloc(size - start);
    const n = readSync(fd, buf, 0, buf.length, start);
    const text = buf.subarray(0, n).toString('utf8');
    const end = text.lastIndexOf('\n');
    if (end <= 0) return null;
    const begin = text.lastIndexOf('\n', end - 1) + 1;
    if (begin === 0 && start > 0) return null; // the line is longer than the tail: not ours
    const line = text.slice(begin, end);
    return line.trim() === '' ? null : line;
  } finally {
    closeSync(fd);
  }
}
