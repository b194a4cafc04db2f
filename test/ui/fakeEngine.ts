import type { EngineHandle } from '../../src/engine/core/engineHandle.js';
import type { EngineCommand } from '../../src/engine/core/events.js';
import type { EventLine, FeatureRow, SentimentView, Snapshot } from '../../src/engine/core/snapshot.js';
import type { Bar, ObservationFeature, Vote } from '../../src/engine/core/types.js';
import { OBSERVATION_FEATURES } from '../../src/engine/core/types.js';
import { realBars } from './realBars.js';

/**
 * A hand-written stand-in for the engine: it publishes snapshots built from real candles and
 * answers commands the way the engine is specified to (pause -> PAUSED, flatten -> FLAT and
 * paused, ...), so key tests can watch the screen change. The feature values are computed from
 * the candles with the textbook formulas; the "scaled" column uses fixed divisors, not a policy.
 */

const WINDOW = 240;
const START_EQUITY = 10_000;

function ema(values: readonly number[], period: number): number[] {
  const k = 2 / (period + 1);
  const out: number[] = [];
  let e = values[0] ?? 0;
  for (const v of values) {
    e = v * k + e * (1 - k);
    out.push(e);
  }
  return out;
}

function meanStd(values: readonly number[]): [number, number] {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length;
  return [mean, Math.sqrt(variance)];
}

function features(bars: readonly Bar[], position: number, sentiment: number): FeatureRow[] {
  const closes = bars.map((b) => b.close);
  const n = closes.length;
  const close = closes[n - 1] ?? 0;
  const spreads = closes.map((_, i) => {
    const w = closes.slice(Math.max(0, i - 19), i + 1);
    return closes[i]! - w.reduce((a, b) => a + b, 0) / w.length;
  });
  const z = (i: number): number => {
    const [m, s] = meanStd(spreads.slice(Math.max(0, i - 59), i + 1));
    return (spreads[i]! - m) / (s + 1e-8);
  };
  const zNow = z(n - 1);
  const slow = ema(closes, 26);
  const macdLine = ema(closes, 12).map((fast, i) => fast - slow[i]!);
  const signal = ema(macdLine, 9);
  let gain = 0;
  let loss = 0;
  for (let i = n - 14; i < n; i++) {
    const d = closes[i]! - closes[i - 1]!;
    if (d > 0) gain += d;
    else loss -= d;
  }
  const rsi = loss === 0 ? 1 : 1 - 1 / (1 + gain / loss);
  const [mid, sd] = meanStd(closes.slice(-20));
  let obv = 0;
  for (let i = 1; i < n; i++) obv += Math.sign(closes[i]! - closes[i - 1]!) * bars[i]!.volume;
  const raw: Record<ObservationFeature, number> = {
    position,
    z_score: zNow,
    zone: Math.abs(zNow) > 1.5 ? Math.sign(zNow) : Math.abs(zNow) > 0.5 ? Math.sign(zNow) * 0.5 : 0,
    price_momentum: close / closes[n - 2]! - 1,
    z_score_momentum: zNow - z(n - 2),
    position_change: 0,
    macd: macdLine[n - 1]!,
    macd_signal: signal[n - 1]!,
    macd_diff: macdLine[n - 1]! - signal[n - 1]!,
    rsi,
    bb_mid: mid,
    bb_high: mid + 2 * sd,
    bb_low: mid - 2 * sd,
    obv,
    sentiment,
  };
  const scale: Partial<Record<ObservationFeature, (x: number) => number>> = {
    z_score: (x) => x / 3,
    price_momentum: (x) => x * 500,
    z_score_momentum: (x) => x / 2,
    macd: (x) => x / 3,
    macd_signal: (x) => x / 3,
    macd_diff: (x) => x,
    rsi: (x) => x * 2 - 1,
    bb_mid: (x) => (x - close) / (0.002 * close),
    bb_high: (x) => (x - close) / (0.002 * close),
    bb_low: (x) => (x - close) / (0.002 * close),
    obv: (x) => Math.tanh(x / 2000),
  };
  return OBSERVATION_FEATURES.map((name) => ({
    name,
    raw: raw[name],
    scaled: (scale[name] ?? ((x) => x))(raw[name]),
  }));
}

