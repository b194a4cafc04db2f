import { readdirSync, readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';

/** Niceness given to the helper threads: below the main thread, not starved (19 would be). */
export const HELPER_NICE = 10;

export interface HelperThreads {
  /** Threads of this process other than the calling one whose priority was lowered. */
  readonly lowered: number;
}

/**
 * Lowers the scheduling priority of this process's other threads — V8's garbage-collector and
 * compiler helpers (four by default), libuv's pool — so the thread that turns a closed candle into
 * an order gets the CPU first when they compete. On the 2-core machine this was measured on, the
 * helpers' concurrent marking and sweeping took the main thread's core for a scheduler slice
 * (4–5 ms) on about 1 bar in 100, which was the whole of the live p99; with them at nice 10 the
 * p99 came down from 1.0–5.0 ms to 0.8–1.3 ms over the same 1,000-bar runs. The helpers still run
 * whenever a core is free, which on a live session (one bar a minute) is nearly always.
 *
 * Linux only: there a thread id is a valid target for setpriority(2), and lowering one's own
 * threads needs no privilege. Elsewhere, or when /proc is not mounted, it does nothing and says 0.
 * Threads started later inherit the priority of the thread that starts them.
 */
export function lowerHelperThreads(nice = HELPER_NICE): HelperThreads {
  if (process.platform !== 'linux') return { lowered: 0 };
  let self: string;
  let tids: string[];
  try {
    // "<pid>/task/<tid>": the calling thread (the main one in the app, a worker in some tests).
    self = readlinkSync('/proc/thread-self').split('/').at(-1) ?? '';
    tids = readdirSync('/proc/self/task');
  } catch {
    return { lowered: 0 };
  }
  let lowered = 0;
  for (const tid of tids) {
    if (tid === self) continue;
    try {
      setPriority(Number(tid), nice);
      lowered++;
    } catch {
      // The thread ended between the listing and now: nothing to lower.
    }
  }
  return { lowered };
}
