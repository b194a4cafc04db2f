import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { ManualClock } from '../src/engine/core/clock.js';
import { ruleSession } from '../test/support/ruleSession.js';
import type { Bars } from './common.js';
import { BENCH_DATA, ROOT, cpuSeconds } from './common.js';

/**
 * One round of the full decision pipeline (features → agents → ensemble → risk → planner → paper
 * fills → metrics) on preloaded bars, in a new session: bars per CPU-second.
 */
export async function pipelineRound(b: Bars, strategy: string, modelDir: string | null): Promise<number> {
  const clock = new ManualClock(0);
  const { engine } = await ruleSession(clock, { mode: 'BACKTEST', sessionId: 'bench', strategy, modelDir });
  const t0 = process.cpuUsage();
  const chunk = { ...b, length: b.n };
  for (let i = 0; i < b.n; i++) {
    clock.set(b.openTime[i]! + 60_000);
    engine.processBarAt(chunk, i);
  }
  // The run's fingerprint is part of the run: fills still queued for hashing are hashed in time.
  engine.parts.fingerprint.digest();
  return b.n / cpuSeconds(t0);
}

export interface ProcessRun {
  readonly wallSeconds: number;
  readonly peakRssMb: number;
  readonly ok: boolean;
}

/** The whole `drl-tui backtest` process, start-up and zip reading included (wall time and peak RSS via /usr/bin/time). */
export function benchBacktestProcess(strategy: string, extra: readonly string[] = []): ProcessRun | null {
  const bin = resolve(ROOT, 'bin/drl-tui.js');
  if (!existsSync('/usr/bin/time') || !existsSync(resolve(ROOT, 'dist/cli.js'))) return null;
  let best: ProcessRun | null = null;
  for (let r = 0; r < 3; r++) {
    const res = spawnSync(
      '/usr/bin/time',
      [
        '-f',
        'BENCH %e %M',
        process.execPath,
        bin,
        'backtest',
        '--data',
        BENCH_DATA,
        '--strategy',
        strategy,
        ...extra,
      ],
      { encoding: 'utf8', cwd: ROOT },
    );
    const m = /BENCH ([\d.]+) (\d+)/.exec(res.stderr);
    if (!m) return { wallSeconds: NaN, peakRssMb: NaN, ok: false };
    const run = { wallSeconds: Number(m[1]), peakRssMb: Number(m[2]) / 1024, ok: res.status === 0 };
    if (!best || run.wallSeconds < best.wallSeconds) best = run;
  }
  return best;
}
