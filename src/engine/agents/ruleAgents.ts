import type { Market } from '../core/types.js';
import { BollingerAgent } from './bollingerAgent.js';
import { MacdAgent } from './macdAgent.js';
import { RsiAgent } from './rsiAgent.js';
import type { StrategyConfig } from './strategyFile.js';

export type RuleAgent = RsiAgent | MacdAgent | BollingerAgent;

/**
 * The rule agents a strategy uses (weight > 0), built with its options. Shorting follows the
 * market: USD-M agents go short on their sell signals, spot agents go flat. The DRL agent is not
 * built here (it needs a loaded policy package).
 */
export function createRuleAgents(cfg: StrategyConfig, market: Market): RuleAgent[] {
  const allowShort = market === 'usdm';
  const out: RuleAgent[] = [];
  if ((cfg.weights.rsi ?? 0) > 0) out.push(new RsiAgent({ ...cfg.agents.rsi, allowShort }));
  if ((cfg.weights.macd ?? 0) > 0) out.push(new MacdAgent({ ...cfg.agents.macd, allowShort }));
  if ((cfg.weights.bollinger ?? 0) > 0) out.push(new BollingerAgent({ ...cfg.agents.bollinger, allowShort }));
  return out;
}
