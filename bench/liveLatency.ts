/**
 * The live latency bench in a process of its own, as a live session runs: the other benches leave
 * a heap of replay garbage behind whose collection would land on the order path and be measured
 * as ours. Prints one JSON line: the latency figures and how often this machine itself paused.
 */
import { performance } from 'node:perf_hooks';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { benchLiveLatency } from '../test/liveEngine/liveLatencyBench.js';
import type { LiveLatencyBench } from '../test/liveEngine/liveLatencyBench.js';

export interface HostPauses {
  readonly seconds: number;
  /** Gaps over 1 ms between two readings of the clock in a loop that does nothing else. */
  readonly over1Ms: number;
  readonly longestMs: number;
}

export interface LiveLatencyRun extends LiveLatencyBench {
  /** Measured just before the latency run: pauses no code of ours can cause or avoid. */
  readonly host: HostPauses;
  /** CPU time the hypervisor took from this machine during the run (Linux "steal"), or null. */
  readonly stealMs: number | null;
}

/** The machine's total steal time so far in ms (/proc/stat, 100 ticks a second), or null off Linux. */
export function stealMs(): number | null {
  try {
    const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/);
    const ticks = Number(cpu[8]);
    return Number.isFinite(ticks) ? ticks * 10 : null;
  } catch {
    return null;
  }
}

/** A busy loop reading the clock: every long gap is time the machine gave to something else. */
export function hostPauses(seconds: number): HostPauses {
  const end = performance.now() + seconds * 1000;
  let last = performance.now();
  let over1Ms = 0;
  let longestMs = 0;
  while (last < end) {
    const now = performance.now();
    const gap = now - last;
    if (gap > 1) over1Ms++;
    if (gap > longestMs) longestMs = gap;
    last = now;
  }
  return { seconds, over1Ms, longestMs };
}

/** Runs this file in a fresh node process and returns what it printed, or null when it failed. */
export function benchLiveLatencyProcess(bars: number): LiveLatencyRun | null {
  const res = spawnSync(
    process.execPath,
    ['--import', 'tsx', resolve(import.meta.dirname, 'liveLatency.ts')],
    {
      encoding: 'utf8',
      env: { ...process.env, NODE_ENV: 'production', DRL_TUI_LATENCY_BARS: String(bars) },
    },
  );
  const line = res.stdout.trim().split('\n').at(-1);
  if (res.status !== 0 || !line) {
    process.stderr.write(`live latency bench failed: ${res.stderr.trim().split('\n')[0] ?? res.status}\n`);
    return null;
  }
  return JSON.parse(line) as LiveLatencyRun;
}

if (process.argv[1] === import.meta.filename) {
  const host = hostPauses(3);
  const steal0 = stealMs();
  const r = await benchLiveLatency({ bars: Number(process.env.DRL_TUI_LATENCY_BARS ?? 1000) });
  const steal1 = stealMs();
  const steal = steal0 === null || steal1 === null ? null : steal1 - steal0;
  process.stdout.write(`${JSON.stringify({ ...r, host, stealMs: steal })}\n`);
}
