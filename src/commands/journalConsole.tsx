import { JournalPlayer } from '../engine/journalPlayer.js';
import type { PlayerOptions } from '../engine/journalPlayer.js';
import { findBar, parseAt } from '../engine/verify/findBar.js';
import { out } from './output.js';

export interface JournalConsoleArgs {
  readonly at: string | undefined;
  readonly speed: PlayerOptions['speed'];
  /** Only an explicit --model overrides the journal's recorded model directory. */
  readonly model: string | undefined;
}

/**
 * `drl-tui --journal <file>`: play a recorded session on the console. A fresh engine re-decides
 * every recorded bar (as verify does), so the panels are the real ones and a difference from the
 * recording stops the playback on screen. Nothing is written: a recording is only looked at.
 */
export async function journalConsoleCommand(path: string, a: JournalConsoleArgs): Promise<void> {
  let startAt: number | undefined;
  if (a.at !== undefined) {
    const sel = parseAt(a.at);
    if (!sel.ok) throw new Error(sel.error);
    startAt = findBar(path, sel.value).index;
  }
  const player = new JournalPlayer(path, {
    modelDir: a.model ?? null,
    ...(a.speed !== undefined ? { speed: a.speed } : {}),
    ...(startAt !== undefined ? { startAt } : {}),
  });
  if (player.total === 0) throw new Error(`${player.file} holds no decisions to play`);
  // One-line errors (no header, a different model) come before the screen opens.
  await player.start();
  const { renderConsole } = await import('../ui/renderConsole.js');
  const stopped = new Promise<void>((resolve) => player.onQuit(resolve));
  const ui = renderConsole(player, {
    keepPosition: true,
    onForceExit: () => {
      ui.unmount();
      process.exit(130);
    },
  });
  await stopped;
  const { bar, total, note } = player.getSnapshot().player!;
  ui.unmount();
  out(
    `Played ${bar.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} bars of ${player.file}: ${note}`,
  );
}
