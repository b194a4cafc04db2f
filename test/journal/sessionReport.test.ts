import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/engine/core/clock.js';
import { SecretRegistry } from '../../src/engine/journal/secretRegistry.js';
import type { SessionReport } from '../../src/engine/journal/sessionReport.js';
import {
  emptyOrderStatusCounts,
  newSessionId,
  writeSessionReport,
} from '../../src/engine/journal/sessionReport.js';
import { formatReport } from '../../src/engine/report/backtestReport.js';
import { sampleReport } from '../report/sampleReport.js';
import { useTmpDir } from './tmpDir.js';

const tmp = useTmpDir();

function sessionReport(): SessionReport {
  const base = sampleReport();
  const ordersByStatus = emptyOrderStatusCounts();
  ordersByStatus.filled = 2;
  ordersByStatus.rejected = 1;
  ordersByStatus.skipped = 9;
  return {
    ...base,
    session: {
      id: '20240101-001000-ETHUSDT',
      mode: 'REPLAY',
      startedAt: '2024-01-01T00:00:00.000Z',
      endedAt: '2024-01-01T00:10:00.000Z',
      durationMs: 600_000,
      modelSha256: base.meta.model?.sha256 ?? null,
      reconnects: 1,
      ordersByStatus,
    },
  };
}

describe('newSessionId', () => {
  it('returns <UTC yyyymmdd>-<hhmmss>-<SYMBOL> from the engine clock', () => {
    const clock = new ManualClock(Date.UTC(2026, 10, 21, 23, 9, 45, 999));
    expect(newSessionId(clock, 'ETHUSDT')).toBe('20261121-230945-ETHUSDT');
    expect(newSessionId(clock, 'eth/usdt')).toBe('20261121-230945-ETHUSDT');
    expect(newSessionId(clock, 'ETHUSDT'), 'deterministic').toBe(newSessionId(clock, 'ETHUSDT'));
  });
});

describe('writeSessionReport', () => {
  it('returns a .log that gives the total of traded decisions when only the newest are listed', () => {
    const report = sessionReport();
    const { logPath } = writeSessionReport(tmp(), report.session.id, report, ['a BUY', 'b SELL'], {
      tradedTotal: 5_432,
    });
    const log = readFileSync(logPath, 'utf8');
    expect(log).toContain('Decisions that traded (5,432)');
    expect(log).toContain('(the newest 2 below; the journal has every one)');
  });

  it('returns the paths of a .json that parses back to the report and a .log with decisions, rejects and the summary', () => {
    const dir = join(tmp(), 'reports');
    const report = sessionReport();
    const decisions = ['2024-01-01T00:01:00Z BUY 2 @ 2283.96 target +0.46 (drl long, macd long)'];
    const { logPath, jsonPath } = writeSessionReport(dir, report.session.id, report, decisions, {
      rejects: ['-2010 Account has insufficient balance for requested action. (id s1-b7-0)'],
    });
    expect(logPath).toBe(join(dir, '20240101-001000-ETHUSDT.log'));
    expect(jsonPath).toBe(join(dir, '20240101-001000-ETHUSDT.json'));
    expect(JSON.parse(readFileSync(jsonPath, 'utf8'))).toEqual(report);
    const log = readFileSync(logPath, 'utf8');
    expect(log).toContain('Decisions that traded (1)');
    expect(log).toContain(decisions[0]);
    expect(log).toContain('Rejected orders (1)');
    expect(log).toContain(
      'orders by status: planned 0, submitted 0, filled 2, rejected 1, unknown 0, skipped 9',
    );
    expect(log).toContain('feed reconnects 1');
    expect(log).toContain(formatReport(report));
    expect(readdirSync(dir).sort(), 'no temp files left behind').toEqual([
      '20240101-001000-ETHUSDT.json',
      '20240101-001000-ETHUSDT.log',
    ]);
  });

  it('returns files with no secret in them when a decision or param carries one', () => {
    const dir = tmp();
    const secret = 'sk-lmstudio-0123456789abcdef';
    const secrets = new SecretRegistry();
    secrets.register(secret);
    const base = sessionReport();
    const report: SessionReport = { ...base, meta: { ...base.meta, params: { llmKey: secret } } };
    const { logPath, jsonPath } = writeSessionReport(dir, 'leak-test', report, [`decision with ${secret}`], {
      secrets,
      rejects: [`reject echoing ${secret}`],
    });
    for (const p of [logPath, jsonPath]) {
      const text = readFileSync(p, 'utf8');
      expect(text, p).not.toContain(secret);
      expect(text, p).toContain('***');
      expect(statSync(p).size).toBeGreaterThan(0);
    }
  });

  it('throws a one-line error for a session id that could leave the reports folder', () => {
    expect(() => writeSessionReport(tmp(), '../evil', sessionReport(), [])).toThrow(/bad session id/);
    expect(() => writeSessionReport(tmp(), '', sessionReport(), [])).toThrow(/bad session id/);
  });
});
