import type { Key } from 'ink';

/**
 * The one keymap. Components ask `matches(Command.X, input, key)`; the footer hints, the help
 * overlay and the README's key table are all derived from KEYMAP, so a key cannot be documented
 * in one place and bound differently in another.
 */
export const Command = {
  PAUSE: 'trade.pause',
  FLATTEN: 'trade.flatten',
  RERUN_SENTIMENT: 'sentiment.rerun',
  HELP: 'app.help',
  QUIT: 'app.quit',
  CONFIRM_YES: 'confirm.yes',
  CONFIRM_NO: 'confirm.no',
  PLAY: 'journal.play',
  STEP: 'journal.step',
  BACK_HOUR: 'journal.backHour',
  FORWARD_HOUR: 'journal.forwardHour',
  BACK_DAY: 'journal.backDay',
  FORWARD_DAY: 'journal.forwardDay',
  FASTER: 'journal.faster',
  SLOWER: 'journal.slower',
  NEXT_TAB: 'tab.next',
  SYMBOL_TAB: 'tab.symbol',
  SUMMARY_TAB: 'tab.summary',
} as const;
export type CommandId = (typeof Command)[keyof typeof Command];

/** One physical key: a printable character, optionally with Ctrl, or Escape, or Tab. */
export interface KeyBinding {
  readonly input: string; // '' for Escape and Tab
  readonly ctrl?: boolean;
  readonly escape?: boolean;
  readonly tab?: boolean;
}

/**
 * Where a key works: `trading` on a console that trades (replay, paper, testnet), `journal` while
 * a recorded journal plays, `tabs` when several symbols run, `any` everywhere, `confirm` in the
 * y/n prompt.
 */
export type KeyScope = 'trading' | 'journal' | 'tabs' | 'any' | 'confirm';

/** What the running console has: which scopes' keys are live, shown in the footer and the help. */
export interface ConsoleKind {
  readonly journal: boolean;
  readonly tabs: boolean;
}

export const TRADING_CONSOLE: ConsoleKind = { journal: false, tabs: false };

export function scopeActive(scope: KeyScope, kind: ConsoleKind): boolean {
  switch (scope) {
    case 'trading':
    case 'confirm':
      return !kind.journal;
    case 'journal':
      return kind.journal;
    case 'tabs':
      return kind.tabs;
    case 'any':
      return true;
  }
}

export interface CommandSpec {
  readonly keys: readonly KeyBinding[];
  /** One or two words for the footer. */
  readonly label: string;
  /** The footer word on an 80-column screen, when `label` is too long. */
  readonly short?: string;
  /** One sentence for the help overlay and the README. */
  readonly description: string;
  readonly scope: KeyScope;
  /** The footer hint: default the first key and the label; null = covered by another command's hint. */
  readonly footer?: { readonly keys: string; readonly label: string } | null;
}

const ESC: KeyBinding = { input: '', escape: true };
const DIGITS: readonly KeyBinding[] = [1, 2, 3, 4, 5, 6, 7, 8, 9].map((d) => ({ input: String(d) }));
/** A jump of `[` / `]` and `{` / `}`, in 1-minute bars. */
export const JUMP_HOUR = 60;
export const JUMP_DAY = 1440;