export const CONFIGURED_SENTIMENT: SentimentView = {
  state: 'ready',
  day: '2022-08-13',
  vader: 0.1834,
  s: [0.42, null, -0.1, null, null],
  combined: 0.1678,
  progress: 'scored 312 posts from 6 subreddits',
};

export const UNCONFIGURED_SENTIMENT: SentimentView = {
  state: 'not configured',
  day: null,
  vader: null,
  s: [null, null, null, null, null],
  combined: 0,
  progress: 'no subreddits or LLM models set in trading_config.json',
};

/** A snapshot of the engine `at` bars into the real day, with a 0.1 long held for the last 120 bars. */
export function makeSnapshot(overrides: Partial<Snapshot> = {}, at = WINDOW + 60): Snapshot {
  const all = realBars();
  const bars = all.slice(Math.max(0, at - WINDOW), at);
  const last = bars[bars.length - 1]!;
  const entryIndex = bars.length - 120;
  const entry = bars[entryIndex]!.close;
  const fee = 1.0;
  const equityCurve = bars.map((b, i) =>
    i < entryIndex ? START_EQUITY : START_EQUITY * (1 + 0.1 * (b.close / entry - 1)) - fee,
  );
  const equity = equityCurve[equityCurve.length - 1]!;
  const quantity = Number(((START_EQUITY * 0.1) / entry).toFixed(4));
  const sentiment = overrides.sentiment ?? CONFIGURED_SENTIMENT;
  const feats = features(bars, 0.1, sentiment.combined);
  const f = (name: ObservationFeature): number => feats.find((r) => r.name === name)!.raw;
  const votes: Vote[] = [
    { agent: 'drl', target: 0.23, confidence: 0.71, reason: 'policy ppo_eth_v1 output +0.23' },
    {
      agent: 'rsi',
      target: f('rsi') < 0.3 ? 1 : f('rsi') > 0.7 ? -1 : 0,
      confidence: 0.5,
      reason: `RSI ${(f('rsi') * 100).toFixed(1)} between 30 and 70 -> hold`,
    },
    {
      agent: 'macd',
      target: f('macd_diff') > 0 ? 1 : -1,
      confidence: 0.4,
      reason: `MACD diff ${f('macd_diff').toFixed(3)} ${f('macd_diff') > 0 ? '> 0 -> long' : '< 0 -> short'}`,
    },
    {
      agent: 'bollinger',
      target: 0,
      confidence: 0.3,
      reason: `close ${last.close.toFixed(2)} inside ${f('bb_low').toFixed(2)}..${f('bb_high').toFixed(2)} -> hold`,
    },
  ];
  const fillBar = bars[entryIndex]!;
  const events: EventLine[] = [
    { ts: last.closeTime, kind: 'skip', text: 'MAX_STEP target +0.23 clipped to +0.20 (step 0.10)' },
    {
      ts: bars[bars.length - 5]!.closeTime,
      kind: 'reject',
      text: 'order drl-7 rejected -2010: insufficient balance',
    },
    {
      ts: bars[bars.length - 30]!.closeTime,
      kind: 'reconnect',
      text: 'websocket reconnected after 2.1s (attempt 1)',
    },
    {
      ts: bars[bars.length - 60]!.closeTime,
      kind: 'skip',
      text: 'BELOW_MIN_NOTIONAL 0.0021 ETH = 4.19 USDT < 5',
    },
    {
      ts: fillBar.closeTime,
      kind: 'fill',
      text: `BUY ${quantity} @ ${fillBar.close.toFixed(2)} fee ${fee.toFixed(2)} USDT`,
    },
    { ts: bars[entryIndex - 10]!.closeTime, kind: 'info', text: 'replay started: ETHUSDT-1m-2022-08-14.zip' },
    { ts: bars[entryIndex - 11]!.closeTime, kind: 'backfill', text: 'backfilled 3 bars 00:57..00:59' },
    { ts: bars[entryIndex - 12]!.closeTime, kind: 'error', text: 'sentiment fetch failed: 503 from reddit' },
  ];
  const unrealizedPnl = quantity * (last.close - entry);
  return {
    seq: at,
    symbol: 'ETHUSDT',
    interval: '1m',
    mode: 'REPLAY',
    market: 'spot',
    feed: {
      status: 'replay',
      lastCandleTs: last.closeTime,
      reconnects: 1,
      detail: 'ETHUSDT-1m-2022-08-14.zip',
    },
    executor: { state: 'running', detail: 'paper' },
    model: { name: 'ppo_eth_v1', sha256: '3f9a2c1be0d47a55', status: 'loaded' },
    trading: 'TRADING',
    now: last.closeTime + 1,
    lastPrice: last.close,
    prices: bars.map((b) => b.close),
    equityCurve,
    startEquity: START_EQUITY,
    equity,
    realizedPnl: 0,
    fees: fee,
    trades: 1,
    features: feats,
    votes,
    ensembleTarget: 0.2345,
    riskTarget: 0.2,
    riskNote: 'MAX_STEP 0.10',
    position: { side: 'LONG', quantity, fraction: 0.1, avgPrice: entry, unrealizedPnl },
    sentiment,
    events,
    barsProcessed: at,
    weights: { drl: 0.4, rsi: 0.2, macd: 0.2, bollinger: 0.2 },
    replaySpeed: '10x',
    ...overrides,
  };
}

