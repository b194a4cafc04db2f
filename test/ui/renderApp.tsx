import { render } from 'ink-testing-library';
import { App } from '../../src/ui/App.js';
import type { TabsModel } from '../../src/ui/App.js';
import type { Snapshot } from '../../src/engine/core/snapshot.js';
import { FakeEngine, makeSnapshot } from './fakeEngine.js';

export const KEY = { ctrlC: '\u0003', escape: '\u001B' } as const;

// Colours are irrelevant to what the user can read; widths are measured without them.
// eslint-disable-next-line no-control-regex
const ANSI = /\u001B\[[0-9;?]*[A-Za-z]/g;

export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}

export interface RenderAppOptions {
  readonly columns?: number;
  readonly rows?: number;
  readonly keepPosition?: boolean;
  /** Several symbols: the tabs model (the engine argument is then the first symbol's). */
  readonly tabs?: TabsModel;
}

export interface Rendered {
  readonly engine: FakeEngine;
  /** The last frame, colours removed. */
  frame(): string;
  lines(): string[];
  /** Type keys and let Ink deliver them and redraw. */
  press(...keys: string[]): Promise<void>;
  /** Wait until Ink has stopped writing frames (after a publish, say). */
  quiet(): Promise<void>;
  resize(columns: number, rows: number): Promise<void>;
  /** Resolves once the frame satisfies `ok` (or throws with the frame after ~2 s). */
  waitFor(ok: (frame: string) => boolean, what: string): Promise<string>;
  readonly forceExits: () => number;
  unmount(): void;
}

const sleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));

/**
 * ink-testing-library's stdout reports a fixed 100 columns and no rows. Its class is not exported,
 * so the size getters are replaced once on its prototype, reading `terminal`: the first frame is
 * then drawn at the size under test, as in a real terminal. `resize` changes an instance and emits
 * 'resize', the path a real terminal resize takes.
 */
const terminal = { columns: 80, rows: 24 };
{
  const probe = render(<></>);
  const proto = Object.getPrototypeOf(probe.stdout) as object;
  probe.unmount();
  Object.defineProperty(proto, 'columns', { get: () => terminal.columns, configurable: true });
  Object.defineProperty(proto, 'rows', { get: () => terminal.rows, configurable: true });
}

/** Render the console over a FakeEngine at a given terminal size (default 80×24). */
export async function renderApp(
  initial: Snapshot | FakeEngine = makeSnapshot(),
  opts: RenderAppOptions = {},
): Promise<Rendered> {
  const engine = initial instanceof FakeEngine ? initial : new FakeEngine(initial);
  let forced = 0;
  terminal.columns = opts.columns ?? 80;
  terminal.rows = opts.rows ?? 24;
  const ink = render(
    <App
      engine={engine}
      {...(opts.tabs ? { tabs: opts.tabs } : {})}
      keepPosition={opts.keepPosition ?? false}
      onForceExit={() => forced++}
      frameMs={0}
    />,
  );
  const frame = (): string => stripAnsi(ink.lastFrame() ?? '');
  // Ink delivers input and commits renders on later ticks (a cold first render can take 200 ms),
  // so instead of a fixed delay wait until no new frame has been written for 30 ms.
  const quiet = async (): Promise<void> => {
    let last = -1;
    let stable = 0;
    for (let i = 0; i < 300 && stable < 3; i++) {
      await sleep(10);
      const n = ink.frames.length;
      stable = n === last ? stable + 1 : 0;
      last = n;
    }
  };
  const resize = async (columns: number, rows: number): Promise<void> => {
    Object.defineProperty(ink.stdout, 'columns', { value: columns, configurable: true });
    Object.defineProperty(ink.stdout, 'rows', { value: rows, configurable: true });
    ink.stdout.emit('resize');
    await quiet();
  };
  await quiet();
  return {
    engine,
    frame,
    lines: () => frame().split('\n'),
    async press(...keys) {
      for (const key of keys) {
        ink.stdin.write(key);
        await quiet();
      }
    },
    resize,
    quiet,
    async waitFor(ok, what) {
      for (let i = 0; i < 100; i++) {
        if (ok(frame())) return frame();
        await sleep(20);
      }
      throw new Error(`screen never showed ${what}:\n${frame()}`);
    },
    forceExits: () => forced,
    unmount: () => ink.unmount(),
  };
}
