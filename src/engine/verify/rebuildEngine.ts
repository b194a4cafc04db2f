import { existsSync } from 'node:fs';
import { ManualClock } from '../core/clock.js';
import type { AccountSync, Executor, OrderResult } from '../core/executor.js';
import type { Snapshot } from '../core/snapshot.js';
import type { OrderIntent } from '../core/types.js';
import type { TradingEngine } from '../engine.js';
import { BUILTIN_STRATEGIES, builtinStrategy, parseStrategy } from '../agents/strategyFile.js';
import type { BuiltinStrategy, StrategyConfig } from '../agents/strategyFile.js';
import { FeatureEngine } from '../features/featureEngine.js';
import { CollectingJournal } from '../journal/journalSink.js';
import type { SessionHeader } from '../journal/sessionHeader.js';
import { loadPolicyPackage } from '../policy/loadPolicy.js';
import { buildSession } from '../session.js';

/** A fresh engine rebuilt from a session header, with the knobs verify drives it by. */
export interface RebuiltEngine {
  readonly engine: TradingEngine;
  readonly clock: ManualClock;
  /** What the engine journals goes here instead of a file. */
  readonly sink: CollectingJournal;
  /** The sentiment input the next bar reads (the journal's recorded value). */
  readonly sentiment: { value: number };
  readonly warnings: readonly string[];
}

/**
 * Answers an exchange executor's orders with what the journal recorded (exchange fills are
 * inputs); null when the journal has no answer (the process died while the order was out).
 */
export type RecordedResults = (intent: OrderIntent) => OrderResult | null;

const short = (sha: string): string => `${sha.slice(0, 12)}…`;

/**
 * The model to verify with: the one the header names (or `override`), refused with one line when
 * it is missing or its package sha256 is not the recorded one — a different model would make
 * every DRL vote differ and verify would only report that, noisily.
 */
export async function checkModel(h: SessionHeader, override: string | null): Promise<string | null> {
  const want = h.model.sha256;
  if (want === null) return null;
  const dir = override ?? h.model.dir;
  if (dir === null || !existsSync(dir))
    throw new Error(
      `model package ${dir ?? '(none recorded)'} not found: pass --model <dir> with the package of sha256 ${short(want)}`,
    );
  const loaded = await loadPolicyPackage(dir);
  if (!loaded.ok) throw new Error(`cannot load the model to verify with: ${loaded.error}`);
  if (loaded.value.sha256 !== want)
    throw new Error(
      `model package ${dir} has sha256 ${short(loaded.value.sha256)}, the journal recorded ${short(want)}: refusing to verify with a different model`,
    );
  return dir;
}

/**
 * The recorded strategy, checked by the same rules as a strategy file (a built-in must be the
 * built-in): a header is input like any other, and a damaged one must not reach the engine.
 */
export function recordedStrategy(h: SessionHeader): StrategyConfig {
  const c = h.strategy.config as unknown as Record<string, unknown>;
  const name = typeof c.name === 'string' ? c.name : '?';
  let parsed: StrategyConfig | null = null;
  if (c.source === 'builtin' && (BUILTIN_STRATEGIES as readonly string[]).includes(name)) {
    parsed = builtinStrategy(name as BuiltinStrategy);
  } else if (c.source === 'file') {
    const r = parseStrategy({ mode: c.mode, weights: c.weights, agents: c.agents, risk: c.risk, description: c.description }, name); // prettier-ignore
    if (!r.ok) throw new Error(`the recorded strategy is not valid: ${r.error}`);
    parsed = r.value;
  }
  if (parsed === null || JSON.stringify(parsed) !== JSON.stringify(c))
    throw new Error(
      `the recorded strategy '${name}' does not match its ${c.source === 'file' ? 'rules' : 'built-in'}`,
    );
  return parsed;
}

/** Build the engine the header describes: same strategy, features, risk, filters, costs and model. */
export async function rebuildEngine(
  h: SessionHeader,
  modelDir: string | null,
  recorded: RecordedResults,
  screen = false,
): Promise<RebuiltEngine> {
  const clock = new ManualClock(h.ts);
  const sink = new CollectingJournal();
  const sentiment = { value: 0 };
  const executor: Executor | undefined =
    h.execution.executor === 'paper' ? undefined : recordedExecutor(h, recorded);
  const initial = h.initialFeatures;
  const session = await buildSession({
    symbol: h.symbol,
    market: h.market,
    mode: h.mode as Snapshot['mode'],
    sessionId: h.sessionId,
    clock,
    startCash: h.execution.startCash,
    feeRate: h.execution.feeRate,
    slippageBps: h.execution.slippageBps,
    strategy: h.strategy.name,
    strategyConfig: recordedStrategy(h),
    modelDir,
    sentimentDir: null,
    sentimentAt: () => sentiment.value,
    journalPath: null,
    journal: sink,
    screen,
    // The recorded sentiment input is all a journal holds of the day's scores.
    sentimentView: () => ({
      state: 'ready',
      day: null,
      vader: null,
      s: [null, null, null, null, null],
      combined: sentiment.value,
      progress: 'the sentiment input recorded in the journal',
    }),
    filters: h.filters,
    dataSource: h.dataSource,
    ...(executor ? { executor } : {}),
    ...(initial
      ? {
          restore: (ctx) => {
            const f = FeatureEngine.fromState(initial, ctx.featureParams);
            if (!f.ok) throw new Error(`the recorded initial feature state is unusable: ${f.error}`);
            return { features: f.value };
          },
        }
      : {}),
  });
  return { engine: session.engine, clock, sink, sentiment, warnings: session.warnings };
}

function recordedExecutor(h: SessionHeader, recorded: RecordedResults): Executor {
  const kind = h.execution.executor as Executor['kind'];
  const account: AccountSync = { filters: h.filters, quoteBalance: 0, baseQty: 0, serverTimeOffsetMs: 0 };
  return {
    kind,
    market: h.market,
    sync: () => Promise.resolve(account),
    // No recorded answer: like the process that wrote the journal, never hear back.
    place: (intent) => {
      const r = recorded(intent);
      return r ? Promise.resolve(r) : new Promise<OrderResult>(() => undefined);
    },
    lookup: () => Promise.resolve(null),
    close: () => Promise.resolve(),
  };
}
