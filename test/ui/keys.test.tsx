import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import {
  KEYMAP,
  keyRows,
  keyTableMarkdown,
  matches,
  Command,
  footerHints,
  scopeActive,
  TRADING_CONSOLE,
} from '../../src/ui/keys.js';
import type { CommandId, ConsoleKind, KeyLike } from '../../src/ui/keys.js';
import { makeSnapshot } from './fakeEngine.js';
import { KEY, renderApp } from './renderApp.js';
import type { Rendered } from './renderApp.js';

let app: Rendered | null = null;
afterEach(() => app?.unmount());

const plain: KeyLike = { ctrl: false, escape: false };

describe('keymap', () => {
  /** The commands live on this kind of console (a key may mean one thing trading and another playing a journal). */
  const live = (kind: ConsoleKind): CommandId[] =>
    (Object.keys(KEYMAP) as CommandId[]).filter((c) => scopeActive(KEYMAP[c].scope, kind));

  it('returns each binding matched by exactly its command', () => {
    const cases: [string, KeyLike, CommandId][] = [
      ['p', plain, Command.PAUSE],
      ['f', plain, Command.FLATTEN],
      ['s', plain, Command.RERUN_SENTIMENT],
      ['?', plain, Command.HELP],
      ['q', plain, Command.QUIT],
      ['c', { ctrl: true, escape: false }, Command.QUIT],
      ['y', plain, Command.CONFIRM_YES],
      ['n', plain, Command.CONFIRM_NO],
      ['', { ctrl: false, escape: true }, Command.CONFIRM_NO],
    ];
    for (const [input, key, command] of cases) {
      const hits = live({ journal: false, tabs: true }).filter((c) => matches(c, input, key));
      expect(hits, `${JSON.stringify(input)} ctrl=${key.ctrl}`).toEqual([command]);
    }
    const journal: [string, KeyLike, CommandId][] = [
      [' ', plain, Command.PLAY],
      ['p', plain, Command.PLAY],
      ['.', plain, Command.STEP],
      ['[', plain, Command.BACK_HOUR],
      [']', plain, Command.FORWARD_HOUR],
      ['{', plain, Command.BACK_DAY],
      ['}', plain, Command.FORWARD_DAY],
      ['+', plain, Command.FASTER],
      ['-', plain, Command.SLOWER],
      ['q', plain, Command.QUIT],
    ];
    for (const [input, key, command] of journal) {
      const hits = live({ journal: true, tabs: false }).filter((c) => matches(c, input, key));
      expect(hits, `journal: ${JSON.stringify(input)}`).toEqual([command]);
    }
    const tabs: [string, KeyLike, CommandId][] = [
      ['', { ...plain, tab: true }, Command.NEXT_TAB],
      ['3', plain, Command.SYMBOL_TAB],
      ['0', plain, Command.SUMMARY_TAB],
    ];
    for (const [input, key, command] of tabs) {
      const hits = live({ journal: false, tabs: true }).filter((c) => matches(c, input, key));
      expect(hits, `tabs: ${JSON.stringify(input)}`).toEqual([command]);
    }
    expect(matches(Command.PAUSE, 'p', { ctrl: true, escape: false }), 'Ctrl+P is not p').toBe(false);
    expect(matches(Command.QUIT, 'c', plain), 'a plain c does not quit').toBe(false);
  });

  it('returns a Markdown key table with one row per command', () => {
    const md = keyTableMarkdown();
    const rows = md.trim().split('\n');
    expect(rows.length).toBe(2 + keyRows().length);
    expect(md).toContain('| `q` / `Ctrl+C` | `app.quit` |');
    expect(md).toContain('| `n` / `Esc` | `confirm.no` |');
    for (const id of Object.keys(KEYMAP)) expect(md).toContain(`\`${id}\``);
    expect(md).toContain('| `Space` / `p` | `journal.play` | journal playback |');
  });

  it('returns the same key table as the README shows', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    expect(readme, 'regenerate the README key table from keyTableMarkdown()').toContain(keyTableMarkdown());
  });

  it('returns footer hints for the kind of console: trading keys, or the playback keys', () => {
    const trading = footerHints({ trading: 'TRADING' }, TRADING_CONSOLE).map((h) => h.key);
    expect(trading).toEqual(['p', 'f', 's', '?', 'q']);
    const journal = footerHints({ trading: 'TRADING', playing: true }, { journal: true, tabs: false });
    expect(journal.map((h) => `${h.key} ${h.label}`)).toEqual([
      'Space pause',
      '. step',
      '[ ] ±1h',
      '{ } ±1d',
      '+ - speed',
      '? help',
      'q quit',
    ]);
  });
});

