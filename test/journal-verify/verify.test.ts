import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/engine/core/clock.js';
import { MARKET_FEATURES } from '../../src/engine/core/types.js';
import { openCandles } from '../../src/engine/data/openCandles.js';
import { runReplay } from '../../src/engine/replay.js';
import { ruleSession } from '../support/ruleSession.js';
import { formatVerify } from '../../src/engine/verify/formatVerify.js';
import { verifyJournal } from '../../src/engine/verify/verifyJournal.js';
import {
  DAY1,
  DAY2,
  MODEL,
  MODEL_OK,
  backtestJournal,
  copyModel,
  flipLowestBit,
  plant,
  readLines,
  records,
  tempFolder,
} from './support.js';
import type { Rec } from './support.js';

const dir = tempFolder('verify');
const isDecision = (r: Rec): boolean => r.type === 'decision';
const isFill = (r: Rec): boolean => r.type === 'fill';

describe('verify on real backtest journals (ETHUSDT 2024-03-29)', () => {
  it('returns identical with the backtest fingerprint for the ensemble without a model', async () => {
    const { path, fingerprint } = await backtestJournal(dir, 'ensemble', {
      strategy: 'ensemble',
      model: null,
    });
    const v = await verifyJournal(path);
    expect(v.status, formatVerify(v, path)).toBe('identical');
    expect(v.segments[0]!.decisions, 'every minute of the day is a decision').toBe(1440);
    expect(v.segments[0]!.fills).toBeGreaterThan(50);
    expect(v.segments[0]!.fingerprint, 'the recomputed fills hash to the report fingerprint').toBe(
      fingerprint,
    );
    expect(formatVerify(v, 'ensemble.jsonl')).toMatch(
      new RegExp(`^identical: .*\\n  fingerprint ${fingerprint}`),
    );
  });

  it.skipIf(!MODEL_OK)('returns identical for the drl strategy with models/default', async () => {
    const { path, fingerprint } = await backtestJournal(dir, 'drl', { strategy: 'drl', model: MODEL });
    const v = await verifyJournal(path);
    expect(v.status, formatVerify(v, path)).toBe('identical');
    expect(v.segments[0]!.fingerprint).toBe(fingerprint);
    expect(v.segments[0]!.modelSha256, 'the model package hash is recorded').toMatch(/^[0-9a-f]{64}$/);
  });

  it('returns identical for two backtests appended to one journal, one per session header', async () => {
    const path = join(dir, 'twice.jsonl');
    await backtestJournal(dir, 'twice', { strategy: 'rsi', model: null, data: DAY2 });
    const first = readFileSync(path);
    await backtestJournal(dir, 'twice-b', { strategy: 'macd', model: null, data: DAY2 });
    writeFileSync(path, Buffer.concat([first, readFileSync(join(dir, 'twice-b.jsonl'))]));
    const v = await verifyJournal(path);
    expect(v.status, formatVerify(v, path)).toBe('identical');
    expect(v.segments.map((s) => s.decisions)).toEqual([1440, 1440]);
  });

  it('returns the bar, field and both values for a one-bit change in a recorded feature', async () => {
    const { path } = await backtestJournal(dir, 'plant-src', { strategy: 'ensemble', model: null });
    let bar = 0;
    let was = 0;
    const planted = plant(path, join(dir, 'planted-feature.jsonl'), isDecision, 700, (r) => {
      bar = r.bar.openTime;
      was = r.features[3];
      r.features[3] = flipLowestBit(was);
    });
    const v = await verifyJournal(planted.path);
    expect(v.status).toBe('diverged');
    if (v.status !== 'diverged') return;
    expect(v.line, 'the changed line').toBe(planted.line);
    expect(v.bar).toBe(bar);
    expect(v.field).toBe(`features.${MARKET_FEATURES[3]}`);
    expect(v.recomputed, 'the recomputed value is the original').toBe(was);
    expect(v.recorded).toBe(flipLowestBit(was));
    const text = formatVerify(v, 'planted-feature.jsonl');
    expect(text).toContain(`DIVERGED at bar ${new Date(bar).toISOString()}`);
    expect(text).toContain('(1 ulp apart)');
  });

  it('returns the fill price field for a one-bit change in a recorded paper fill', async () => {
    const { path } = await backtestJournal(dir, 'plant-src2', { strategy: 'ensemble', model: null });
    let price = 0;
    const planted = plant(path, join(dir, 'planted-fill.jsonl'), isFill, 40, (r) => {
      price = r.fill.price;
      r.fill.price = flipLowestBit(price);
    });
    const v = await verifyJournal(planted.path);
    expect(v.status === 'diverged' && [v.line, v.field, v.recomputed]).toEqual([
      planted.line,
      'fill.price',
      price,
    ]);
  });

  it('returns the vote, the bar input and the equity when those are planted', async () => {
    const { path } = await backtestJournal(dir, 'plant-src3', { strategy: 'ensemble', model: null });
    const cases: [string, (r: Rec) => void, RegExp][] = [
      ['vote', (r) => (r.votes[1].target = flipLowestBit(r.votes[1].target)), /^votes\.rsi\.target$/],
      ['equity', (r) => (r.equity = flipLowestBit(r.equity)), /^equity$/],
      // A changed input bar: the features recomputed from it no longer match the recorded ones.
      ['close', (r) => (r.bar.close = flipLowestBit(r.bar.close)), /^(features|observation)\./],
      ['reason', (r) => (r.votes[2].reason += ' '), /^votes\.macd\.reason$/],
    ];
    for (const [name, edit, field] of cases) {
      const planted = plant(path, join(dir, `planted-${name}.jsonl`), isDecision, 900, edit);
      const v = await verifyJournal(planted.path);
      expect(v.status === 'diverged' ? v.field : v.status, name).toMatch(field);
    }
  });

  it('returns partial (not a divergence) for a journal whose last line was torn by a crash', async () => {
    const { path } = await backtestJournal(dir, 'torn', { strategy: 'ensemble', model: null });
    const bytes = readFileSync(path);
    writeFileSync(path, bytes.subarray(0, bytes.length - 40));
    const v = await verifyJournal(path);
    expect(['identical', 'partial']).toContain(v.status);
    expect(formatVerify(v, 'torn.jsonl')).toMatch(/torn/);
  });
});

