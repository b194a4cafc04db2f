import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/engine/core/clock.js';
import type { EngineEvent } from '../../src/engine/core/events.js';
import { openCandles } from '../../src/engine/data/openCandles.js';
import type { TradingEngine } from '../../src/engine/engine.js';
import { ruleSession } from '../support/ruleSession.js';

/**
 * A backtest nobody watches keeps its paper orders as numbers (no OrderIntent, id or Fill is
 * built); with a listener attached the same orders go the object way. Both must give the same
 * run, to the bit. Real candles: the three bundled ETHUSDT days in data/.
 */

const DATA = resolve(import.meta.dirname, '../../data');

async function run(
  strategy: string,
  watch: boolean,
  entry: 'values' | 'columns' = 'values',
): Promise<{ engine: TradingEngine; events: EngineEvent[] }> {
  const clock = new ManualClock(0);
  const { engine } = await ruleSession(clock, { mode: 'BACKTEST', sessionId: 'paths', strategy });
  const events: EngineEvent[] = [];
  if (watch) engine.addListener((e) => events.push(e));
  for (const c of openCandles(`${DATA}/ETHUSDT-1m-2024-03-*.zip`).chunks()) {
    for (let i = 0; i < c.length; i++) {
      clock.set(c.openTime[i]! + 60_000);
      if (entry === 'columns') engine.processBarAt(c, i);
      else
        engine.processBarSync(c.openTime[i]!, c.open[i]!, c.high[i]!, c.low[i]!, c.close[i]!, c.volume[i]!);
    }
  }
  return { engine, events };
}

function outcome(engine: TradingEngine): unknown {
  const p = engine.parts;
  return {
    fingerprint: p.fingerprint.digest(),
    fills: p.fingerprint.fills,
    portfolio: p.portfolio.toJSON(),
    metrics: p.tracker.summary(),
    trades: [...p.tracker.trades()],
    skips: p.outcomes.skips,
    rejects: p.outcomes.rejects(),
    agents: p.agentStats.report(),
    orders: { ...engine.orderStatus },
    series: engine.series.toJSON(),
    runtime: engine.runtimeState(),
  };
}

describe('the paper order path', () => {
  it('returns the same run with and without someone watching the orders', async () => {
    const quiet = await run('ensemble', false);
    const watched = await run('ensemble', true);
    expect(quiet.engine.parts.fingerprint.fills, 'the ensemble trades on these days').toBeGreaterThan(500);
    expect(outcome(quiet.engine)).toEqual(outcome(watched.engine));
    const fills = watched.events.filter((e) => e.type === 'fill');
    expect(fills.length, 'the watched run saw every fill as an event').toBe(
      watched.engine.orderStatus.filled,
    );
  });

  it('returns the same run when the bars are taken from the columns (the backtest loop)', async () => {
    const values = await run('ensemble', false);
    const columns = await run('ensemble', false, 'columns');
    expect(outcome(columns.engine)).toEqual(outcome(values.engine));
    expect(columns.engine.barsProcessed).toBe(values.engine.barsProcessed);
  });

  it('returns the pending order and the last order id as intents when asked (restart state)', async () => {
    const { engine } = await run('rsi', false);
    const state = engine.runtimeState();
    expect(state.lastPlannedId).toMatch(/^drl-paths-[0-9a-z]+-[0-9a-z]+$/);
    if (state.pending !== null) expect(state.pending.clientOrderId).toBe(state.lastPlannedId);
    expect(JSON.parse(JSON.stringify(state))).toEqual(state);
  });
});