describe('keys on the console', () => {
  it('returns pause on the first p and resume on the second, following snapshot.trading', async () => {
    app = await renderApp();
    await app.press('p');
    expect(app.engine.sent).toEqual([{ type: 'pause' }]);
    await app.waitFor((f) => f.split('\n')[0]!.includes('PAUSED'), 'PAUSED badge');
    expect(app.lines().at(-1)).toContain('p resume');
    await app.press('p');
    expect(app.engine.sent).toEqual([{ type: 'pause' }, { type: 'resume' }]);
    await app.waitFor((f) => f.split('\n')[0]!.includes('TRADING'), 'TRADING badge');
  });

  it('returns pause, never resume, when trading is HALTED', async () => {
    app = await renderApp(makeSnapshot({ trading: 'HALTED' }));
    await app.press('p');
    expect(app.engine.sent, 'a key never lifts a halt').toEqual([{ type: 'pause' }]);
  });

  it('returns flatten after f then y, and the prompt closes', async () => {
    app = await renderApp();
    await app.press('f');
    expect(app.frame()).toContain('Flatten position? y/n');
    expect(app.frame()).toContain('LONG 0.5028 (+0.10) at market');
    expect(app.engine.sent, 'nothing is sent before the answer').toEqual([]);
    await app.press('y');
    expect(app.engine.sent).toEqual([{ type: 'flatten' }]);
    await app.waitFor((f) => f.includes('pos FLAT'), 'the flat position');
    expect(app.frame()).not.toContain('Flatten position?');
    expect(app.lines()[0], 'the engine leaves trading paused after a flatten').toContain('PAUSED');
  });

  it('returns nothing sent after f then n, or f then Esc', async () => {
    app = await renderApp();
    await app.press('f', 'n');
    expect(app.frame()).not.toContain('Flatten position?');
    await app.press('f', KEY.escape);
    expect(app.frame()).not.toContain('Flatten position?');
    expect(app.engine.sent, 'cancelling sends no command').toEqual([]);
  });

  it('returns no other key handled while the y/n prompt is open', async () => {
    app = await renderApp();
    await app.press('f', 'p', 's', 'q', '?');
    expect(app.engine.sent, 'p, s, q and ? are ignored under the modal').toEqual([]);
    expect(app.frame()).toContain('Flatten position? y/n');
    await app.press('n');
  });

  it('returns each key of a burst handled in turn, as when a busy console reads several keys at once', async () => {
    app = await renderApp(makeSnapshot(), { columns: 120, rows: 40 });
    // One stdin chunk: Ink hands it to the handlers as the single input "fy?".
    await app.press('fy?');
    expect(app.engine.sent, 'f opens the prompt and y answers it').toEqual([{ type: 'flatten' }]);
    expect(app.frame()).not.toContain('Flatten position?');
    expect(app.frame(), '? after the answer opens the help').toContain('KEYS');
    await app.press('?fpq');
    expect(app.engine.sent, 'p and q under the prompt are ignored, as when typed one by one').toEqual([
      { type: 'flatten' },
    ]);
    expect(app.frame()).toContain('Flatten position? y/n');
    await app.press(`n${KEY.ctrlC}`);
    expect(app.engine.sent.at(-1), 'Ctrl+C inside a burst still quits').toEqual({
      type: 'quit',
      keepPosition: false,
    });
  });

  it('returns rerunSentiment on s', async () => {
    app = await renderApp();
    await app.press('s');
    expect(app.engine.sent).toEqual([{ type: 'rerunSentiment' }]);
    await app.waitFor((f) => f.includes('[running] scoring 120/400 with s2'), 'sentiment progress');
  });

  it('returns a help overlay listing every trading key in keys.ts, closed by Esc or ?', async () => {
    app = await renderApp(makeSnapshot(), { columns: 120, rows: 40 });
    await app.press('?');
    const frame = app.frame();
    expect(frame).toContain('KEYS');
    expect(frame, 'the playback keys are not this console’s').not.toContain('jump back');
    for (const row of keyRows().filter((r) => scopeActive(r.scope, TRADING_CONSOLE))) {
      expect(frame, `help lists ${row.command}`).toContain(row.keys);
      expect(frame, `help describes ${row.command}`).toContain(row.description.slice(0, 30));
    }
    expect(frame, 'the panels make room for the help').not.toContain('STATE');
    await app.press(KEY.escape);
    expect(app.frame()).toContain('STATE');
    await app.press('?', '?');
    expect(app.frame(), '? toggles').toContain('STATE');
    expect(app.engine.sent).toEqual([]);
  });

  it('returns quit with keepPosition once, however often q is pressed, and says it is quitting', async () => {
    app = await renderApp(makeSnapshot(), { keepPosition: true });
    await app.press('q', 'q', 'p');
    expect(app.engine.sent, 'one quit, and no keys after it').toEqual([{ type: 'quit', keepPosition: true }]);
    expect(app.lines().at(-1)).toContain('quitting…, writing report');
    expect(app.forceExits()).toBe(0);
  });

  it('returns quit on the first Ctrl+C and onForceExit on the second', async () => {
    app = await renderApp();
    await app.press(KEY.ctrlC);
    expect(app.engine.sent).toEqual([{ type: 'quit', keepPosition: false }]);
    expect(app.forceExits()).toBe(0);
    await app.press(KEY.ctrlC);
    expect(app.forceExits(), 'second Ctrl+C forces the exit').toBe(1);
    await app.press(KEY.ctrlC);
    expect(app.forceExits(), 'onForceExit is called once').toBe(1);
    expect(app.engine.sent).toHaveLength(1);
  });

  it('returns quit on Ctrl+C even while the y/n prompt is open', async () => {
    app = await renderApp();
    await app.press('f', KEY.ctrlC);
    expect(app.engine.sent, 'the user can always leave').toEqual([{ type: 'quit', keepPosition: false }]);
    await app.press(KEY.ctrlC);
    expect(app.forceExits()).toBe(1);
  });

  it('returns onForceExit on Ctrl+C after q', async () => {
    app = await renderApp();
    await app.press('q', KEY.ctrlC);
    expect(app.engine.sent).toEqual([{ type: 'quit', keepPosition: false }]);
    expect(app.forceExits()).toBe(1);
  });
});
