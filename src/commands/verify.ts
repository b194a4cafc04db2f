import { basename } from 'node:path';
import { formatVerify } from '../engine/verify/formatVerify.js';
import { verifyJournal } from '../engine/verify/verifyJournal.js';
import { out } from './output.js';

/**
 * `drl-tui verify <journal> [--model <dir>]`: re-run the recorded bars through a fresh engine and
 * compare every decision. Exit status 0 identical, 1 diverged (or could not verify).
 */
export async function verifyCommand(
  journal: string | undefined,
  modelDir: string | undefined,
): Promise<void> {
  if (!journal) throw new Error('verify needs a journal: drl-tui verify <journal.jsonl> [--model <dir>]');
  const result = await verifyJournal(journal, { modelDir: modelDir ?? null });
  out(formatVerify(result, basename(journal)));
  if (result.status === 'diverged') process.exitCode = 1;
}
