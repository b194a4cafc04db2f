import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Market } from './engine/core/types.js';

/**
 * One validated configuration object. Precedence (later wins):
 * defaults < trading_config.json (in the working directory, or --config) < environment (DRL_TUI_*) < flags.
 * Secrets (API keys) are deliberately NOT part of this object: they come from the environment or
 * .env only, via src/engine/core/env.ts, so they can never be printed with the config.
 */
export interface AppConfig {
  readonly symbol: string;
  readonly market: Market;
  readonly startCash: number; // quote currency (USDT)
  readonly feeRate: number; // 0.001 = 0.1 % per fill (Binance spot taker, no BNB discount)
  readonly slippageBps: number; // paper fills: price moved against us by this many basis points
  readonly strategy: string; // built-in name or a YAML/JSON strategy file
  readonly model: string | null; // policy package directory; null = observation-only
  readonly stateDir: string;
  readonly reportsDir: string;
  readonly sentimentDir: string;
  readonly logFile: string;
  readonly llmUrl: string;
  readonly redditUrl: string | null;
  readonly marketWs: string;
  readonly marketRest: string;
  readonly exchangeUrl: string | null;
}

export const DEFAULT_CONFIG: AppConfig = Object.freeze({
  symbol: 'ETHUSDT',
  market: 'spot',
  startCash: 10_000,
  feeRate: 0.001,
  slippageBps: 1,
  strategy: 'ensemble',
  model: 'models/default',
  stateDir: 'state',
  reportsDir: 'reports',
  sentimentDir: 'data/sentiment',
  logFile: 'trading_system.log',
  llmUrl: 'http://127.0.0.1:1234/v1',
  redditUrl: null,
  marketWs: 'wss://stream.binance.com:9443/ws',
  marketRest: 'https://api.binance.com',
  exchangeUrl: null,
});

type Source = 'trading_config.json' | 'environment' | 'flag';
type Raw = Record<string, unknown>;

const ENV_KEYS: Record<string, keyof AppConfig> = {
  DRL_TUI_SYMBOL: 'symbol',
  DRL_TUI_MARKET: 'market',
  DRL_TUI_START_CASH: 'startCash',
  DRL_TUI_FEE_RATE: 'feeRate',
  DRL_TUI_SLIPPAGE_BPS: 'slippageBps',
  DRL_TUI_STRATEGY: 'strategy',
  DRL_TUI_MODEL: 'model',
  DRL_TUI_STATE_DIR: 'stateDir',
  DRL_TUI_REPORTS_DIR: 'reportsDir',
  DRL_TUI_LLM_URL: 'llmUrl',
  DRL_TUI_REDDIT_URL: 'redditUrl',
};

function fail(source: Source, key: string, why: string): never {
  throw new Error(`config: ${key} from ${source} ${why}`);
}

function apply(target: Record<string, unknown>, raw: Raw, source: Source): void {
  for (const [key, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    if (!(key in DEFAULT_CONFIG)) {
      const known = Object.keys(DEFAULT_CONFIG).join(', ');
      fail(source, `'${key}'`, `is not a setting (known: ${known})`);
    }
    const def = DEFAULT_CONFIG[key as keyof AppConfig];
    if (typeof def === 'number') {
      const n = typeof value === 'number' ? value : Number(value);
      if (!Number.isFinite(n) || n < 0)
        fail(source, key, `must be a non-negative number, got ${String(value)}`);
      target[key] = n;
    } else if (key === 'market') {
      if (value !== 'spot' && value !== 'usdm')
        fail(source, key, `must be spot or usdm, got ${String(value)}`);
      target[key] = value;
    } else if (value === null || value === 'none') {
      if (def !== null && key !== 'model') fail(source, key, 'cannot be empty');
      target[key] = null;
    } else {
      if (typeof value !== 'string' || value === '') fail(source, key, 'must be a non-empty string');
      target[key] = key === 'symbol' ? value.toUpperCase() : value;
    }
  }
}

/** Build the config. Throws one-line errors naming the setting and where it came from. */
export function loadConfig(
  opts: { cwd?: string; configFile?: string; env?: NodeJS.ProcessEnv; flags?: Raw } = {},
): AppConfig {
  const cwd = opts.cwd ?? process.cwd();
  const env = opts.env ?? process.env;
  const out: Record<string, unknown> = { ...DEFAULT_CONFIG };
  const file = resolve(cwd, opts.configFile ?? 'trading_config.json');
  if (existsSync(file)) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(file, 'utf8'));
    } catch (e) {
      throw new Error(`config: ${file} is not valid JSON (${(e as Error).message})`);
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new Error(`config: ${file} must hold a JSON object`);
    }
    apply(out, parsed as Raw, 'trading_config.json');
  } else if (opts.configFile) {
    throw new Error(`config: ${file} does not exist`);
  }
  const fromEnv: Raw = {};
  for (const [name, key] of Object.entries(ENV_KEYS)) if (env[name] !== undefined) fromEnv[key] = env[name];
  apply(out, fromEnv, 'environment');
  if (opts.flags) apply(out, opts.flags, 'flag');
  return Object.freeze(out as unknown as AppConfig);
}
