import type { TradingEngine } from '../engine/engine.js';

/**
 * How a console command (replay or live) ends, shared so both end the same way: the first quit
 * any engine is sent (q, or the first Ctrl+C), and a crash handler for whatever escapes.
 */

/** Resolves on the first quit command any of the engines receives, with its keep-position choice. */
export function firstQuit(engines: readonly TradingEngine[]): Promise<{ keepPosition: boolean }> {
  return new Promise((resolve) => {
    const offs: (() => void)[] = [];
    for (const engine of engines)
      offs.push(
        engine.onCommand((c) => {
          if (c.type !== 'quit') return;
          for (const off of offs) off();
          resolve({ keepPosition: c.keepPosition });
        }),
      );
  });
}

/** `crash` runs once for an uncaught exception or an unhandled rejection (it should exit). */
export function onCrash(crash: (e: unknown) => void): void {
  process.once('uncaughtException', crash);
  process.once('unhandledRejection', crash);
}

/** Close the screen after the reports are written: no more frames, then unmount Ink. */
export function closeScreen(
  engines: readonly TradingEngine[],
  set: { stop(): void } | null,
  ui: { unmount(): void },
): void {
  for (const e of engines) e.stopPublishing();
  set?.stop();
  ui.unmount();
}
