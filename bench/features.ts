import { BollingerBands, EMA, MACD, OBV, RSI } from 'trading-signals';
import { FeatureEngine } from '../src/engine/features/featureEngine.js';
import type { Bars } from './common.js';
import { cpuSeconds } from './common.js';

/** One round of FeatureEngine.update (all 13 features, streaming) over the bars 5 times: bars per CPU-second. */
export function featureEngineRound(b: Bars): number {
  let sink = 0;
  const t0 = process.cpuUsage();
  const reps = 5;
  for (let k = 0; k < reps; k++) {
    const e = new FeatureEngine();
    for (let i = 0; i < b.n; i++) sink += e.update(b.close[i]!, b.volume[i]!, 0)[0]!;
  }
  const rate = (reps * b.n) / cpuSeconds(t0);
  if (Number.isNaN(sink)) throw new Error('NaN in features');
  return rate;
}

/** One round of the peer: trading-signals streaming MACD(12,26,9) + RSI(14) + Bollinger(20,2) + OBV on the same bars. */
export function tradingSignalsRound(b: Bars): number {
  let sink = 0;
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
  const rate = b.n / cpuSeconds(t0);
  if (Number.isNaN(sink)) throw new Error('NaN in trading-signals');
  return rate;
}
