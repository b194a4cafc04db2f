import { render } from 'ink';
import type { EngineHandle } from '../engine/core/engineHandle.js';
import { App } from './App.js';
import type { SymbolSet } from '../engine/symbolSet.js';

export interface ConsoleOptions {
  /** `--keep-position`: `q` / Ctrl+C quit without flattening. */
  readonly keepPosition: boolean;
  /** Several symbols: a tab per engine of the set and a summary tab (the engine argument is then unused). */
  readonly symbols?: SymbolSet;
  /** Second Ctrl+C: write the report and exit now, without waiting for the engine's quit. */
  readonly onForceExit: () => void;
  /** Defaults are the process's streams; tests pass their own. */
  readonly stdout?: NodeJS.WriteStream;
  readonly stdin?: NodeJS.ReadStream;
  readonly stderr?: NodeJS.WriteStream;
  /** Minimum ms between engine-driven redraws (default 100: at most 10 frames a second). */
  readonly frameMs?: number;
  /**
   * Route stray console output (a library's warning) above the console instead of through it
   * (default true). Vitest replaces `console` with an object Ink cannot patch, so tests pass false.
   */
  readonly patchConsole?: boolean;
}

export interface ConsoleHandle {
  /** Settles when the console is unmounted (rejects if rendering threw). */
  waitUntilExit(): Promise<void>;
  /** Take the console off the screen and give the terminal back (raw mode off, cursor shown). */
  unmount(): void;
}

const SHOW_CURSOR = '\u001B[?25h';

/**
 * The one entry point the CLI calls. Ctrl+C is handled by the console (first: quit; second:
 * onForceExit), never by Ink. The terminal is restored on unmount, when waitUntilExit settles,
 * and on process exit — Node still emits 'exit' after an uncaught error — so no exit path leaves
 * the shell in raw mode with a hidden cursor.
 */
export function renderConsole(engine: EngineHandle, opts: ConsoleOptions): ConsoleHandle {
  const stdout = opts.stdout ?? process.stdout;
  const stdin = opts.stdin ?? process.stdin;
  const stderr = opts.stderr ?? process.stderr;
  const instance = render(
    <App
      engine={engine}
      {...(opts.symbols ? { tabs: tabsOf(opts.symbols) } : {})}
      keepPosition={opts.keepPosition}
      onForceExit={opts.onForceExit}
      frameMs={opts.frameMs ?? 100}
    />,
    { stdout, stdin, stderr, exitOnCtrlC: false, maxFps: 10, patchConsole: opts.patchConsole ?? true },
  );

  let restored = false;
  const restore = (): void => {
    if (restored) return;
    restored = true;
    process.off('exit', restore);
    if (stdin.isTTY && typeof stdin.setRawMode === 'function') {
      try {
        stdin.setRawMode(false);
      } catch {
        // The terminal may already be gone (SIGHUP); nothing left to restore then.
      }
    }
    if (stdout.isTTY) stdout.write(SHOW_CURSOR);
  };
  process.once('exit', restore);

  return {
    async waitUntilExit() {
      try {
        await instance.waitUntilExit();
      } finally {
        restore();
      }
    },
    unmount() {
      instance.unmount();
      restore();
    },
  };
}

function tabsOf(set: SymbolSet): { symbols: { symbol: string; engine: EngineHandle }[]; set: SymbolSet } {
  return { symbols: set.symbols.map((symbol, k) => ({ symbol, engine: set.engines[k]! })), set };
}
