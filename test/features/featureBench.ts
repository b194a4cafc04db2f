/**
 * Throughput of FeatureEngine.update on the 131,040 real ETHUSDT Q1-2024 bars, against the same
 * indicators from trading-signals (streaming MACD + RSI + BollingerBands + OBV) on the same bars.
 * Not a test (timings are never asserted): run `npx tsx test/features/featureBench.ts`.
 */
import { BollingerBands, EMA, MACD, OBV, RSI } from 'trading-signals';
import { FeatureEngine } from '../../src/engine/features/featureEngine.js';
import { SHARED_DATA, sharedPath } from '../support/sharedData.js';
import { readKlineZips, zipsIn } from './realCandles.js';

if (!SHARED_DATA) {
  process.stdout.write('skipped: ../shared/data is not beside this clone\n');
  process.exit(0);
}
const bars = readKlineZips(zipsIn(sharedPath('binance/ETHUSDT'), 'ETHUSDT-1m-2024-'));
const { close, volume } = bars;
const n = bars.length;

/**
 * Bars per second of this process's CPU time (user + system), so other jobs on a shared machine
 * bias the figure far less than wall time would.
 */
function perCpuSecond(bars: number, from: NodeJS.CpuUsage): number {
  const u = process.cpuUsage(from);
  return bars / ((u.user + u.system) / 1e6);
}

function runEngine(reps: number): number {
  let sink = 0;
  const t0 = process.cpuUsage();
  for (let r = 0; r < reps; r++) {
    const e = new FeatureEngine();
    for (let i = 0; i < n; i++) sink += e.update(close[i]!, volume[i]!, 0)[0]!;
  }
  if (Number.isNaN(sink)) process.stdout.write('NaN\n');
  return perCpuSecond(reps * n, t0);
}

function runTradingSignals(): number {
  let sink = 0;
  const t0 = process.cpuUsage();
  const macd = new MACD(new EMA(12), new EMA(26), new EMA(9));
  const rsi = new RSI(14);
  const bb = new BollingerBands(20, 2);
  const obv = new OBV(2);
  for (let i = 0; i < n; i++) {
    const c = close[i]!;
    macd.add(c);
    rsi.add(c);
    const b = bb.add(c);
    obv.add({ open: c, high: c, low: c, close: c, volume: volume[i]! });
    if (b) sink += b.middle;
  }
  if (Number.isNaN(sink)) process.stdout.write('NaN\n');
  return perCpuSecond(n, t0);
}

runEngine(5); // warm the JIT
const fmt = (x: number): string => `${(x / 1e6).toFixed(2)} M bars/CPU-s`;
const engineRuns = [runEngine(20), runEngine(20), runEngine(20)];
const tsRuns = [runTradingSignals(), runTradingSignals()];
process.stdout.write(
  `${n} bars\nFeatureEngine.update (13 features): ${engineRuns.map(fmt).join(', ')}\n` +
    `trading-signals MACD+RSI+BB+OBV:    ${tsRuns.map(fmt).join(', ')}\n`,
);