describe('verify refuses what it cannot check, in one line', () => {
  it('throws when the journal has no session header', async () => {
    const { path } = await backtestJournal(dir, 'noheader', { strategy: 'rsi', model: null });
    const out = join(dir, 'noheader-cut.jsonl');
    writeFileSync(out, `${readLines(path).slice(1).join('\n')}\n`);
    await expect(verifyJournal(out)).rejects.toThrow(/^noheader-cut\.jsonl line 1: no session header[^\n]*$/);
  });

  it('throws for a missing file', async () => {
    await expect(verifyJournal(join(dir, 'nope.jsonl'))).rejects.toThrow(/^journal not found: /);
  });

  it.skipIf(!MODEL_OK)('refuses a model package whose sha256 differs from the recorded one', async () => {
    const { path } = await backtestJournal(dir, 'sha', { strategy: 'drl', model: MODEL });
    const other = 'f'.repeat(64);
    const planted = plant(
      path,
      join(dir, 'sha-planted.jsonl'),
      (r) => r.type === 'session',
      1,
      (r) => {
        r.model.sha256 = other;
      },
    );
    await expect(verifyJournal(planted.path)).rejects.toThrow(
      /^model package .* has sha256 [0-9a-f]{12}…, the journal recorded ffffffffffff…: refusing to verify with a different model$/,
    );
  });

  it.skipIf(!MODEL_OK)('verifies with --model pointing at a copy of the same package', async () => {
    const { path } = await backtestJournal(dir, 'moved', { strategy: 'drl', model: MODEL });
    const copy = copyModel(dir);
    const planted = plant(
      path,
      join(dir, 'moved-dir.jsonl'),
      (r) => r.type === 'session',
      1,
      (r) => {
        r.model.dir = join(dir, 'gone');
      },
    );
    await expect(verifyJournal(planted.path)).rejects.toThrow(/not found: pass --model <dir>/);
    const v = await verifyJournal(planted.path, { modelDir: copy });
    expect(v.status).toBe('identical');
  });
});

