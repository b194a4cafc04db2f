import { htmlPathFor, writeReportHtml } from '../engine/report/html/reportHtml.js';
import { loadReportInput } from '../engine/report/html/reportInput.js';
import { err, out } from './output.js';

/**
 * `drl-tui report <report.json | journal.jsonl> [--out file.html]`: the self-contained HTML report
 * (charts as inline SVG, no network) from a `--json` report, a session report, or a journal.
 */
export async function reportCommand(inputs: readonly string[], outPath: string | undefined): Promise<void> {
  if (inputs.length !== 1) {
    throw new Error(
      'report needs exactly one file: drl-tui report <report.json | journal.jsonl> [--out file.html]',
    );
  }
  const input = inputs[0]!;
  const t0 = performance.now();
  const loaded = loadReportInput(input);
  for (const w of loaded.warnings) err(`drl-tui: ${w}`);
  const path = outPath ?? htmlPathFor(input.replace(/\.jsonl$/i, '.json'));
  const written = await writeReportHtml(path, loaded.report, {
    source: loaded.kind === 'journal' ? `journal ${input}` : input,
    ...(loaded.kind === 'journal' ? { mode: 'rebuilt from journal' } : {}),
  });
  for (const w of written.warnings) err(`drl-tui: chart: ${w}`);
  const kb = (written.bytes / 1024).toFixed(0);
  out(`HTML report written to ${written.path} (${kb} KB, ${(performance.now() - t0).toFixed(0)} ms)`);
}
