import type { Clock } from '../../src/engine/core/types.js';
import { buildSession } from '../../src/engine/session.js';
import type { Session, SessionOptions } from '../../src/engine/session.js';

/**
 * A spot session on the rule ensemble, no model, no sentiment, 0.1 % fee and 1 bp slippage — the
 * engine most tests drive; `o` overrides any option.
 */
export function ruleSession(clock: Clock, o: Partial<SessionOptions> = {}): Promise<Session> {
  return buildSession({
    symbol: 'ETHUSDT',
    market: 'spot',
    mode: 'REPLAY',
    sessionId: 'test',
    clock,
    startCash: 10_000,
    feeRate: 0.001,
    slippageBps: 1,
    strategy: 'ensemble',
    modelDir: null,
    sentimentDir: null,
    journalPath: null,
    screen: false,
    ...o,
  });
}
