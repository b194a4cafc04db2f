import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT, drlTui, tempDir } from '../cli/run.js';
import { HAS_TMUX, tmux, waitFor } from './tmux.js';

describe.skipIf(!HAS_TMUX)(
  `playing a journal on the console (${HAS_TMUX ? 'tmux' : 'skipped: tmux is not installed'})`,
  () => {
    it('opens at --at paused, steps, jumps, plays and stops on q with the verdict so far', async () => {
      const cwd = tempDir('e2e-journal');
      const journal = join(cwd, 'day.jsonl');
      const day = join(ROOT, 'data/ETHUSDT-1m-2024-03-29.zip');
      const bt = drlTui(['backtest', '--data', day, '--strategy', 'ensemble', '--model', 'none', '--journal', journal], { cwd }); // prettier-ignore
      expect(bt.status, bt.stderr).toBe(0);
      const session = `drl-e2e-journal-${process.pid}`;
      const cmd = `env -u CI node ${BIN} --journal ${journal} --at 2024-03-29T01:40Z; sleep 30`;
      tmux('new-session', '-d', '-s', session, '-x', '120', '-y', '40', '-c', cwd, cmd);
      try {
        let screen = await waitFor(session, /PAUSED\s+600x · bar 101\/1,440 · 2024-03-29 01:40 UTC/);
        expect(screen).toMatch(/JOURNAL day\.jsonl \(recorded BACKTEST\)/);
        expect(screen, 'the real panels').toMatch(/STATE 15-D[\s\S]*VOTES[\s\S]*EVENTS/);
        expect(screen, 'the playback keys in the footer').toMatch(/Space play \. step \[ \] ±1h/);
        expect(screen).not.toMatch(/f flatten/);
        await waitFor(session, /bar 102\/1,440 · 2024-03-29 01:41 UTC/, 20_000, '.');
        await waitFor(session, /bar 162\/1,440 · 2024-03-29 02:41 UTC/, 20_000, ']');
        await waitFor(session, /bar 1\/1,440 · 2024-03-29 00:00 UTC/, 20_000, '{');
        await waitFor(session, /max · bar/, 20_000, '+');
        screen = await waitFor(session, /END[\s\S]*end of journal: identical/, 30_000, 'Space');
        expect(screen).toMatch(/bar 1,440\/1,440/);
        screen = await waitFor(session, /Played 1,440 of 1,440 bars of day\.jsonl: end of journal: identical/, 20_000, 'q'); // prettier-ignore
      } finally {
        tmux('kill-session', '-t', session);
      }
    }, 120_000);
  },
);
