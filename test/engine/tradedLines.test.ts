import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/engine/core/clock.js';
import { openCandles } from '../../src/engine/data/openCandles.js';
import { TRADED_LINES_KEPT } from '../../src/engine/engine.js';
import { runReplay } from '../../src/engine/replay.js';
import { ruleSession } from '../support/ruleSession.js';

const DAYS = join(import.meta.dirname, '../../data');

describe('the traded decisions a session keeps for its log (bundled ETHUSDT days, rule ensemble)', () => {
  it('returns every traded decision counted but only the newest kept, so memory does not grow with trades', async () => {
    const clock = new ManualClock(0);
    const { engine } = await ruleSession(clock, { screen: true });
    await runReplay(engine, openCandles(DAYS), { speed: 'max', clock, signal: new AbortController().signal });
    const fills = engine.parts.portfolio.trades;
    expect(fills, 'the ensemble trades more than the log keeps').toBeGreaterThan(TRADED_LINES_KEPT);
    expect(engine.tradedDecisionCount).toBe(fills);
    expect(engine.tradedDecisions.length).toBe(TRADED_LINES_KEPT);
    expect(engine.tradedDecisions.at(-1), 'the newest is kept').toContain('2024-03-31T');
  });
});
