import { BollingerBands, EMA, MACD, OBV, RSI } from 'trading-signals';
import { FeatureEngine } from '../src/engine/features/featureEngine.js';
import type { Bars } from './common.js';
import { cpuSeconds } from './common.js';

/** FeatureEngine.update (all 13 features, streaming) in bars per CPU-second: best of `rounds`. */
export function benchFeatureEngine(b: Bars, rounds = 8): number {
  let best = 0;
  let sink = 0;
  for (let r = -2; r < rounds; r++) {
    // Two unmeasured rounds first: the JIT settles on the hot loop before anything counts.
    const t0 = process.cpuUsage();
    const reps = 5;
    for (let k = 0; k < reps; k++) {
      const e = new FeatureEngine();
      for (let i = 0; i < b.n; i++) sink += e.update(b.close[i]!, b.volume[i]!, 0)[0]!;
    }
    if (r >= 0) best = Math.max(best, (reps * b.n) / cpuSeconds(t0));
  }
  if (Number.isNaN(sink)) throw new Error('NaN in features');
  return best;
}

/** The peer: trading-signals streaming MACD(12,26,9) + RSI(14) + Bollinger(20,2) + OBV on the same bars. */
export function benchTradingSignals(b: Bars, rounds = 3): number {
  let best = 0;
  let sink = 0;
  for (let r = 0; r < rounds; r++) {
    const t0 = process.cpuUsage();
    const macd = new MACD(new EMA(12), new EMA(26), new EMA(9));
    const rsi = new RSI(14);
    const bb = new BollingerBands(20, 2);
    const obv = new OBV(2); // OBV(1) crashes in trading-signals 8
    for (let i = 0; i < b.n; i++) {
      const c = b.close[i]!;
      macd.add(c);
      rsi.add(c);
      const band = bb.add(c);
      obv.add({ open: b.open[i]!, high: b.high[i]!, low: b.low[i]!, close: c, volume: b.volume[i]! });
      if (band) sink += band.middle;
    }
    best = Math.max(best, b.n / cpuSeconds(t0));
  }
  if (Number.isNaN(sink)) throw new Error('NaN in trading-signals');
  return best;
}
