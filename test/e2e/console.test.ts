import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, tempDir } from '../cli/run.js';
import { HAS_TMUX, tmux, waitFor } from './tmux.js';

describe.skipIf(!HAS_TMUX)(
  `the real console in a terminal (${HAS_TMUX ? 'tmux' : 'skipped: tmux is not installed'})`,
  () => {
    it('replays candles, obeys p, f y, ? and q, and leaves the report files', async () => {
      const cwd = tempDir('e2e');
      const session = `drl-e2e-${process.pid}`;
      // CI=true makes Ink print only the last frame, so the child gets a normal terminal environment.
      const cmd = `env -u CI node ${BIN} --speed 600x; sleep 30`;
      tmux('new-session', '-d', '-s', session, '-x', '120', '-y', '40', '-c', cwd, cmd);
      try {
        let screen = await waitFor(session, /PRICE[\s\S]*EQUITY/);
        expect(screen).toMatch(/ETHUSDT/);
        const barsBefore = /last candle \d{4}-\d\d-\d\d (\d\d:\d\d)/.exec(screen)?.[1];
        screen = await waitFor(
          session,
          new RegExp(`last candle \\d{4}-\\d\\d-\\d\\d (?!${barsBefore})\\d\\d:\\d\\d`),
        );

        screen = await waitFor(session, /PAUSED/, 30_000, 'p');
        await waitFor(session, /Flatten position\? y\/n/, 30_000, 'f');
        // The position may be flat already: wait for the prompt to close, not only for FLAT.
        screen = await waitFor(session, /^(?![\s\S]*Flatten position\?)[\s\S]*position\s+FLAT/, 30_000, 'y');
        expect(screen, 'flatten leaves trading paused').toMatch(/PAUSED/);

        screen = await waitFor(session, /KEYS/, 30_000, '?');
        for (const k of ['Pause or resume', 'Close the whole position', 'Rerun the sentiment', 'Quit'])
          expect(screen).toContain(k);
        await waitFor(session, /EVENTS/, 30_000, 'Escape');

        screen = await waitFor(session, /Session report: (\S+\.log)/, 30_000, 'q');
        const log = /Session report: (\S+\.log)/.exec(screen)![1]!;
        const json = log.replace(/\.log$/, '.json');
        expect(existsSync(join(cwd, log))).toBe(true);
        const report = JSON.parse(readFileSync(join(cwd, json), 'utf8')) as {
          session: { mode: string };
          metrics: object;
        };
        expect(report.session.mode).toBe('REPLAY');
        expect(report.metrics).toHaveProperty('sharpe');
        expect(
          readdirSync(join(cwd, 'reports')).some((f) => f.endsWith('.jsonl')),
          'the journal is written',
        ).toBe(true);
      } finally {
        tmux('kill-session', '-t', session);
      }
    });
  },
);
