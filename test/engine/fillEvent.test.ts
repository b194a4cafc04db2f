import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/engine/core/clock.js';
import { openCandles } from '../../src/engine/data/openCandles.js';
import { FillEvent } from '../../src/engine/fillEvent.js';
import { runReplay } from '../../src/engine/replay.js';
import { ruleSession } from '../support/ruleSession.js';

const DAYS = join(import.meta.dirname, '../../data');

describe('FillEvent', () => {
  it('returns the line the console and the session log print, and keeps its text in JSON', () => {
    const f = new FillEvent(1_711_699_260_000, 1_711_699_200_000, 'SELL', 0.0338, 3559.7149, 0.12032, 'USDT');
    expect(f.text).toBe('SELL 0.0338 @ 3559.71 fee 0.1203 USDT');
    expect(f.logLine).toBe('2024-03-29T08:00:00.000Z SELL 0.0338 @ 3559.71 fee 0.1203 USDT');
    expect(JSON.parse(JSON.stringify(f))).toEqual({
      ts: 1_711_699_260_000,
      kind: 'fill',
      text: 'SELL 0.0338 @ 3559.71 fee 0.1203 USDT',
    });
  });
});

describe('a replay with the screen (bundled ETHUSDT days, rule ensemble)', () => {
  async function replay(listen: boolean) {
    const clock = new ManualClock(0);
    const { engine } = await ruleSession(clock, { screen: true });
    // A listener makes the engine build every order and fill as objects; without one the screen
    // alone gets them as numbers. Both must show and log the same.
    if (listen) engine.addListener(() => {});
    await runReplay(engine, openCandles(DAYS), { speed: 'max', clock, signal: new AbortController().signal });
    engine.flushSnapshot();
    const events = engine.getSnapshot().events.map((e) => ({ ts: e.ts, kind: e.kind, text: e.text }));
    engine.stopPublishing();
    return {
      traded: engine.tradedDecisions,
      count: engine.tradedDecisionCount,
      events,
      fills: engine.parts.fingerprint.digest(),
    };
  }

  it('returns the same fills, session-log lines and event lines whether or not the engine builds fill objects', async () => {
    const numbers = await replay(false);
    const objects = await replay(true);
    expect(numbers.count).toBeGreaterThan(1000);
    expect(numbers.traded).toEqual(objects.traded);
    expect(numbers.events.filter((e) => e.kind === 'fill').length).toBeGreaterThan(10);
    expect(numbers.events).toEqual(objects.events);
    expect(numbers.fills).toEqual(objects.fills);
  });
});
