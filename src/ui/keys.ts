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
} as const;
export type CommandId = (typeof Command)[keyof typeof Command];

/** One physical key: a printable character, optionally with Ctrl, or Escape. */
export interface KeyBinding {
  readonly input: string; // '' for Escape
  readonly ctrl?: boolean;
  readonly escape?: boolean;
}

export interface CommandSpec {
  readonly keys: readonly KeyBinding[];
  /** One or two words for the footer. */
  readonly label: string;
  /** The footer word on an 80-column screen, when `label` is too long. */
  readonly short?: string;
  /** One sentence for the help overlay and the README. */
  readonly description: string;
  /** Where the key works: the main screen or the y/n prompt. */
  readonly scope: 'main' | 'confirm';
}

const ESC: KeyBinding = { input: '', escape: true };

export const KEYMAP: Readonly<Record<CommandId, CommandSpec>> = {
  [Command.PAUSE]: {
    keys: [{ input: 'p' }],
    label: 'pause',
    description:
      'Pause or resume trading. While paused no orders are sent; decisions still show as "would …".',
    scope: 'main',
  },
  [Command.FLATTEN]: {
    keys: [{ input: 'f' }],
    label: 'flatten',
    description:
      'Close the whole position at market after a y/n confirmation; trading stays paused afterwards.',
    scope: 'main',
  },
  [Command.RERUN_SENTIMENT]: {
    keys: [{ input: 's' }],
    label: 'sentiment',
    short: 'sent',
    description: 'Rerun the sentiment pipeline for yesterday (UTC); progress shows in the sentiment panel.',
    scope: 'main',
  },
  [Command.HELP]: {
    keys: [{ input: '?' }],
    label: 'help',
    description: 'Show or hide this help (Esc also closes it).',
    scope: 'main',
  },
  [Command.QUIT]: {
    keys: [{ input: 'q' }, { input: 'c', ctrl: true }],
    label: 'quit',
    description:
      'Quit: flatten (unless --keep-position) and write the session report. A second Ctrl+C exits at once, still writing the report.',
    scope: 'main',
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
};

/** The fields of Ink's Key this module reads; tests can pass a partial key. */
export type KeyLike = Pick<Key, 'ctrl' | 'escape'> & Partial<Key>;

function bindingMatches(binding: KeyBinding, input: string, key: KeyLike): boolean {
  if (binding.escape) return key.escape;
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
  return binding.ctrl ? `Ctrl+${binding.input.toUpperCase()}` : binding.input;
}

export function keysLabel(command: CommandId): string {
  return KEYMAP[command].keys.map(bindingLabel).join(' / ');
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

/** Footer hints for the main screen: the first key of each command and its label. */
export function footerHints(
  trading: 'TRADING' | 'PAUSED' | 'HALTED',
  compact = false,
): { readonly key: string; readonly label: string }[] {
  return keyRows()
    .filter((row) => row.scope === 'main')
    .map((row) => {
      const spec = KEYMAP[row.command];
      const first = spec.keys[0];
      const key = first ? bindingLabel(first) : '';
      const word = compact ? (spec.short ?? spec.label) : spec.label;
      const label = row.command === Command.PAUSE && trading === 'PAUSED' ? 'resume' : word;
      return { key, label };
    });
}

/** The key table for the README, generated so it cannot drift from the bindings. */
export function keyTableMarkdown(): string {
  const escape = (text: string): string => text.replaceAll('|', '\\|');
  const lines = ['| key | command | what it does |', '|---|---|---|'];
  for (const row of keyRows()) {
    const keys = KEYMAP[row.command].keys.map((b) => `\`${escape(bindingLabel(b))}\``).join(' / ');
    lines.push(`| ${keys} | \`${row.command}\` | ${escape(row.description)} |`);
  }
  return lines.join('\n') + '\n';
}