describe('the journal format', () => {
  it('returns a session header as the first line and decisions with the observation and config hash', async () => {
    const { path } = await backtestJournal(dir, 'format', {
      strategy: 'ensemble',
      model: MODEL_OK ? MODEL : null,
    });
    const recs = records(path);
    const h = recs[0]!;
    expect(h.type).toBe('session');
    expect(h.format).toBe('drl-tui-journal/1');
    for (const k of [
      'engineVersion',
      'symbol',
      'market',
      'mode',
      'strategy',
      'featureParams',
      'risk',
      'filters',
      'execution',
      'model',
      'dataSource',
      'configHash',
    ])
      expect(h, `header field ${k}`).toHaveProperty(k);
    expect(h.strategy.config.weights).toEqual({ drl: 1, rsi: 1, macd: 1, bollinger: 1 });
    expect(h.dataSource).toContain('ETHUSDT-1m-2024-03-29.zip');
    const d = recs.find((r) => r.type === 'decision')!;
    expect(d.observation.raw).toHaveLength(15);
    expect(d.observation.scaled).toHaveLength(15);
    expect(d.configHash).toBe(h.configHash);
    expect(typeof d.sentiment).toBe('number');
    if (!MODEL_OK) expect(d.observation.scaled, 'without a model scaled = raw').toEqual(d.observation.raw);
  });

  it('returns the same config hash for a backtest and the same config run again elsewhere', async () => {
    const a = await backtestJournal(dir, 'hash-a', { strategy: 'rsi', model: null });
    const b = await backtestJournal(dir, 'hash-b', { strategy: 'rsi', model: null, data: DAY2 });
    const c = await backtestJournal(dir, 'hash-c', { strategy: 'macd', model: null });
    const hash = (p: string): string => records(p)[0]!.configHash as string;
    expect(hash(a.path), 'the data is not config').toBe(hash(b.path));
    expect(hash(a.path), 'the strategy is').not.toBe(hash(c.path));
  });
});

describe('backtest and replay of the same bars', () => {
  it('returns the same decisions, fills and config hash (client order ids and times aside)', async () => {
    const bt = await backtestJournal(dir, 'same-bt', {
      strategy: 'ensemble',
      model: MODEL_OK ? MODEL : null,
    });
    const path = join(dir, 'same-replay.jsonl');
    const clock = new ManualClock(0);
    const s = await ruleSession(clock, { sessionId: '20240329-000000-ETHUSDT', modelDir: MODEL_OK ? MODEL : null, journalPath: path }); // prettier-ignore
    await runReplay(s.engine, openCandles(DAY1), {
      speed: 'max',
      clock,
      signal: new AbortController().signal,
    });
    s.engine.parts.journal?.close();
    const strip = (r: Rec): Rec => {
      const { ts: _t, ...rest } = r;
      return JSON.parse(
        JSON.stringify(rest).replace(/"clientOrderId":"[^"]*"/g, '"clientOrderId":""'),
      ) as Rec;
    };
    const a = records(bt.path);
    const b = records(path);
    expect(b[0]!.configHash, 'one config, two modes').toBe(a[0]!.configHash);
    expect(b.slice(1).map(strip)).toEqual(a.slice(1).map(strip));
    const v = await verifyJournal(path);
    expect(v.status === 'identical' && v.segments[0]!.fingerprint).toBe(bt.fingerprint);
  });
});
