import { join } from 'node:path';
import { writeFileAtomic } from './core/atomicWrite.js';
import type { SecretRegistry } from './journal/secretRegistry.js';
import { buildCombinedReport, formatCombinedReport } from './multi/combinedReport.js';
import type { BacktestReport } from './report/backtestReport.js';
import type { SymbolSet } from './symbolSet.js';

/** `<date>-<time>-ETHUSDT-BTCUSDT`: the account's report name beside its symbols' `<date>-<time>-<SYMBOL>`. */
export function accountSessionId(firstSymbolId: string, symbols: readonly string[]): string {
  return `${firstSymbolId.replace(/-[A-Z0-9]+$/, '')}-${symbols.join('-')}`;
}

/**
 * The shared account's report at the end of a several-symbol session: the combined report (every
 * metric on the summed equity, counters summed) as `<id>.log` and `<id>.json`. Each symbol's own
 * session report is written by finishSession as for a single symbol.
 */
export function writeAccountReport(
  set: SymbolSet,
  reports: readonly BacktestReport[],
  o: { readonly reportsDir: string; readonly id: string; readonly secrets?: SecretRegistry },
): { readonly logPath: string; readonly jsonPath: string } {
  set.finish();
  const combined = buildCombinedReport({ account: set.account, reports });
  const redact = (t: string): string => (o.secrets ? o.secrets.redact(t) : t);
  const jsonPath = join(o.reportsDir, `${o.id}.json`);
  const logPath = join(o.reportsDir, `${o.id}.log`);
  const json = JSON.stringify(combined, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2); // prettier-ignore
  writeFileAtomic(jsonPath, `${redact(json)}\n`);
  writeFileAtomic(logPath, `${redact(formatCombinedReport(combined))}\n`);
  return { logPath, jsonPath };
}
