import { join } from 'node:path';
import { writeFileAtomic } from '../core/atomicWrite.js';
import type { Snapshot } from '../core/snapshot.js';
import type { Clock, OrderStatus } from '../core/types.js';
import type { BacktestReport } from '../report/backtestReport.js';
import { formatReport } from '../report/backtestReport.js';
import { count, duration } from '../report/format.js';
import { SecretRegistry } from './secretRegistry.js';

export type SessionMode = Snapshot['mode'];

export const ORDER_STATUSES = [
  'planned',
  'submitted',
  'filled',
  'rejected',
  'unknown',
  'skipped',
] as const satisfies readonly OrderStatus[];

type Missing = Exclude<OrderStatus, (typeof ORDER_STATUSES)[number]>;
const _allStatusesListed: [Missing] extends [never] ? true : Missing = true;
void _allStatusesListed;

export function emptyOrderStatusCounts(): Record<OrderStatus, number> {
  const out = {} as Record<OrderStatus, number>;
  for (const s of ORDER_STATUSES) out[s] = 0;
  return out;
}

export interface SessionInfo {
  readonly id: string;
  readonly mode: SessionMode;
  /** ISO times from the engine clock (bar time in replay/backtest, wall time live). */
  readonly startedAt: string;
  readonly endedAt: string;
  readonly durationMs: number;
  readonly modelSha256: string | null;
  readonly reconnects: number;
  readonly ordersByStatus: Readonly<Record<OrderStatus, number>>;
}

/** What `reports/<session>.json` holds: the run report plus how the session went. */
export interface SessionReport extends BacktestReport {
  readonly session: SessionInfo;
}

export interface SessionReportOptions {
  /** One line per rejected order (code, message, client order id), for the .log. */
  readonly rejects?: readonly string[];
  /** Everything written passes through it. */
  readonly secrets?: SecretRegistry;
  /** How many decisions traded in all, when `tradedDecisions` holds only the newest of them. */
  readonly tradedTotal?: number;
}

const SESSION_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/**
 * `20261121-230945-ETHUSDT`: the engine clock's UTC time to the second, then the symbol. The same
 * time and symbol give the same id; two sessions started in the same second share it, and the later
 * report replaces the earlier (the journal, appended, keeps both).
 */
export function newSessionId(clock: Clock, symbol: string): string {
  const d = new Date(clock.now());
  const p = (n: number): string => String(n).padStart(2, '0');
  const date = `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}`;
  const time = `${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}`;
  const sym = symbol.toUpperCase().replace(/[^A-Z0-9]/g, '');
  return `${date}-${time}-${sym || 'UNKNOWN'}`;
}

/** The human-readable session log: session facts, every decision that traded, rejects, then the report. */
export function formatSessionLog(
  report: SessionReport,
  tradedDecisions: readonly string[],
  rejects: readonly string[] = [],
  tradedTotal = tradedDecisions.length,
): string {
  const s = report.session;
  const statuses = ORDER_STATUSES.map((k) => `${k} ${count(s.ordersByStatus[k])}`).join(', ');
  const lines = [
    `Session ${s.id}`,
    `  mode ${s.mode}, ${s.startedAt} -> ${s.endedAt} (${duration(s.durationMs)})`,
    `  model sha256 ${s.modelSha256 ?? 'none'}, feed reconnects ${count(s.reconnects)}`,
    `  orders by status: ${statuses}`,
    '',
    `Decisions that traded (${count(tradedTotal)})`,
    ...(tradedTotal > tradedDecisions.length
      ? [`  (the newest ${count(tradedDecisions.length)} below; the journal has every one)`]
      : []),
    ...(tradedDecisions.length > 0 ? tradedDecisions.map((d) => `  ${d}`) : ['  none']),
    '',
    `Rejected orders (${count(rejects.length)})`,
    ...(rejects.length > 0 ? rejects.map((d) => `  ${d}`) : ['  none']),
    '',
    formatReport(report),
  ];
  return lines.join('\n');
}

/**
 * Write `<dir>/<sessionId>.log` and `<dir>/<sessionId>.json` atomically (temp file + rename), each
 * passed through the secret registry. The id is checked so it cannot name a path outside `dir`.
 */
export function writeSessionReport(
  dir: string,
  sessionId: string,
  report: SessionReport,
  tradedDecisions: readonly string[],
  opts: SessionReportOptions = {},
): { logPath: string; jsonPath: string } {
  if (!SESSION_ID.test(sessionId))
    throw new Error(`bad session id "${sessionId}": use letters, digits, '.', '_' or '-'`);
  const secrets = opts.secrets ?? new SecretRegistry();
  const logPath = join(dir, `${sessionId}.log`);
  const jsonPath = join(dir, `${sessionId}.json`);
  const json = JSON.stringify(
    report,
    (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v),
    2,
  );
  writeFileAtomic(jsonPath, `${secrets.redact(json)}\n`);
  writeFileAtomic(
    logPath,
    `${secrets.redact(formatSessionLog(report, tradedDecisions, opts.rejects, opts.tradedTotal))}\n`,
  );
  return { logPath, jsonPath };
}
