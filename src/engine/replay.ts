import type { ManualClock } from './core/clock.js';
import type { CandleSource } from './data/types.js';
import type { TradingEngine } from './engine.js';

/** Replay speed: a multiple of real time (60 = one 1-minute bar per second) or as fast as possible. */
export type ReplaySpeed = number | 'max';

export function parseSpeed(text: string | undefined, fallback: ReplaySpeed): ReplaySpeed {
  if (text === undefined) return fallback;
  if (text === 'max') return 'max';
  const m = /^(\d+(?:\.\d+)?)x?$/.exec(text.trim());
  const n = m ? Number(m[1]) : NaN;
  if (!(n > 0)) throw new Error(`--speed must be like 1x, 10x, 60x, 600x or max, got '${text}'`);
  return n;
}

const yieldToEventLoop = (): Promise<void> => new Promise((r) => setImmediate(r));
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Feed historical bars to the engine at a chosen pace, yielding to the event loop so keys and the
 * screen stay responsive. At `max` it processes bars in batches between yields: the screen
 * samples the engine at ≤ 10 fps and never holds it back.
 */
export async function runReplay(
  engine: TradingEngine,
  source: CandleSource,
  opts: { speed: ReplaySpeed; clock: ManualClock; signal: AbortSignal; wallNow?: () => number },
): Promise<number> {
  const wallNow = opts.wallNow ?? (() => performance.now());
  const msPerBar = opts.speed === 'max' ? 0 : 60_000 / opts.speed;
  engine.setFeed(
    'replay',
    `${source.files.length} file(s) at ${opts.speed === 'max' ? 'max speed' : `${opts.speed}x`}`,
  );
  let n = 0;
  let due = wallNow();
  for (const chunk of source.chunks()) {
    for (let i = 0; i < chunk.length; i++) {
      if (opts.signal.aborted) return n;
      opts.clock.set(chunk.openTime[i]! + 60_000);
      const sent = engine.decideBarAt(chunk, i);
      if (sent) await sent;
      n++;
      if (msPerBar === 0) {
        if (n % 2048 === 0) await yieldToEventLoop();
      } else {
        due += msPerBar;
        const wait = due - wallNow();
        if (wait > 1) await sleep(wait);
        else if (n % 256 === 0) await yieldToEventLoop();
      }
    }
  }
  engine.setFeed('ended', `replay finished after ${n} bars`);
  return n;
}