/** Fake EngineHandle: records every command and reacts like the engine would. */
export class FakeEngine implements EngineHandle {
  readonly sent: EngineCommand[] = [];
  private snapshot: Snapshot;
  private readonly listeners = new Set<() => void>();

  constructor(initial: Snapshot = makeSnapshot()) {
    this.snapshot = initial;
  }

  // Prototype methods on purpose: the UI must not rely on them being bound.
  getSnapshot(): Snapshot {
    return this.snapshot;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get listenerCount(): number {
    return this.listeners.size;
  }

  /** Publish a new immutable snapshot (the old one is never mutated). */
  publish(changes: Partial<Snapshot>): void {
    this.snapshot = { ...this.snapshot, ...changes, seq: this.snapshot.seq + 1 };
    for (const listener of [...this.listeners]) listener();
  }

  private note(kind: EventLine['kind'], text: string): EventLine[] {
    return [{ ts: this.snapshot.now, kind, text }, ...this.snapshot.events];
  }

  send(command: EngineCommand): void {
    this.sent.push(command);
    switch (command.type) {
      case 'pause':
        return this.publish({ trading: 'PAUSED', events: this.note('info', 'paused by user: no orders') });
      case 'resume':
        return this.publish({ trading: 'TRADING', events: this.note('info', 'resumed by user') });
      case 'flatten': {
        const p = this.snapshot.position;
        return this.publish({
          trading: 'PAUSED',
          position: { side: 'FLAT', quantity: 0, fraction: 0, avgPrice: 0, unrealizedPnl: 0 },
          events: this.note('fill', `SELL ${p.quantity} @ ${this.snapshot.lastPrice ?? 0} (flatten)`),
        });
      }
      case 'rerunSentiment':
        if (this.snapshot.sentiment.state === 'not configured') return;
        return this.publish({
          sentiment: { ...this.snapshot.sentiment, state: 'running', progress: 'scoring 120/400 with s2' },
        });
      case 'quit':
        return this.publish({
          events: this.note('info', command.keepPosition ? 'quit, keeping position' : 'quit: flattening'),
        });
    }
  }
}
