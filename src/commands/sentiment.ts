import type { AppConfig } from '../config.js';
import { createSentimentRunner } from './sentimentSetup.js';
import { err, out } from './output.js';

/** `drl-tui sentiment [--date YYYY-MM-DD] [--force]`: score one UTC day (default yesterday) headless. */
export async function sentimentCommand(
  cfg: AppConfig,
  date: string | undefined,
  force: boolean,
): Promise<void> {
  if (date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(date))
    throw new Error(`--date must be YYYY-MM-DD, got '${date}'`);
  let last = '';
  const runner = createSentimentRunner(cfg, (s) => {
    if (process.stderr.isTTY && s.progress !== last) err(`sentiment: ${s.progress}`);
    last = s.progress;
  });
  const r = date ? await runner.runDay(date, { force }) : await runner.runYesterday({ force });
  for (const c of runner.status.columns) if (c.reason) err(`sentiment: ${c.name} (${c.model}): ${c.reason}`);
  if (r.status === 'failed' || r.status === 'stopped')
    throw new Error(`sentiment for ${r.day} ${r.status}: ${r.reason ?? 'no reason given'}`);
  const row = r.row;
  out(
    `sentiment ${r.day}: ${r.status}` +
      (row ? ` — ${JSON.stringify(row)}` : '') +
      ` (LLM requests ${runner.llmRequests}, Reddit requests ${runner.redditRequests}; files in ${cfg.sentimentDir})`,
  );
}
