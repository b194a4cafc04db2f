import { findBar, parseAt } from '../engine/verify/findBar.js';
import { formatExplain } from '../engine/verify/formatExplain.js';
import { out } from './output.js';

/** `drl-tui explain <journal> --at <ISO time | epoch ms | bar index>`: why the agent did what it did. */
export function explainCommand(journal: string | undefined, at: string | undefined): void {
  if (!journal) throw new Error('explain needs a journal: drl-tui explain <journal.jsonl> --at <time|bar>');
  const sel = parseAt(at);
  if (!sel.ok) throw new Error(sel.error);
  out(formatExplain(findBar(journal, sel.value)));
}