export const KEYMAP: Readonly<Record<CommandId, CommandSpec>> = {
  [Command.PAUSE]: {
    keys: [{ input: 'p' }],
    label: 'pause',
    description:
      'Pause or resume trading. While paused no orders are sent; decisions still show as "would …".',
    scope: 'trading',
  },
  [Command.FLATTEN]: {
    keys: [{ input: 'f' }],
    label: 'flatten',
    description:
      'Close the whole position at market after a y/n confirmation; trading stays paused afterwards.',
    scope: 'trading',
  },
  [Command.RERUN_SENTIMENT]: {
    keys: [{ input: 's' }],
    label: 'sentiment',
    short: 'sent',
    description: 'Rerun the sentiment pipeline for yesterday (UTC); progress shows in the sentiment panel.',
    scope: 'trading',
  },
  [Command.HELP]: {
    keys: [{ input: '?' }],
    label: 'help',
    description: 'Show or hide this help (Esc also closes it).',
    scope: 'any',
  },
  [Command.QUIT]: {
    keys: [{ input: 'q' }, { input: 'c', ctrl: true }],
    label: 'quit',
    description:
      'Quit: flatten (unless --keep-position) and write the session report (a journal playback just stops). A second Ctrl+C exits at once, still writing the report.',
    scope: 'any',
  },
  [Command.CONFIRM_YES]: {
    keys: [{ input: 'y' }],
    label: 'yes',
    description: 'Answer yes in a y/n prompt.',
    scope: 'confirm',
  },
  [Command.CONFIRM_NO]: {
    keys: [{ input: 'n' }, ESC],
    label: 'no',
    description: 'Answer no in a y/n prompt.',
    scope: 'confirm',
  },
  [Command.PLAY]: {
    keys: [{ input: ' ' }, { input: 'p' }],
    label: 'play/pause',
    short: 'play',
    description: 'Playing a journal (--journal): pause or resume the playback.',
    scope: 'journal',
  },
  [Command.STEP]: {
    keys: [{ input: '.' }],
    label: 'step',
    description: 'Playing a journal: one bar forward, then hold.',
    scope: 'journal',
  },
  [Command.BACK_HOUR]: {
    keys: [{ input: '[' }],
    label: '-1h',
    description: 'Playing a journal: jump back 60 bars (re-run from the start to there at full speed).',
    scope: 'journal',
    footer: { keys: '[ ]', label: '±1h' },
  },
  [Command.FORWARD_HOUR]: {
    keys: [{ input: ']' }],
    label: '+1h',
    description: 'Playing a journal: jump forward 60 bars.',
    scope: 'journal',
    footer: null,
  },
  [Command.BACK_DAY]: {
    keys: [{ input: '{' }],
    label: '-1d',
    description: 'Playing a journal: jump back 1,440 bars (one day).',
    scope: 'journal',
    footer: { keys: '{ }', label: '±1d' },
  },
  [Command.FORWARD_DAY]: {
    keys: [{ input: '}' }],
    label: '+1d',
    description: 'Playing a journal: jump forward 1,440 bars (one day).',
    scope: 'journal',
    footer: null,
  },
  [Command.FASTER]: {
    keys: [{ input: '+' }, { input: '=' }],
    label: 'faster',
    description: 'Playing a journal: faster (1x, 10x, 60x, 600x, 6000x, max).',
    scope: 'journal',
    footer: { keys: '+ -', label: 'speed' },
  },
  [Command.SLOWER]: {
    keys: [{ input: '-' }],
    label: 'slower',
    description: 'Playing a journal: slower.',
    scope: 'journal',
    footer: null,
  },
  [Command.NEXT_TAB]: {
    keys: [{ input: '', tab: true }],
    label: 'next tab',
    short: 'tab',
    description: 'Several symbols (--symbols): show the next tab (the summary, then each symbol).',
    scope: 'tabs',
    footer: { keys: 'Tab 0–9', label: 'tabs' },
  },
  [Command.SYMBOL_TAB]: {
    keys: DIGITS,
    label: 'symbol',
    description: "Several symbols: show the n-th symbol's tab; p, f and s act on the symbol shown.",
    scope: 'tabs',
    footer: null,
  },
  [Command.SUMMARY_TAB]: {
    keys: [{ input: '0' }],
    label: 'summary',
    description:
      'Several symbols: show the summary tab (every symbol and the shared account); there p and f act on every symbol.',
    scope: 'tabs',
    footer: null,
  },
};

/** The fields of Ink's Key this module reads; tests can pass a partial key. */
export type KeyLike = Pick<Key, 'ctrl' | 'escape'> & Partial<Key>;

