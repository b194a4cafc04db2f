import type { Bar } from '../core/types.js';
import { MARKET_FEATURES } from '../core/types.js';
import type { TradingEngine } from '../engine.js';
import type { SessionHeader } from '../journal/sessionHeader.js';

/** Reading the inputs verify feeds back out of journal records (any JSON can be in them). */

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The bar of a decision or warmup record, or null when it has no OHLCV numbers. */
export function barOf(r: Rec): Bar | null {
  const b = r.bar;
  if (!isRec(b)) return null;
  const { openTime, open, high, low, close, volume } = b;
  if (
    typeof openTime !== 'number' ||
    typeof open !== 'number' ||
    typeof high !== 'number' ||
    typeof low !== 'number' ||
    typeof close !== 'number' ||
    typeof volume !== 'number'
  )
    return null;
  return { openTime, open, high, low, close, volume, closeTime: openTime + 59_999 };
}

/** The recorded sentiment input; JSON null was a non-finite value (the feature engine stores 0 for it). */
export function sentimentOf(r: Rec): number {
  if (typeof r.sentiment === 'number') return r.sentiment;
  if (r.sentiment === null) return Number.NaN;
  // A record without the input field: the sentiment feature is the input as the engine stored it.
  return Array.isArray(r.features) && typeof r.features[12] === 'number' ? r.features[12] : 0;
}

/**
 * A reconcile record moved the position to what the exchange (or the journal) said. The entry
 * price of a newly adopted position is not recorded: the last close stands in (as the live
 * session does when it has no better price).
 */
export function applyReconcile(engine: TradingEngine, r: Rec): void {
  const to = isRec(r.to) ? r.to : null;
  if (!to || typeof to.qty !== 'number') return;
  const p = engine.parts.portfolio;
  if (p.qty === 0 && to.qty !== 0 && engine.lastPrice > 0) p.avgEntry = engine.lastPrice;
  p.qty = to.qty;
  if (to.qty === 0) p.avgEntry = 0;
  if (typeof to.cash === 'number') p.cash = to.cash;
}

/** A path as a user reads it: features.z_score, observation.scaled.rsi, votes.macd.target, fill.price. */
export function fieldName(r: Rec, path: readonly (string | number)[], h: SessionHeader): string {
  const [a, b, c, ...rest] = path;
  if (a === 'features' && typeof b === 'number') return `features.${MARKET_FEATURES[b] ?? b}`;
  if (a === 'observation' && typeof c === 'number')
    return `observation.${String(b)}.${h.observation.features[c] ?? c}`;
  if (a === 'votes' && typeof b === 'number') {
    const v = Array.isArray(r.votes) ? r.votes[b] : null;
    const agent = isRec(v) && typeof v.agent === 'string' ? v.agent : String(b);
    return ['votes', agent, ...(c === undefined ? [] : [c]), ...rest].join('.');
  }
  return path
    .map((p) => (typeof p === 'number' ? `[${p}]` : p))
    .join('.')
    .replace(/\.\[/g, '[');
}
