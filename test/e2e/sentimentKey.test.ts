import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MODELS } from '../../src/engine/sentiment/config.js';
import { BIN, ROOT, tempDir } from '../cli/run.js';
import { startLlmServer } from '../support/llmServer.js';
import type { LlmServer } from '../support/llmServer.js';
import { loadRedditCsv, startRedditServer } from '../support/redditServer.js';
import type { RedditServer } from '../support/redditServer.js';
import { HAS_TMUX, tmux, waitFor } from './tmux.js';

const DAY_MS = 86_400_000;

describe.skipIf(!HAS_TMUX)(
  `the console's s key against loopback Reddit + LLM servers (${HAS_TMUX ? 'tmux' : 'skipped: tmux is not installed'})`,
  () => {
    let reddit: RedditServer;
    let llm: LlmServer;

    beforeAll(async () => {
      // Real r/ethereum posts of one day, moved to "yesterday" (UTC) so the rerun finds them.
      const posts = loadRedditCsv(join(ROOT, 'test/fixtures/sentiment/r_ethereum_2021-04-08_16.csv'));
      const first = Math.min(...posts.map((p) => p.createdUtc));
      const dayStart = Math.floor(first / 86_400) * 86_400;
      const oneDay = posts.filter((p) => p.createdUtc < dayStart + 86_400);
      const yesterday = Math.floor(Date.now() / DAY_MS) * 86_400 - 86_400;
      const moved = oneDay.map((p) => ({ ...p, createdUtc: p.createdUtc - dayStart + yesterday }));
      reddit = await startRedditServer({ posts: { ethereum: moved } });
      llm = await startLlmServer({ models: [...DEFAULT_MODELS], latencyMs: 20 });
    });
    afterAll(async () => {
      await reddit?.close();
      await llm?.close();
    });

    it('shows progress, then the new scores, while candles keep moving', async () => {
      const cwd = tempDir('e2e-s');
      const session = `drl-e2e-s-${process.pid}`;
      const env = `REDDIT_CLIENT_ID=${reddit.clientId} REDDIT_CLIENT_SECRET=${reddit.clientSecret} REDDIT_USER_AGENT=drl-tui-test`;
      const cmd = `env -u CI ${env} node ${BIN} --speed 60x --reddit-url ${reddit.url} --llm-url ${llm.url}; sleep 30`;
      tmux('new-session', '-d', '-s', session, '-x', '120', '-y', '40', '-c', cwd, cmd);
      try {
        await waitFor(session, /PRICE[\s\S]*EQUITY/);
        const before = /last candle \S+ (\d\d:\d\d)/.exec(tmux('capture-pane', '-pt', session))?.[1];
        const screen = await waitFor(session, /sentiment \d{4}-\d\d-\d\d: written/, 60_000, 's');
        expect(screen, 'the panel shows the day that was scored').toMatch(/VADER\s+[-+]?\d/);
        expect(llm.requests, 'the LLM columns were scored over the OpenAI protocol').toBeGreaterThan(0);
        const after = /last candle \S+ (\d\d:\d\d)/.exec(screen)?.[1];
        expect(after, 'candles kept moving while sentiment ran').not.toBe(before);
        await waitFor(session, /Session report: \S+\.log/, 30_000, 'q');
      } finally {
        tmux('kill-session', '-t', session);
      }
    });
  },
);
