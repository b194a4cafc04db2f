import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { renderConsole } from '../../src/ui/renderConsole.js';
import { FakeEngine } from './fakeEngine.js';
import { KEY, stripAnsi } from './renderApp.js';

/** A terminal-like stdout: a TTY with a size that records what is written. */
class FakeTty extends EventEmitter {
  readonly isTTY = true;
  columns = 80;
  rows = 24;
  output = '';
  write = (chunk: string): boolean => {
    this.output += chunk;
    return true;
  };
}

/** A terminal-like stdin that records raw-mode switches, fed with `type`. */
class FakeKeyboard extends EventEmitter {
  constructor(readonly isTTY = true) {
    super();
  }
  readonly rawModes: boolean[] = [];
  private pending: string | null = null;
  setRawMode(on: boolean): this {
    this.rawModes.push(on);
    return this;
  }
  setEncoding(): this {
    return this;
  }
  ref(): this {
    return this;
  }
  unref(): this {
    return this;
  }
  resume(): this {
    return this;
  }
  pause(): this {
    return this;
  }
  read(): string | null {
    const chunk = this.pending;
    this.pending = null;
    return chunk;
  }
  type(chunk: string): void {
    this.pending = chunk;
    this.emit('readable');
  }
}

const until = async (ok: () => boolean, what: string): Promise<void> => {
  for (let i = 0; i < 200; i++) {
    if (ok()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`never saw ${what}`);
};

function start(
  keepPosition = false,
  stdinIsTty = true,
): {
  engine: FakeEngine;
  stdout: FakeTty;
  stdin: FakeKeyboard;
  forced: () => number;
  handle: ReturnType<typeof renderConsole>;
} {
  const engine = new FakeEngine();
  const stdout = new FakeTty();
  const stdin = new FakeKeyboard(stdinIsTty);
  let forced = 0;
  const handle = renderConsole(engine, {
    keepPosition,
    onForceExit: () => forced++,
    stdout: stdout as unknown as NodeJS.WriteStream,
    stdin: stdin as unknown as NodeJS.ReadStream,
    stderr: new FakeTty() as unknown as NodeJS.WriteStream,
    patchConsole: false,
  });
  return { engine, stdout, stdin, forced: () => forced, handle };
}

describe('renderConsole', () => {
  it('returns a handle whose unmount restores raw mode and the cursor and settles waitUntilExit', async () => {
    const { stdout, stdin, handle } = start();
    await until(() => stripAnsi(stdout.output).includes('ETHUSDT'), 'the first frame');
    expect(stdin.rawModes, 'keys need raw mode while the console runs').toContain(true);
    const exited = handle.waitUntilExit();
    handle.unmount();
    await exited;
    expect(stdin.rawModes.at(-1), 'raw mode is off after unmount').toBe(false);
    expect(stdout.output.endsWith('\u001B[?25h'), 'the cursor is shown again').toBe(true);
  });

  it('returns Ctrl+C to the console, not to Ink: quit first, onForceExit second, and the app stays mounted', async () => {
    const { engine, stdout, stdin, forced, handle } = start(true);
    await until(() => stripAnsi(stdout.output).includes('ETHUSDT'), 'the first frame');
    stdin.type(KEY.ctrlC);
    await until(() => engine.sent.length === 1, 'the quit command');
    expect(engine.sent).toEqual([{ type: 'quit', keepPosition: true }]);
    await until(() => stripAnsi(stdout.output).includes('quitting…, writing report'), 'the quitting line');
    stdin.type(KEY.ctrlC);
    await until(() => forced() === 1, 'onForceExit');
    handle.unmount();
    await handle.waitUntilExit();
  });

  it('returns a working screen without keys when stdin is not a terminal', async () => {
    const { engine, stdout, stdin, handle } = start(false, false);
    await until(
      () => stripAnsi(stdout.output).includes('keys off: stdin is not a terminal'),
      'the keys-off footer',
    );
    expect(stdin.rawModes, 'raw mode is never requested from a pipe').toEqual([]);
    engine.publish({ trading: 'PAUSED' });
    await until(() => stripAnsi(stdout.output).includes('PAUSED'), 'a redraw');
    handle.unmount();
    await handle.waitUntilExit();
  });
});
