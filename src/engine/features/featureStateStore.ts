import { printable } from '../core/printable.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../core/atomicWrite.js';
import type { FeatureParams } from '../core/types.js';
import { FeatureEngine } from './featureEngine.js';
import type { FeatureEngineState } from './featureState.js';

/** What `state/indicators_<SYMBOL>.json` holds: the engine state plus what it was computed from. */
export interface FeatureStateFile {
  readonly symbol: string;
  /** openTime (epoch ms) of the last bar the engine consumed; the caller resumes after it. */
  readonly lastOpenTime: number;
  readonly engine: FeatureEngineState;
}

export type LoadedFeatureState = { engine: FeatureEngine; lastOpenTime: number } | { warning: string };

export function featureStatePath(stateDir: string, symbol: string): string {
  return join(stateDir, `indicators_${symbol.toUpperCase()}.json`);
}

/** Written atomically (temp + fsync + rename): a crash leaves the old file or the new one. */
export function saveFeatureState(
  path: string,
  engine: FeatureEngine,
  meta: { symbol: string; lastOpenTime: number },
): void {
  const file: FeatureStateFile = {
    symbol: meta.symbol,
    lastOpenTime: meta.lastOpenTime,
    engine: engine.toState(),
  };
  writeFileAtomic(path, `${JSON.stringify(file)}\n`);
}

/**
 * Never throws. Anything but a clean, matching file gives a one-line warning and the caller starts
 * a fresh warm-up — features from mismatched parameters would be silently wrong, which is worse.
 */
export function loadFeatureState(path: string, params: FeatureParams, symbol: string): LoadedFeatureState {
  const warn = (why: string): LoadedFeatureState => ({
    warning: `feature state ${path}: ${why}; starting a fresh warm-up`,
  });
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { warning: `no saved state at ${path}; starting a fresh warm-up` };
    return warn(`cannot read (${code ?? oneLine(err)})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return warn(`corrupt JSON (${oneLine(err)})`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return warn('not a JSON object');
  const o = json as Record<string, unknown>;
  if (o.symbol !== symbol) return warn(`saved for symbol ${JSON.stringify(o.symbol)}, not ${symbol}`);
  const t = o.lastOpenTime;
  if (typeof t !== 'number' || !Number.isSafeInteger(t) || t < 0)
    return warn('lastOpenTime is not an epoch-ms time');
  try {
    const parsed = FeatureEngine.fromState(o.engine, params);
    if (!parsed.ok) return warn(parsed.error.replace(/^feature state: /, ''));
    return { engine: parsed.value, lastOpenTime: t };
  } catch (err) {
    // fromState validates before constructing; this only guards the "never throws" promise.
    return warn(oneLine(err));
  }
}

function oneLine(err: unknown): string {
  const msg = printable(err instanceof Error ? err.message : String(err), 200);
  return msg.split('\n')[0] ?? msg;
}
