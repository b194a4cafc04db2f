import { useRef, useState } from 'react';
import { useInput, useStdin } from 'ink';
import type { Key } from 'ink';
import type { EngineHandle } from '../engine/core/engineHandle.js';
import { Command, isCtrlC, JUMP_DAY, JUMP_HOUR, matches } from './keys.js';
import type { ConsoleKind } from './keys.js';
import type { EngineCommand } from '../engine/core/events.js';

export interface KeysOptions {
  /** The engine commands go to; `p` reads its latest snapshot to choose pause or resume. */
  readonly engine: EngineHandle;
  readonly keepPosition: boolean;
  /** Second Ctrl+C: the CLI writes the report and exits without waiting for the engine. */
  readonly onForceExit: () => void;
  /** A journal playing: the playback keys instead of the trading ones. */
  readonly kind: ConsoleKind;
  /** Several symbols: show tab n (0 = the summary) or the next one. */
  readonly onTab?: (tab: number | 'next') => void;
}

/** The journal player's keys, as commands to the player. */
const JOURNAL_KEYS: readonly (readonly [(typeof Command)[keyof typeof Command], EngineCommand])[] = [
  [Command.PLAY, { type: 'play', action: 'toggle' }],
  [Command.STEP, { type: 'play', action: 'step' }],
  [Command.FASTER, { type: 'play', action: 'faster' }],
  [Command.SLOWER, { type: 'play', action: 'slower' }],
  [Command.BACK_HOUR, { type: 'seek', bars: -JUMP_HOUR }],
  [Command.FORWARD_HOUR, { type: 'seek', bars: JUMP_HOUR }],
  [Command.BACK_DAY, { type: 'seek', bars: -JUMP_DAY }],
  [Command.FORWARD_DAY, { type: 'seek', bars: JUMP_DAY }],
];

export interface KeysState {
  readonly help: boolean;
  readonly confirming: boolean;
  readonly quitting: boolean;
  /** False when stdin cannot go raw (a pipe): no key handler is attached at all. */
  readonly interactive: boolean;
}

/**
 * Ink hands a stdin chunk to the handlers as one input, so keys typed while the event loop was
 * busy (a replay at full speed, a slow machine) arrive together as "fy?". Such a burst is split
 * back into keys, reading control characters as a terminal sends them (Ctrl+C is \x03, Tab \t);
 * an input Ink parsed as one key (a modifier, an escape sequence) stays one key.
 */
function keystrokes(input: string, key: Key): readonly (readonly [string, Key])[] {
  if (input.length <= 1 || key.ctrl || key.meta || key.escape) return [[input, key]];
  return Array.from(input, (ch): readonly [string, Key] => {
    const code = ch.charCodeAt(0);
    if (ch === '\t') return ['', { ...key, tab: true }];
    if (code >= 1 && code <= 26) return [String.fromCharCode(code + 96), { ...key, ctrl: true }];
    return [ch, key];
  });
}

/** What the keys act on; one at a time (f closes the help, a quit closes both). */
type Mode = 'keys' | 'help' | 'confirm' | 'quitting';

/**
 * All key handling, in one handler so that each key of a burst sees what the key before it did
 * (React state would only change at the next render):
 * - Ctrl+C, always: quit first, force the exit the second time — even while the y/n prompt is
 *   open, so the user can always leave;
 * - y / n / Esc, and nothing else, while the prompt is open;
 * - the main keys otherwise.
 * After a quit is requested nothing but Ctrl+C is handled.
 */
export function useKeys({ engine, keepPosition, onForceExit, kind, onTab }: KeysOptions): KeysState {
  const { isRawModeSupported } = useStdin();
  const interactive = isRawModeSupported;
  // The ref is what the handler reads; the state is what the screen renders.
  const [mode, setModeState] = useState<Mode>('keys');
  const current = useRef<Mode>('keys');
  const forced = useRef(false);

  const setMode = (next: Mode): void => {
    current.current = next;
    setModeState(next);
  };

  const requestQuit = (): void => {
    if (current.current === 'quitting') return;
    setMode('quitting');
    engine.send({ type: 'quit', keepPosition });
  };

  const onCtrlC = (): void => {
    if (current.current !== 'quitting') return requestQuit();
    if (forced.current) return;
    forced.current = true;
    onForceExit();
  };

  const onConfirmKey = (input: string, key: Key): void => {
    if (matches(Command.CONFIRM_YES, input, key)) {
      setMode('keys');
      return engine.send({ type: 'flatten' });
    }
    if (matches(Command.CONFIRM_NO, input, key)) return setMode('keys');
  };

  const onMainKey = (input: string, key: Key): void => {
    const help = current.current === 'help';
    if (help && key.escape) return setMode('keys');
    if (matches(Command.HELP, input, key)) return setMode(help ? 'keys' : 'help');
    if (matches(Command.QUIT, input, key)) return requestQuit();
    if (kind.tabs && onTab) {
      if (matches(Command.NEXT_TAB, input, key)) return onTab('next');
      if (matches(Command.SUMMARY_TAB, input, key)) return onTab(0);
      if (matches(Command.SYMBOL_TAB, input, key)) return onTab(Number(input));
    }
    if (kind.journal) {
      const hit = JOURNAL_KEYS.find(([c]) => matches(c, input, key));
      if (hit) engine.send(hit[1]);
      return;
    }
    if (matches(Command.PAUSE, input, key)) {
      // HALTED reads as "not paused": `p` then pauses, and a halt is never lifted from a key.
      const paused = engine.getSnapshot().trading === 'PAUSED';
      return engine.send({ type: paused ? 'resume' : 'pause' });
    }
    if (matches(Command.FLATTEN, input, key)) return setMode('confirm');
    if (matches(Command.RERUN_SENTIMENT, input, key)) return engine.send({ type: 'rerunSentiment' });
  };

  useInput(
    (input, key) => {
      for (const [one, oneKey] of keystrokes(input, key)) {
        if (isCtrlC(one, oneKey)) onCtrlC();
        else if (current.current === 'quitting') return;
        else if (current.current === 'confirm') onConfirmKey(one, oneKey);
        else onMainKey(one, oneKey);
      }
    },
    { isActive: interactive },
  );

  return {
    help: mode === 'help',
    confirming: mode === 'confirm',
    quitting: mode === 'quitting',
    interactive,
  };
}
