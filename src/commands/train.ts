import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import type { AppConfig } from '../config.js';
import { DEFAULT_FEATURE_PARAMS } from '../engine/core/types.js';
import { describeQuality, openCandles } from '../engine/data/openCandles.js';
import { defaultFilters } from '../engine/execution/symbolFilters.js';
import { tfBackendInfo } from '../engine/policy/tfBackend.js';
import { SentimentSeries } from '../engine/sentiment/sentimentSeries.js';
import type { EvalMetrics } from '../engine/train/evaluate.js';
import { buildSplit, collectColumns, sliceColumns, splitRange } from '../engine/train/marketSplit.js';
import type { BarColumns } from '../engine/train/marketSplit.js';
import { ALGOS, defaultHyperparameters } from '../engine/train/trainConfig.js';
import type { Algo } from '../engine/train/trainConfig.js';
import { trainPolicy } from '../engine/train/trainer.js';
import type { TrainProgress } from '../engine/train/trainer.js';
import { writeTrainedPackage } from '../engine/train/trainPackage.js';
import { err, out } from './output.js';

export interface TrainArgs {
  readonly data: readonly string[];
  readonly eval: readonly string[];
  readonly algo: string | undefined;
  readonly steps: string | undefined;
  readonly seed: string | undefined;
  readonly out: string | undefined;
  /** The command line as typed after `drl-tui`, recorded in policy.json. */
  readonly argv: readonly string[];
}

export const DEFAULT_STEPS = 200_000;
/** Without --eval, this last fraction of the --data bars is the validation split. */
export const HOLDOUT_FRACTION = 0.2;

/**
 * `drl-tui train --data <train> [--eval <validation>] [--algo a2c|ppo] [--steps N] [--seed S] --out <dir>`.
 * Costs, market, start cash and the sentiment folder come from the config, as in `backtest`, so a
 * policy is trained under the rules it will be backtested with.
 */
export async function trainCommand(cfg: AppConfig, a: TrainArgs): Promise<void> {
  if (a.data.length === 0) throw new Error('train needs --data <file|folder|glob> (the training candles)');
  if (!a.out) throw new Error('train needs --out <dir> (e.g. --out models/my-policy)');
  const algo = (a.algo ?? 'ppo') as Algo;
  if (!ALGOS.includes(algo)) throw new Error(`--algo must be a2c or ppo, got '${a.algo}'`);
  const steps = wholeNumber(a.steps, '--steps', DEFAULT_STEPS, 1);
  const seed = wholeNumber(a.seed, '--seed', 0, 0);
  const t0 = performance.now();

  const trainSource = openCandles(a.data);
  let trainCols = collectColumns(trainSource.chunks());
  const symbol = (trainSource.symbol ?? cfg.symbol).toUpperCase();
  let evalCols: BarColumns;
  if (a.eval.length > 0) {
    const evalSource = openCandles(a.eval);
    evalCols = collectColumns(evalSource.chunks());
    if (evalSource.symbol !== null && evalSource.symbol !== symbol)
      throw new Error(`--eval holds ${evalSource.symbol} candles, --data holds ${symbol}`);
    for (const line of describeQuality(evalSource.quality)) err(`eval: ${line}`);
  } else {
    const cut = Math.floor(trainCols.length * (1 - HOLDOUT_FRACTION));
    evalCols = sliceColumns(trainCols, cut, trainCols.length);
    trainCols = sliceColumns(trainCols, 0, cut);
    err(
      `train: no --eval given: the last ${HOLDOUT_FRACTION * 100}% of the --data bars (${evalCols.length}) are the validation split`,
    );
  }
  for (const line of describeQuality(trainSource.quality)) err(`train: ${line}`);

  const series = existsSync(cfg.sentimentDir) ? SentimentSeries.load(cfg.sentimentDir) : null;
  const sentimentAt = series && series.days > 0 ? (t: number) => series.valueAt(t) : undefined;
  const params = DEFAULT_FEATURE_PARAMS;
  const train = buildSplit(trainCols, symbol, params, sentimentAt);
  const validation = buildSplit(evalCols, symbol, params, sentimentAt);
  const hparams = defaultHyperparameters(algo);
  const envBase = {
    market: cfg.market,
    filters: defaultFilters(symbol, cfg.market),
    feeRate: cfg.feeRate,
    slippageBps: cfg.slippageBps,
    startCash: cfg.startCash,
    risk: {},
  };

  const bar = progressLine();
  const result = await trainPolicy({
    train,
    validation,
    env: envBase,
    hparams,
    seed,
    steps,
    onProgress: (p) => bar.update(p),
  });
  bar.done();

  const written = writeTrainedPackage(a.out, result, {
    name: basename(a.out.replace(/[\\/]+$/, '')) || 'policy',
    command: `drl-tui ${a.argv.map(shellQuote).join(' ')}`,
    seed,
    featureParams: params,
    train: splitRange(train),
    validation: splitRange(validation),
    hparams,
    market: cfg.market,
    feeRate: cfg.feeRate,
    slippageBps: cfg.slippageBps,
    startCash: cfg.startCash,
    sentiment: sentimentAt ? `${cfg.sentimentDir} (previous UTC day, T+1)` : 'none (0)',
  });
  if (!written.ok) throw new Error(written.error);
  const wall = (performance.now() - t0) / 1000;
  const w = written.value;
  out(
    [
      `trained ${algo} for ${result.steps.toLocaleString('en-US')} steps (${result.updates} updates, ${result.episodes} episodes) in ${formatDuration(wall)} — ${tfBackendInfo()?.detail ?? 'TF.js'}`,
      `best checkpoint: update ${result.best.update} (${result.best.steps.toLocaleString('en-US')} steps), validation Sharpe ${fmt(result.best.validation.sharpe, 2)}, final exploration std ${result.finalStd.toFixed(3)}`,
      metricsTable([
        ['train', result.trainMetrics],
        ['validation', result.best.validation],
      ]),
      `package ${w.dir}: sha256 ${w.sha256}, ${(w.bytes / 1024).toFixed(1)} KB`,
      `evaluate it: drl-tui backtest --data <test candles> --strategy drl --model ${w.dir}`,
    ].join('\n'),
  );
}

