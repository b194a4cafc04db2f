import { join } from 'node:path';
import type { Session } from './session.js';
import { reportOfSession } from './reportOfSession.js';
import type { DataQuality } from './data/types.js';
import { emptyQuality } from './data/types.js';
import { writeSessionReport } from './journal/sessionReport.js';
import type { SessionReport } from './journal/sessionReport.js';
import type { SecretRegistry } from './journal/secretRegistry.js';
import { writeReportHtml } from './report/html/reportHtml.js';
import type { Parsed } from './core/types.js';

/**
 * Build the session report from the engine's accumulators and write `<dir>/<id>.log|.json`, then
 * start writing `<dir>/<id>.html`. The charts render asynchronously: `html` settles with the page's
 * path (or a one-line reason it could not be written); await it before the process exits.
 */
export function finishSession(
  session: Session,
  o: {
    readonly sessionId: string;
    readonly reportsDir: string;
    readonly startedAt: number;
    readonly endedAt: number;
    readonly dataQuality?: DataQuality;
    readonly secrets?: SecretRegistry;
  },
): {
  logPath: string;
  jsonPath: string;
  htmlPath: string;
  html: Promise<Parsed<string>>;
  report: SessionReport;
} {
  const e = session.engine;
  const p = e.parts;
  p.journal?.close();
  const base = reportOfSession(session, o.dataQuality ?? emptyQuality());

  const report: SessionReport = {
    ...base,
    session: {
      id: o.sessionId,
      mode: p.mode,
      startedAt: new Date(o.startedAt).toISOString(),
      endedAt: new Date(o.endedAt).toISOString(),
      durationMs: Math.max(0, o.endedAt - o.startedAt),
      modelSha256: session.model?.sha256 ?? null,
      reconnects: e.reconnects,
      ordersByStatus: { planned: e.orderStatus.submitted, ...e.orderStatus },
    },
  };
  const paths = writeSessionReport(o.reportsDir, o.sessionId, report, e.tradedDecisions, {
    tradedTotal: e.tradedDecisionCount,
    ...(o.secrets ? { secrets: o.secrets } : {}),
  });
  const htmlPath = join(o.reportsDir, `${o.sessionId}.html`);
  const secrets = o.secrets;
  const html = writeReportHtml(htmlPath, report, {
    source: paths.jsonPath,
    ...(secrets ? { redact: (t: string) => secrets.redact(t) } : {}),
  }).then(
    (w): Parsed<string> => ({ ok: true, value: w.path }),
    (e: unknown): Parsed<string> => ({
      ok: false,
      error: `HTML report not written: ${e instanceof Error ? e.message : String(e)}`,
    }),
  );
  return { ...paths, htmlPath, html, report };
}
