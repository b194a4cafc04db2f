import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Label } from './types.js';

/**
 * LLM labels on disk, one JSON line per (model, post id), appended as answers arrive so a crash
 * loses at most the line being written (a torn last line is skipped on read). A cached null means
 * the model answered but not with a label; at temperature 0 asking again would not help.
 * Bump PROMPT_VERSION when the prompt changes: older lines are then ignored.
 */
export const PROMPT_VERSION = 1;

interface Line {
  readonly v: number;
  readonly m: string;
  readonly id: string;
  readonly l: Label | null;
}

export class LabelCache {
  private readonly map = new Map<string, Label | null>();
  private needsNewline = false;
  private dirReady = false;

  private constructor(readonly path: string | null) {}

  /** A cache backed by a JSON-lines file (created on first write). */
  static open(path: string): LabelCache {
    const cache = new LabelCache(path);
    let text = '';
    try {
      text = readFileSync(path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT')
        throw new Error(`cannot read ${path}: ${(err as Error).message}`);
    }
    cache.needsNewline = text.length > 0 && !text.endsWith('\n');
    for (const line of text.split('\n')) {
      if (line === '') continue;
      try {
        const o = JSON.parse(line) as Partial<Line>;
        if (o.v !== PROMPT_VERSION || typeof o.m !== 'string' || typeof o.id !== 'string') continue;
        cache.map.set(key(o.m, o.id), o.l === 'POS' || o.l === 'NEU' || o.l === 'NEG' ? o.l : null);
      } catch {
        // torn or foreign line: skip it, the post will simply be scored again
      }
    }
    return cache;
  }

  /** In memory only (benchmarks, tests). */
  static memory(): LabelCache {
    return new LabelCache(null);
  }

  get size(): number {
    return this.map.size;
  }

  /** undefined = never asked; null = asked, answer was not a label. */
  get(model: string, id: string): Label | null | undefined {
    return this.map.get(key(model, id));
  }

  set(model: string, id: string, label: Label | null): void {
    this.map.set(key(model, id), label);
    if (this.path === null) return;
    const line: Line = { v: PROMPT_VERSION, m: model, id, l: label };
    if (!this.dirReady) {
      mkdirSync(dirname(this.path), { recursive: true });
      this.dirReady = true;
    }
    appendFileSync(this.path, `${this.needsNewline ? '\n' : ''}${JSON.stringify(line)}\n`);
    this.needsNewline = false;
  }
}

function key(model: string, id: string): string {
  return `${model}\u0000${id}`;
}