function wholeNumber(v: string | undefined, flag: string, fallback: number, min: number): number {
  if (v === undefined) return fallback;
  const n = Number(v.replace(/_/g, ''));
  if (!Number.isInteger(n) || n < min)
    throw new Error(`${flag} must be a whole number >= ${min}, got '${v}'`);
  return n;
}

function shellQuote(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

function fmt(x: number | null, digits: number, signed = false): string {
  if (x === null) return 'n/a';
  return `${signed && x >= 0 ? '+' : ''}${x.toFixed(digits)}`;
}

function formatDuration(s: number): string {
  const m = Math.floor(s / 60);
  return m > 0 ? `${m}m ${Math.round(s - m * 60)}s` : `${s.toFixed(1)}s`;
}

export function metricsTable(rows: readonly (readonly [string, EvalMetrics])[]): string {
  const head = ['', 'bars', 'return', 'Sharpe', 'max DD', 'orders', 'trades', 'turnover', 'B&H'];
  const body = rows.map(([name, m]) => [
    name,
    m.bars.toLocaleString('en-US'),
    `${fmt(m.returnPct, 2, true)}%`,
    fmt(m.sharpe, 2),
    `${fmt(m.maxDrawdownPct, 2)}%`,
    String(m.orders),
    String(m.trades),
    fmt(m.turnover, 2),
    `${fmt(m.buyAndHoldPct, 2, true)}%`,
  ]);
  const all = [head, ...body];
  const widths = head.map((_, c) => Math.max(...all.map((r) => r[c]!.length)));
  return all
    .map((r) =>
      r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  '),
    )
    .join('\n');
}

/** One redrawn status line on a TTY (stderr); on a pipe, one line per validation run instead. */
function progressLine(): { update(p: TrainProgress): void; done(): void } {
  const tty = process.stderr.isTTY === true;
  let last = '';
  let lastEvalSteps = -1;
  return {
    update(p) {
      const ev = p.lastEval;
      const evalText = ev
        ? `val Sharpe ${fmt(ev.metrics.sharpe, 2)} ret ${fmt(ev.metrics.returnPct, 2, true)}%`
        : 'val –';
      const bestText = p.best
        ? ` (best ${p.best.score.toFixed(2)} @ ${Math.round(p.best.steps / 1000)}k)`
        : '';
      const ep = p.episodeReturnPct === null ? '–' : `${fmt(p.episodeReturnPct, 3, true)}%`;
      if (tty) {
        const frac = p.totalSteps > 0 ? p.steps / p.totalSteps : 0;
        const filled = Math.round(frac * 24);
        const line = `train [${'#'.repeat(filled)}${'.'.repeat(24 - filled)}] ${(frac * 100).toFixed(0)}% ${Math.round(p.steps / 1000)}k/${Math.round(p.totalSteps / 1000)}k | ep ${ep} | σ ${p.std.toFixed(2)} | ${evalText}${bestText}`;
        const cols = process.stderr.columns ?? 120;
        const shown = line.length > cols - 1 ? line.slice(0, cols - 1) : line;
        process.stderr.write(`\r${shown}${' '.repeat(Math.max(0, last.length - shown.length))}`);
        last = shown;
      } else if (ev && ev.steps !== lastEvalSteps) {
        lastEvalSteps = ev.steps;
        err(
          `train: ${p.steps}/${p.totalSteps} steps, update ${p.update}/${p.updates}, episode return ${ep}, σ ${p.std.toFixed(3)}, ${evalText}${bestText}`,
        );
      }
    },
    done() {
      if (tty && last) process.stderr.write(`\r${' '.repeat(last.length)}\r`);
    },
  };
}
