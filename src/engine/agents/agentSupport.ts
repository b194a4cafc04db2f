import type { AgentName, Parsed } from '../core/types.js';

/** Shared bits of the rule agents: vote wording and state (de)serialisation. Off the hot path. */

/** "long 1.00", "flat 0.00", "short -1.00", "long 0.40". */
export function targetText(target: number): string {
  const word = target > 0 ? 'long' : target < 0 ? 'short' : 'flat';
  return `${word} ${target.toFixed(2)}`;
}

/** Confidence a rule agent reports while it holds an earlier signal between triggers. */
export const HOLD_CONFIDENCE = 0.25;

export function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}

/** The envelope every rule agent's toJSON() returns. */
export interface AgentStateJSON<O, S> {
  readonly v: 1;
  readonly agent: AgentName;
  readonly opts: O;
  readonly state: S;
}

/** Checks the envelope and returns the raw opts/state objects for the agent to read. */
export function openEnvelope(
  json: unknown,
  agent: AgentName,
): Parsed<{ opts: Record<string, unknown>; state: Record<string, unknown> }> {
  if (typeof json !== 'object' || json === null)
    return { ok: false, error: `${agent} agent state: not an object` };
  const o = json as Record<string, unknown>;
  if (o.v !== 1) return { ok: false, error: `${agent} agent state: unsupported version ${String(o.v)}` };
  if (o.agent !== agent)
    return { ok: false, error: `${agent} agent state: belongs to agent '${String(o.agent)}'` };
  if (typeof o.opts !== 'object' || o.opts === null || typeof o.state !== 'object' || o.state === null) {
    return { ok: false, error: `${agent} agent state: missing opts or state` };
  }
  return {
    ok: true,
    value: { opts: o.opts as Record<string, unknown>, state: o.state as Record<string, unknown> },
  };
}

/**
 * Reads numeric fields; NaN is stored as null by JSON.stringify, so null reads back as NaN.
 * Returns the first bad key, or null when all are numbers.
 */
export function readNumbers<K extends string>(
  o: Record<string, unknown>,
  keys: readonly K[],
  out: Record<K, number>,
): K | null {
  for (const k of keys) {
    const v = o[k];
    if (v === null) out[k] = Number.NaN;
    else if (typeof v === 'number') out[k] = v;
    else return k;
  }
  return null;
}

/**
 * The common part of every rule agent's restore(): open the envelope, read the named numeric
 * state fields (target and confidence always among them) and check the target is in -1..1.
 */
export function readAgentState<K extends string>(
  json: unknown,
  agent: AgentName,
  keys: readonly K[],
): Parsed<Record<K | 'target' | 'confidence', number>> {
  const env = openEnvelope(json, agent);
  if (!env.ok) return env;
  const all = [...new Set<K | 'target' | 'confidence'>(['target', 'confidence', ...keys])];
  const s = Object.fromEntries(all.map((k) => [k, 0])) as Record<K | 'target' | 'confidence', number>;
  const bad = readNumbers(env.value.state, all, s);
  if (bad !== null) return { ok: false, error: `${agent} agent state: '${bad}' must be a number` };
  if (!(s.target >= -1 && s.target <= 1))
    return { ok: false, error: `${agent} agent state: target outside -1..1` };
  return { ok: true, value: s };
}
