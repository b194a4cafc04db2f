import { openCandles } from '../src/engine/data/openCandles.js';
import { DEFAULT_FEATURE_PARAMS } from '../src/engine/core/types.js';
import { defaultFilters } from '../src/engine/execution/symbolFilters.js';
import { buildSplit, collectColumns } from '../src/engine/train/marketSplit.js';
import { defaultHyperparameters } from '../src/engine/train/trainConfig.js';
import { trainPolicy } from '../src/engine/train/trainer.js';
const D = '/work/shared/data/binance/ETHUSDT';
const days = (m: string, from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `${D}/ETHUSDT-1m-2024-${m}-${String(from + i).padStart(2, '0')}.zip`);
const t0 = performance.now();
const trainCols = collectColumns(openCandles([...days('01', 1, 31), ...days('02', 1, 14)]).chunks());
const valCols = collectColumns(openCandles(days('02', 15, 29)).chunks());
const train = buildSplit(trainCols, 'ETHUSDT', DEFAULT_FEATURE_PARAMS);
const validation = buildSplit(valCols, 'ETHUSDT', DEFAULT_FEATURE_PARAMS);
console.log('load', ((performance.now() - t0) / 1000).toFixed(1), 's', train.length, validation.length);
const algo = (process.env.ALGO ?? 'ppo') as 'ppo' | 'a2c';
const over = JSON.parse(process.env.HP ?? '{}');
const hparams = { ...defaultHyperparameters(algo), ...over };
console.log(JSON.stringify(hparams));
const c0 = process.cpuUsage();
const r = await trainPolicy({
  train, validation, hparams, seed: Number(process.env.SEED ?? 0), steps: Number(process.env.STEPS ?? 50000),
  env: { market: 'spot', filters: defaultFilters('ETHUSDT', 'spot'), feeRate: 0.001, slippageBps: 1, startCash: 10000, risk: {} },
  onProgress: (p) => {
    const e = p.lastEval;
    if (p.update % Number(process.env.EVERY ?? 1) === 0) console.log(`u${p.update}/${p.updates} ${p.steps} ep ${p.episodeReturnPct?.toFixed(3)}% std ${p.std.toFixed(3)} pl ${p.stats?.policyLoss.toFixed(4)} vl ${p.stats?.valueLoss.toFixed(4)} kl ${p.stats?.approxKl.toFixed(4)} cf ${p.stats?.clipFraction.toFixed(3)} | val@${e?.steps} sh ${e?.metrics.sharpe?.toFixed(2)} ret ${e?.metrics.returnPct.toFixed(2)}% ord ${e?.metrics.orders} expo ${e?.metrics.exposurePct.toFixed(0)}% | best ${p.best?.score.toFixed(2)}@${p.best?.steps} | ${((performance.now() - t0) / 1000).toFixed(0)}s`);
  },
});
const cpu = process.cpuUsage(c0);
console.log('done wall', ((performance.now() - t0) / 1000).toFixed(0), 's cpu', ((cpu.user + cpu.system) / 1e6).toFixed(0), 's');
console.log('best', r.best.update, r.best.steps, JSON.stringify(r.best.validation));
console.log('train', JSON.stringify(r.trainMetrics));