function bindingMatches(binding: KeyBinding, input: string, key: KeyLike): boolean {
  if (binding.escape) return key.escape;
  if (binding.tab) return key.tab === true && key.shift !== true;
  // A plain letter must not fire on Ctrl+letter (Ctrl+P is not `p`), and Ctrl+C is not `c`.
  return input === binding.input && Boolean(binding.ctrl) === key.ctrl;
}

export function matches(command: CommandId, input: string, key: KeyLike): boolean {
  return KEYMAP[command].keys.some((binding) => bindingMatches(binding, input, key));
}

/** Ctrl+C is special beyond its command: a second press forces the exit. */
export function isCtrlC(input: string, key: KeyLike): boolean {
  return input === 'c' && key.ctrl;
}

/** "p", "Ctrl+C", "Esc", "?". */
export function bindingLabel(binding: KeyBinding): string {
  if (binding.escape) return 'Esc';
  if (binding.tab) return 'Tab';
  if (binding.input === ' ') return 'Space';
  return binding.ctrl ? `Ctrl+${binding.input.toUpperCase()}` : binding.input;
}

export function keysLabel(command: CommandId): string {
  const keys = KEYMAP[command].keys;
  if (keys === DIGITS) return '1–9';
  return keys.map(bindingLabel).join(' / ');
}

export interface KeyRow {
  readonly command: CommandId;
  readonly keys: string;
  readonly label: string;
  readonly description: string;
  readonly scope: CommandSpec['scope'];
}

/** Every command, in keymap order, with its keys spelled out. */
export function keyRows(): KeyRow[] {
  return (Object.keys(KEYMAP) as CommandId[]).map((command) => {
    const spec = KEYMAP[command];
    return {
      command,
      keys: keysLabel(command),
      label: spec.label,
      description: spec.description,
      scope: spec.scope,
    };
  });
}

/** What the footer's pause hint depends on: the trading state, or the journal playback's. */
export interface HintState {
  readonly trading: 'TRADING' | 'PAUSED' | 'HALTED';
  readonly playing?: boolean;
}

/** Footer hints for the main screen of this kind of console: a key (or key pair) and a word each. */
export function footerHints(
  state: HintState,
  kind: ConsoleKind = TRADING_CONSOLE,
  compact = false,
): { readonly key: string; readonly label: string }[] {
  const hints: { key: string; label: string }[] = [];
  for (const row of keyRows()) {
    const spec = KEYMAP[row.command];
    if (row.scope === 'confirm' || !scopeActive(row.scope, kind) || spec.footer === null) continue;
    const first = spec.keys[0];
    const key = spec.footer?.keys ?? (first ? bindingLabel(first) : '');
    let label = spec.footer?.label ?? (compact ? (spec.short ?? spec.label) : spec.label);
    if (row.command === Command.PAUSE && state.trading === 'PAUSED') label = 'resume';
    if (row.command === Command.PLAY) label = state.playing ? 'pause' : 'play';
    hints.push({ key, label });
  }
  // Help and quit close the line, after the keys of what this console does.
  return [
    ...hints.filter((h) => h.key !== '?' && h.key !== 'q'),
    ...hints.filter((h) => h.key === '?' || h.key === 'q'),
  ];
}

const SCOPE_WORDS: Readonly<Record<KeyScope, string>> = {
  trading: 'trading console',
  journal: 'journal playback',
  tabs: 'several symbols',
  any: 'everywhere',
  confirm: 'y/n prompt',
};

/** The key table for the README, generated so it cannot drift from the bindings. */
export function keyTableMarkdown(): string {
  const escape = (text: string): string => text.replaceAll('|', '\\|');
  const lines = ['| key | command | where | what it does |', '|---|---|---|---|'];
  for (const row of keyRows()) {
    const keys =
      row.keys === '1–9'
        ? '`1`–`9`'
        : KEYMAP[row.command].keys.map((b) => `\`${escape(bindingLabel(b))}\``).join(' / ');
    lines.push(`| ${keys} | \`${row.command}\` | ${SCOPE_WORDS[row.scope]} | ${escape(row.description)} |`);
  }
  return lines.join('\n') + '\n';
}
