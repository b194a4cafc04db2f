import { readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { HELPER_NICE, lowerHelperThreads } from '../../src/engine/core/helperThreads.js';

/** A thread's nice value: field 19 of /proc/self/task/<tid>/stat (after the parenthesised name). */
function niceOf(tid: string): number {
  const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
}

describe.runIf(process.platform === 'linux')('lowerHelperThreads (Linux)', () => {
  it('returns the count of other threads lowered to nice 10 and leaves the calling thread as it was', async () => {
    // A worker thread of our own, so there is a helper we started and can name.
    const worker = new Worker('setInterval(() => {}, 1000)', { eval: true });
    await new Promise((r) => worker.once('online', r));
    try {
      const self = readlinkSync('/proc/thread-self').split('/').at(-1)!;
      const before = niceOf(self);
      const others = readdirSync('/proc/self/task').filter((t) => t !== self);
      expect(others.length, 'V8 helpers and the worker').toBeGreaterThan(1);
      const r = lowerHelperThreads();
      expect(r.lowered).toBe(others.length);
      expect(niceOf(self), 'the calling thread keeps its priority').toBe(before);
      for (const t of others) expect(niceOf(t), `thread ${t}`).toBe(HELPER_NICE);
    } finally {
      await worker.terminate();
    }
  });
});
