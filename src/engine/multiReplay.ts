import type { ManualClock } from './core/clock.js';
import type { CandleSource } from './data/types.js';
import { BarMerge } from './multi/mergeBars.js';
import type { ReplaySpeed } from './replay.js';
import type { SymbolSet } from './symbolSet.js';

const yieldToEventLoop = (): Promise<void> => new Promise((r) => setImmediate(r));
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * runReplay for several symbols: every symbol's bars merged into one time order (each minute: every
 * symbol's bar, in --symbols order), each decided by its own engine, then marked into the shared
 * account. The pace is per minute, so two symbols replay at the same speed as one.
 * Returns the number of bars processed (all symbols).
 */
export async function runMultiReplay(
  set: SymbolSet,
  sources: readonly CandleSource[],
  opts: { speed: ReplaySpeed; clock: ManualClock; signal: AbortSignal; wallNow?: () => number },
): Promise<number> {
  const wallNow = opts.wallNow ?? (() => performance.now());
  const msPerBar = opts.speed === 'max' ? 0 : 60_000 / opts.speed;
  const speed = opts.speed === 'max' ? 'max speed' : `${opts.speed}x`;
  set.engines.forEach((e, k) => e.setFeed('replay', `${sources[k]!.files.length} file(s) at ${speed}`));
  const merge = new BarMerge(sources.map((s) => s.chunks()));
  let n = 0;
  let minute = Number.NaN;
  let due = wallNow();
  const stop = (): number => {
    merge.stop();
    return n;
  };
  for (let k = merge.next(); k >= 0; k = merge.next()) {
    if (opts.signal.aborted) return stop();
    const t = merge.openTime;
    if (t !== minute) {
      minute = t;
      if (msPerBar > 0) {
        due += msPerBar;
        const wait = due - wallNow();
        if (wait > 1) await sleep(wait);
      }
      if (opts.signal.aborted) return stop();
    }
    opts.clock.set(t + 60_000);
    const engine = set.engines[k]!;
    const close = merge.close;
    const sent = engine.decideBar({
      openTime: t,
      open: merge.open,
      high: merge.high,
      low: merge.low,
      close,
      volume: merge.volume,
      closeTime: t + 59_999,
    });
    if (sent) await sent;
    set.onBar(k, t, close);
    if (++n % (msPerBar === 0 ? 2048 : 256) === 0) await yieldToEventLoop();
  }
  set.finish();
  for (const e of set.engines) e.setFeed('ended', `replay finished after ${n} bars (all symbols)`);
  return n;
}
