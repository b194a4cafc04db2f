import { Writable, Readable } from 'node:stream';
import { ManualClock } from '../src/engine/core/clock.js';
import type { EngineHandle } from '../src/engine/core/engineHandle.js';
import type { BarChunk, CandleSource } from '../src/engine/data/types.js';
import { emptyQuality } from '../src/engine/data/types.js';
import { runReplay } from '../src/engine/replay.js';
import { ruleSession } from '../test/support/ruleSession.js';
import { renderConsole } from '../src/ui/renderConsole.js';
import type { Bars } from './common.js';
import { cpuSeconds, mb } from './common.js';
import { takeTurns } from './takeTurns.js';

/** A terminal that discards output: Ink does all its work, nothing is printed. */
function fakeTerminal(): { stdout: NodeJS.WriteStream; stdin: NodeJS.ReadStream; bytes: () => number } {
  let bytes = 0;
  const out = new Writable({
    write(chunk: Buffer | string, _enc, cb) {
      bytes += chunk.length;
      cb();
    },
  }) as unknown as NodeJS.WriteStream & { columns: number; rows: number; isTTY: boolean };
  out.columns = 120;
  out.rows = 40;
  out.isTTY = true;
  const stdin = new Readable({ read() {} }) as unknown as NodeJS.ReadStream;
  return { stdout: out, stdin, bytes: () => bytes };
}

/** `repeat` passes over the bars, shifted in time so they stay strictly increasing. */
function sourceOf(b: Bars, repeat = 1): CandleSource {
  const span = (b.openTime[b.n - 1]! - b.openTime[0]! + 60_000) * 1;
  return {
    files: ['bench'],
    quality: emptyQuality(),
    symbol: 'ETHUSDT',
    *chunks(): Iterable<BarChunk> {
      for (let r = 0; r < repeat; r++) {
        for (let i = 0; i < b.n; i += 4096) {
          const j = Math.min(b.n, i + 4096);
          const openTime = b.openTime.slice(i, j);
          for (let k = 0; k < openTime.length; k++) openTime[k]! += r * span;
          yield {
            length: j - i,
            openTime,
            open: b.open.subarray(i, j),
            high: b.high.subarray(i, j),
            low: b.low.subarray(i, j),
            close: b.close.subarray(i, j),
            volume: b.volume.subarray(i, j),
          };
        }
      }
    },
  };
}

/** The real console, drawing into a terminal that discards its output. */
function attachScreen(engine: EngineHandle): {
  ui: ReturnType<typeof renderConsole>;
  term: ReturnType<typeof fakeTerminal>;
} {
  const term = fakeTerminal();
  const ui = renderConsole(engine, {
    keepPosition: true,
    onForceExit: () => {},
    stdout: term.stdout,
    stdin: term.stdin,
    patchConsole: false,
  });
  return { ui, term };
}

async function session(screen: boolean) {
  const clock = new ManualClock(0);
  const s = await ruleSession(clock, { sessionId: 'bench-console', screen });
  return { engine: s.engine, clock };
}

/** One max-speed replay of the bars, with the console drawing or without: bars per wall-second. */
async function replayRound(
  b: Bars,
  screen: boolean,
): Promise<{ rate: number; frames: number; screenBytes: number }> {
  const s = await session(screen);
  const drawn = screen ? attachScreen(s.engine) : null;
  let frames = 0;
  const unsubscribe = drawn ? s.engine.subscribe(() => frames++) : () => {};
  const t0 = performance.now();
  await runReplay(s.engine, sourceOf(b), {
    speed: 'max',
    clock: s.clock,
    signal: new AbortController().signal,
  });
  const rate = b.n / ((performance.now() - t0) / 1000);
  unsubscribe();
  drawn?.ui.unmount();
  s.engine.stopPublishing();
  return { rate, frames, screenBytes: drawn?.term.bytes() ?? 0 };
}

/**
 * Replay at max speed with and without the screen, taking turns (see takeTurns): each one's best
 * round in bars per wall-second, and the screen's rate over headless's, median of the rounds.
 */
export async function benchReplayMax(
  b: Bars,
  rounds = 3,
): Promise<{ headless: number; withScreen: number; ratio: number; frames: number; screenBytes: number }> {
  let last = { rate: 0, frames: 0, screenBytes: 0 };
  const r = await takeTurns(
    {
      headless: async () => (await replayRound(b, false)).rate,
      withScreen: async () => (last = await replayRound(b, true)).rate,
    },
    'headless',
    rounds,
    1,
  );
  return {
    headless: r.best.headless!,
    withScreen: r.best.withScreen!,
    ratio: r.medianRatio.withScreen!,
    frames: last.frames,
    screenBytes: last.screenBytes,
  };
}

/** CPU share of one core while the console replays at 1 bar per second (60x) for `seconds`. */
export async function benchRenderCpu(b: Bars, seconds = 10): Promise<number> {
  const s = await session(true);
  const { ui } = attachScreen(s.engine);
  const abort = new AbortController();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const run = runReplay(s.engine, sourceOf(b), { speed: 60, clock: s.clock, signal: abort.signal });
  await new Promise((r) => setTimeout(r, seconds * 1000));
  abort.abort();
  await run;
  const share = cpuSeconds(cpu0) / ((performance.now() - t0) / 1000);
  ui.unmount();
  s.engine.stopPublishing();
  return share;
}

const settledRssMb = (): number => {
  // With --expose-gc (npm run bench passes it) garbage is collected first, so growth means retention.
  (globalThis as { gc?: () => void }).gc?.();
  return mb(process.memoryUsage().rss);
};

/** RSS after ~100k bars and after `total` bars of a max-speed replay with the screen attached. */
export async function benchReplayMemory(
  b: Bars,
  total = 1_000_000,
): Promise<{ bars: number; startMb: number; endMb: number }> {
  const repeat = Math.ceil(total / b.n);
  const s = await session(true);
  const { ui } = attachScreen(s.engine);
  let startMb = 0;
  const probe = setInterval(() => {
    if (startMb === 0 && s.engine.barsProcessed >= 100_000) startMb = settledRssMb();
  }, 50);
  await runReplay(s.engine, sourceOf(b, repeat), {
    speed: 'max',
    clock: s.clock,
    signal: new AbortController().signal,
  });
  clearInterval(probe);
  const endMb = settledRssMb();
  ui.unmount();
  s.engine.stopPublishing();
  return { bars: s.engine.barsProcessed, startMb, endMb };
}
