import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/engine/core/clock.js';
import { DEFAULT_FEATURE_PARAMS } from '../../src/engine/core/types.js';
import { captureEngineState, parseEngineState, restoreParts } from '../../src/engine/enginePersistence.js';
import type { EngineStateFile, StateMeta } from '../../src/engine/enginePersistence.js';
import { EngineStateStore } from '../../src/engine/engineStateStore.js';
import { FeatureEngine } from '../../src/engine/features/featureEngine.js';
import { loadFeatureState, saveFeatureState } from '../../src/engine/features/featureStateStore.js';
import { ruleSession } from '../support/ruleSession.js';
import { RUNS, damagedText, expectOneLineError, snapshot, tempFolder } from './support.js';

const dir = tempFolder('state');
const zip = readFileSync(join(import.meta.dirname, '../../data/ETHUSDT-1m-2024-03-29.zip'));
const ROWS = new TextDecoder()
  .decode(Object.values(unzipSync(new Uint8Array(zip)))[0]!)
  .split('\n')
  .filter((l) => l.length > 0)
  .slice(0, 400)
  .map((l) => l.split(',').slice(0, 6).map(Number) as [number, number, number, number, number, number]);

// Real state: the feature engine and a whole paper engine after 400 real minutes.
const features = new FeatureEngine(DEFAULT_FEATURE_PARAMS);
for (const [, , , , c, v] of ROWS) features.update(c, v, 0);
const FEATURE_FILE = join(dir, 'indicators_ETHUSDT.json');
saveFeatureState(FEATURE_FILE, features, { symbol: 'ETHUSDT', lastOpenTime: ROWS.at(-1)![0] });
const FEATURE_TEXT = readFileSync(FEATURE_FILE, 'utf8');

const clock = new ManualClock(0);
const session = await ruleSession(clock, { mode: 'PAPER', sessionId: 'fuzz-session' });
for (const [t, o, h, l, c, v] of ROWS) {
  clock.set(t + 60_000);
  session.engine.processBarSync(t, o, h, l, c, v);
}
const META: StateMeta = {
  symbol: 'ETHUSDT',
  venue: 'paper',
  market: 'spot',
  sessionId: 'fuzz-session',
  journalPath: join(dir, 'fuzz-session.jsonl'),
  strategy: 'ensemble',
  modelSha256: null,
};
const STATE: EngineStateFile = captureEngineState(session.engine, META, null, clock.now(), 7);
const STATE_TEXT = JSON.stringify(STATE);
const EXPECT = { symbol: 'ETHUSDT', venue: 'paper', market: 'spot' } as const;

/** A real state object with one field, anywhere two levels down, replaced by any JSON value. */
function mutated(base: unknown): fc.Arbitrary<string> {
  const paths: string[][] = [];
  const walk = (v: unknown, path: string[]): void => {
    paths.push(path);
    if (path.length < 3 && typeof v === 'object' && v !== null)
      for (const [k, x] of Object.entries(v)) walk(x, [...path, k]);
  };
  walk(base, []);
  return fc
    .tuple(fc.constantFrom(...paths.filter((p) => p.length > 0)), fc.jsonValue())
    .map(([path, value]) => {
      const copy = JSON.parse(JSON.stringify(base)) as Record<string, unknown>;
      let o = copy;
      for (const k of path.slice(0, -1)) o = o[k] as Record<string, unknown>;
      o[path.at(-1)!] = value;
      return JSON.stringify(copy);
    });
}

const anyText = (real: string, base: unknown): fc.Arbitrary<string> =>
  fc.oneof(
    fc.string({ maxLength: 200 }),
    fc.jsonValue().map((v) => JSON.stringify(v)),
    damagedText(real),
    mutated(base),
  );

let k = 0;

describe('feature state JSON under fuzzing (state/indicators_<SYMBOL>.json)', () => {
  it('returns a working engine or a one-line warning, and leaves the file as it was', () => {
    fc.assert(
      fc.property(anyText(FEATURE_TEXT, JSON.parse(FEATURE_TEXT)), (text) => {
        const path = join(dir, `f${k++}.json`);
        writeFileSync(path, text);
        const before = snapshot(path);
        const r = loadFeatureState(path, DEFAULT_FEATURE_PARAMS, 'ETHUSDT');
        expect(snapshot(path), 'a load never writes').toEqual(before);
        if ('warning' in r) {
          expect(r.warning).not.toMatch(/\n/);
          return;
        }
        // Whatever it accepted must trade on finite numbers: one more real bar, every value finite.
        r.engine.update(3561.2, 120.5, 0);
        for (const v of r.engine.values) expect(Number.isFinite(v), `feature value ${v}`).toBe(true);
      }),
      RUNS,
    );
  });

  it('returns the saved engine from the untouched file (the harness reads real state)', () => {
    const r = loadFeatureState(FEATURE_FILE, DEFAULT_FEATURE_PARAMS, 'ETHUSDT');
    expect('engine' in r && Array.from(r.engine.values)).toEqual(Array.from(features.values));
  });
});

describe('engine state files under fuzzing (state/engine_<SYMBOL>_<venue>.json + .commits)', () => {
  it('returns a state, a one-line warning or nothing, and leaves both files as they were', () => {
    fc.assert(
      fc.property(
        anyText(STATE_TEXT, STATE),
        fc.option(anyText(STATE_TEXT, STATE), { nil: null }),
        (main, commit) => {
          const path = join(dir, `engine_${k++}.json`);
          writeFileSync(path, main);
          const store = new EngineStateStore(path);
          if (commit !== null) writeFileSync(store.commitsPath, `${JSON.stringify(STATE)}\n${commit}\n`);
          const before = snapshot(path);
          const commitsBefore = existsSync(store.commitsPath) ? snapshot(store.commitsPath) : null;
          let r: ReturnType<EngineStateStore['load']>;
          try {
            r = store.load(EXPECT);
          } catch (e) {
            throw new Error(`EngineStateStore.load threw: ${String(e)}`);
          }
          expect(snapshot(path)).toEqual(before);
          if (commitsBefore) expect(snapshot(store.commitsPath)).toEqual(commitsBefore);
          if (r !== null && 'warning' in r) expect(r.warning).not.toMatch(/\n/);
          if (r !== null && 'state' in r) {
            // Its parts are checked again when rebuilt: a one-line Error, never a crash.
            try {
              restoreParts(r.state)({ featureParams: DEFAULT_FEATURE_PARAMS, riskLimits: {} });
            } catch (e) {
              expectOneLineError(e, 'restoreParts');
            }
          }
        },
      ),
      RUNS,
    );
  });

  it('returns the saved state from an untouched checkpoint (the harness reads real state)', () => {
    const path = join(dir, 'engine_real.json');
    writeFileSync(path, STATE_TEXT);
    const r = new EngineStateStore(path).load(EXPECT);
    expect(r !== null && 'state' in r && r.state.seq).toBe(7);
    expect(parseEngineState(STATE_TEXT, path, EXPECT)).toHaveProperty('state');
  });
});
