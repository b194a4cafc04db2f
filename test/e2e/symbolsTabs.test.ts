import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, tempDir } from '../cli/run.js';
import { HAS_TMUX, tmux, waitFor } from './tmux.js';

describe.skipIf(!HAS_TMUX)(
  `two symbols on the console (${HAS_TMUX ? 'tmux' : 'skipped: tmux is not installed'})`,
  () => {
    it('replays the bundled ETHUSDT and BTCUSDT days with a tab each, and writes every report on q', async () => {
      const cwd = tempDir('e2e-symbols');
      const session = `drl-e2e-symbols-${process.pid}`;
      const cmd = `env -u CI node ${BIN} --symbols ETHUSDT,BTCUSDT --speed max; sleep 30`;
      tmux('new-session', '-d', '-s', session, '-x', '120', '-y', '40', '-c', cwd, cmd);
      try {
        let screen = await waitFor(session, /0 Summary[\s\S]*ACCOUNT 2 symbols[\s\S]*SYMBOLS/);
        screen = await waitFor(session, /FEED ENDED/, 60_000);
        expect(screen).toMatch(/1 ETHUSDT +[\d.]+ /);
        screen = await waitFor(session, /^BTCUSDT 1m REPLAY/m, 20_000, '2');
        expect(screen).toMatch(/STATE 15-D[\s\S]*VOTES/);
        screen = await waitFor(session, /Account report: (\S+\.log)/, 30_000, 'q');
        const log = /Account report: (\S+\.log)/.exec(screen)![1]!;
        const text = readFileSync(join(cwd, log), 'utf8');
        expect(text).toContain('drl-tui combined account: ETHUSDT, BTCUSDT');
        for (const symbol of ['ETHUSDT', 'BTCUSDT']) {
          const m = new RegExp(`${symbol} +: (\\S+)\\.log`).exec(screen);
          expect(m, `${symbol}'s session report is listed`).not.toBeNull();
          expect(existsSync(join(cwd, `${m![1]!}.jsonl`)), `${symbol}'s own journal`).toBe(true);
        }
      } finally {
        tmux('kill-session', '-t', session);
      }
    }, 120_000);
  },
);
