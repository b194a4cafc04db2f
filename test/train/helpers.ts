import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DEFAULT_CONFIG } from '../../src/config.js';
import type { AppConfig } from '../../src/config.js';
import { DEFAULT_FEATURE_PARAMS } from '../../src/engine/core/types.js';
import { openCandles } from '../../src/engine/data/openCandles.js';
import { defaultFilters } from '../../src/engine/execution/symbolFilters.js';
import { buildSplit, collectColumns } from '../../src/engine/train/marketSplit.js';
import type { BarColumns, MarketSplit } from '../../src/engine/train/marketSplit.js';
import type { EnvConfig } from '../../src/engine/train/tradingEnv.js';

/** One real day of ETHUSDT 1-minute candles: the repo's bundled demo slice (data/README.md). */
export const FIXTURE_DAY = resolve(import.meta.dirname, '../../data/ETHUSDT-1m-2024-03-29.zip');

export function tempDir(tag: string): string {
  return mkdtempSync(join(tmpdir(), `drl-train-${tag}-`));
}

export function fixtureColumns(): BarColumns {
  return collectColumns(openCandles([FIXTURE_DAY]).chunks());
}

export function split(cols: BarColumns): MarketSplit {
  return buildSplit(cols, 'ETHUSDT', DEFAULT_FEATURE_PARAMS);
}

/** The backtest's defaults: spot ETHUSDT, 0.1 % fee, 1 bp slippage, 10 000 USDT, default risk limits. */
export const SPOT_ENV: Omit<EnvConfig, 'rewardScale' | 'drawdownPenalty'> = {
  market: 'spot',
  filters: defaultFilters('ETHUSDT', 'spot'),
  feeRate: 0.001,
  slippageBps: 1,
  startCash: 10_000,
  risk: {},
};

/** The default config with no sentiment folder, so a user's data/sentiment cannot leak into a test. */
export const TEST_CONFIG: AppConfig = {
  ...DEFAULT_CONFIG,
  sentimentDir: join(tmpdir(), 'drl-train-no-sentiment'),
};
