import { join } from 'node:path';
import { ManualClock } from '../../src/engine/core/clock.js';
import { groupSources } from '../../src/engine/multi/symbolSources.js';
import { ruleSession } from '../support/ruleSession.js';
import { SymbolSet } from '../../src/engine/symbolSet.js';
import type { CandleSource } from '../../src/engine/data/types.js';

export const ROOT = join(import.meta.dirname, '../..');
/** The bundled demo: three real days of ETHUSDT (data/) and of BTCUSDT (data/BTCUSDT/). */
export const DEMO = join(ROOT, 'data');
export const SYMBOLS = ['ETHUSDT', 'BTCUSDT'] as const;

export interface Multi {
  readonly set: SymbolSet;
  readonly sources: CandleSource[];
  readonly clock: ManualClock;
}

/** The console's parts for two symbols on the bundled days: rule agents only, 10,000 USDT in all. */
export async function twoSymbols(screen = true): Promise<Multi> {
  const grouped = groupSources([DEMO], [...SYMBOLS]);
  if (!grouped.ok) throw new Error(grouped.error);
  const clock = new ManualClock(0);
  const engines = [];
  for (const symbol of SYMBOLS) {
    const s = await ruleSession(clock, { symbol, sessionId: `multi-${symbol}`, startCash: 5_000, screen });
    engines.push(s.engine);
  }
  const set = new SymbolSet([...SYMBOLS], engines, { startCash: 10_000, feeRate: 0.001 });
  return { set, sources: SYMBOLS.map((s) => grouped.value.get(s)!), clock };
}
