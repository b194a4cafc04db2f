import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_FEATURE_PARAMS } from '../../src/engine/core/types.js';
import type { FeatureParams } from '../../src/engine/core/types.js';
import { FeatureEngine } from '../../src/engine/features/featureEngine.js';
import {
  featureStatePath,
  loadFeatureState,
  saveFeatureState,
} from '../../src/engine/features/featureStateStore.js';
import { FIXTURE_ZIP, readKlineZips } from './realCandles.js';

const bars = readKlineZips([FIXTURE_ZIP]);
const dir = mkdtempSync(join(tmpdir(), 'drl-features-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sentimentAt = (t: number): number => Math.sin(t / 97) / 3; // varied, so a lost value would show

function feed(e: FeatureEngine, from: number, to: number, out?: Float64Array[]): void {
  for (let t = from; t < to; t++) {
    const v = e.update(bars.close[t]!, bars.volume[t]!, sentimentAt(t));
    out?.push(Float64Array.from(v));
  }
}

function expectBitForBit(got: Float64Array[], want: Float64Array[]): void {
  expect(got.length).toBe(want.length);
  const diffs: string[] = [];
  got.forEach((row, t) => row.forEach((x, i) => Object.is(x, want[t]![i]) || diffs.push(`bar ${t} #${i}`)));
  expect(diffs.slice(0, 5), 'a restored engine continues bit for bit').toEqual([]);
}

describe('FeatureEngine state', () => {
  for (const [label, params] of [
    ['default params', DEFAULT_FEATURE_PARAMS],
    ['separate Bollinger window, sample std', { ...DEFAULT_FEATURE_PARAMS, bbPeriod: 26, stdDdof: 1 }],
  ] as [string, FeatureParams][]) {
    it(`returns the same values after save + load as in one go (${label})`, () => {
      // 700 bars crosses several re-anchor points (every 256/480 pushes) on both sides of the save.
      const N = 700;
      const whole = new FeatureEngine(params);
      const wantRows: Float64Array[] = [];
      feed(whole, 0, bars.length, wantRows);

      const first = new FeatureEngine(params);
      feed(first, 0, N);
      const path = featureStatePath(dir, `rt${params.bbPeriod}`);
      saveFeatureState(path, first, { symbol: 'ETHUSDT', lastOpenTime: bars.openTime[N - 1]! });
      const loaded = loadFeatureState(path, params, 'ETHUSDT');
      if ('warning' in loaded) throw new Error(loaded.warning);
      expect(loaded.lastOpenTime).toBe(bars.openTime[N - 1]);
      expect(Array.from(loaded.engine.values), 'values readable right after load').toEqual(
        Array.from(first.values),
      );
      expect(loaded.engine.count).toBe(N);
      expect(loaded.engine.lastClose).toBe(bars.close[N - 1]);

      const gotRows: Float64Array[] = [];
      feed(loaded.engine, N, bars.length, gotRows);
      expectBitForBit(gotRows, wantRows.slice(N));
      expect(loaded.engine.toState(), 'the whole state matches too').toEqual(whole.toState());
    });
  }

  it('returns plain JSON with only finite numbers', () => {
    const e = new FeatureEngine();
    feed(e, 0, 10);
    const state = e.toState();
    const text = JSON.stringify(state);
    expect(JSON.parse(text), 'JSON round-trips the state exactly').toEqual(state);
    // NaN and ±Infinity would be written as null; the only null is the shared Bollinger window.
    expect(text.match(/null/g), 'no NaN/Infinity turned into null').toEqual(['null']);
    expect(state.windows.bb).toBeNull();
    const fresh = JSON.stringify(new FeatureEngine().toState());
    expect(fresh, 'a fresh engine saves too').not.toMatch(/NaN|Infinity/);
  });

  it('returns the default path state/indicators_<SYMBOL>.json', () => {
    expect(featureStatePath('state', 'ethusdt')).toBe(join('state', 'indicators_ETHUSDT.json'));
  });
});

describe('loadFeatureState warnings', () => {
  const params = DEFAULT_FEATURE_PARAMS;
  const good = new FeatureEngine(params);
  feed(good, 0, 100);
  const goodPath = join(dir, 'good.json');
  saveFeatureState(goodPath, good, { symbol: 'ETHUSDT', lastOpenTime: bars.openTime[99]! });
  const goodFile = JSON.parse(readFileSync(goodPath, 'utf8')) as Record<string, unknown>;

  /** Write a variant of the good file (edited through `edit`) and load it. */
  function loadEdited(
    edit: (f: Record<string, unknown>, eng: Record<string, unknown>) => void,
    p = params,
  ): string {
    const f = structuredClone(goodFile);
    edit(f, f.engine as Record<string, unknown>);
    const path = join(dir, 'edited.json');
    writeFileSync(path, JSON.stringify(f));
    const r = loadFeatureState(path, p, 'ETHUSDT');
    return 'warning' in r ? r.warning : 'loaded';
  }

  const cases: [string, (f: Record<string, unknown>, e: Record<string, unknown>) => void, RegExp][] = [
    ['wrong version', (_f, e) => (e.version = 2), /version 2, expected 1/],
    ['another symbol', (f) => (f.symbol = 'BTCUSDT'), /symbol "BTCUSDT"/],
    [
      'params mismatch',
      (_f, e) => ((e.params as Record<string, unknown>).zWindow = 30),
      /params differ.*zWindow 30 vs 60/,
    ],
    ['short values', (_f, e) => (e.values as number[]).pop(), /values must hold 13/],
    ['null in values (a NaN that JSON wrote)', (_f, e) => ((e.values as unknown[])[3] = null), /values\[3\]/],
    ['short ring buffer', (_f, e) => wins(e).ma.buf.pop(), /windows\.ma\.buf must hold 20/],
    ['non-finite sum', (_f, e) => (wins(e).z.sum = 'Infinity'), /windows\.z\.sum is not a finite/],
    [
      'edited buffer',
      (_f, e) => (wins(e).ma.buf[4] = wins(e).ma.buf[4]! + 50),
      /windows\.ma sums do not match/,
    ],
    ['head out of range', (_f, e) => (wins(e).z.head = 60), /out of range/],
    ['count inconsistent with the windows', (_f, e) => (e.count = 5), /filled disagrees with count/],
    ['bad lastOpenTime', (f) => (f.lastOpenTime = -1), /lastOpenTime/],
    ['engine missing', (f) => delete f.engine, /not a JSON object/],
  ];
  for (const [what, edit, re] of cases) {
    it(`returns a one-line warning for ${what}`, () => {
      const w = loadEdited(edit);
      expect(w).toMatch(re);
      expect(w).toMatch(/starting a fresh warm-up$/);
      expect(w.includes('\n'), 'one line').toBe(false);
    });
  }

  it('returns the good file loaded when nothing is edited (the cases above are real edits)', () => {
    expect(loadEdited(() => undefined)).toBe('loaded');
  });

  it('returns a warning, not an exception, for a missing, corrupt, truncated or non-object file', () => {
    expect(loadFeatureState(join(dir, 'nope.json'), params, 'ETHUSDT')).toEqual({
      warning: `no saved state at ${join(dir, 'nope.json')}; starting a fresh warm-up`,
    });
    const text = readFileSync(goodPath, 'utf8');
    for (const [name, body, re] of [
      ['corrupt.json', '{"symbol": "ETH', /corrupt JSON/],
      ['torn.json', text.slice(0, text.length / 2), /corrupt JSON/],
      ['array.json', '[1,2,3]', /not a JSON object/],
      ['empty.json', '', /corrupt JSON/],
    ] as const) {
      const p = join(dir, name);
      writeFileSync(p, body);
      const r = loadFeatureState(p, params, 'ETHUSDT');
      expect('warning' in r && r.warning, name).toMatch(re);
    }
    const r = loadFeatureState(dir, params, 'ETHUSDT');
    expect('warning' in r && r.warning, 'a directory is not a state file').toMatch(/cannot read \(EISDIR\)/);
  });

  it('returns a warning when the requested params themselves are invalid', () => {
    const w = loadEdited(() => undefined, { ...params, rsiPeriod: 0 });
    expect(w).toMatch(/requested params: rsiPeriod/);
  });
});

interface W {
  buf: number[];
  sum: unknown;
  head: number;
}
function wins(e: Record<string, unknown>): { ma: W; z: W } {
  return e.windows as { ma: W; z: W };
}
