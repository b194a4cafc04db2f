import { parseArgs } from 'node:util';

/**
 * Flag definitions for every command, in one place so `--help` and the README come from the same
 * table. Values stay strings here; src/config.ts and each command validate them.
 */
export const OPTIONS = {
  data: {
    type: 'string',
    multiple: true,
    desc: 'candle file, folder or glob (Binance kline zip/csv or OHLCV csv)',
  },
  out: { type: 'string', desc: 'output file (train: the policy package directory)' },
  eval: {
    type: 'string',
    multiple: true,
    desc: 'train: validation candles for checkpoint selection (default: the last 20% of --data)',
  },
  algo: { type: 'string', desc: 'train: a2c | ppo (default ppo)' },
  steps: { type: 'string', desc: 'train: environment steps (default 200000)' },
  seed: { type: 'string', desc: 'train: random seed (default 0)' },
  json: { type: 'string', desc: 'also write the report as JSON to this file' },
  strategy: { type: 'string', desc: 'rsi | macd | bollinger | ensemble | hold | drl | <strategy.yaml|json>' },
  model: {
    type: 'string',
    desc: "policy package directory (default models/default; 'none' = observation-only)",
  },
  market: { type: 'string', desc: 'spot (long-only, default) | usdm (shorts allowed)' },
  symbol: { type: 'string', desc: 'symbol, e.g. ETHUSDT (default: from the file names, else ETHUSDT)' },
  symbols: {
    type: 'string',
    desc: 'several symbols, comma-separated (ETHUSDT,BTCUSDT): one engine each, a shared account view',
  },
  journal: {
    type: 'string',
    desc: 'backtest: write the decision journal to this file; console: play this recorded journal on screen',
  },
  at: {
    type: 'string',
    desc: 'explain (and --journal playback): the bar — ISO time, epoch ms, bar index (0 = first; last, or --at=-N from the end)',
  },
  replay: { type: 'boolean', desc: 'replay candles on screen (default data: the bundled demo days)' },
  live: { type: 'boolean', desc: 'paper trading on live Binance 1m candles (public data: no keys needed)' },
  testnet: {
    type: 'string',
    desc: 'spot | usdm: orders on the Binance testnet (keys from the environment or .env)',
  },
  'market-ws': {
    type: 'string',
    desc: 'live: market-data WebSocket base URL (default Binance public stream)',
  },
  'market-rest': { type: 'string', desc: 'live: market-data REST base URL for warm-up and backfill' },
  'exchange-url': {
    type: 'string',
    desc: 'live: order/account base URL (Binance testnet hosts or loopback only)',
  },
  speed: { type: 'string', desc: 'replay speed: 1x | 10x | 60x | 600x | max (default 600x = 10 bars/s)' },
  'keep-position': { type: 'boolean', desc: 'on quit, do not flatten the position' },
  headless: { type: 'boolean', desc: 'no screen: one JSON line per event on stdout' },
  config: { type: 'string', desc: 'config file (default ./trading_config.json if present)' },
  'start-cash': { type: 'string', desc: 'starting quote balance (default 10000)' },
  fee: { type: 'string', desc: 'fee rate per fill (default 0.001 = 0.1 %)' },
  'slippage-bps': { type: 'string', desc: 'paper slippage in basis points (default 1)' },
  scaler: {
    type: 'string',
    desc: 'import-sb3: observation scaler JSON (sklearn StandardScaler/MinMaxScaler or VecNormalize obs_rms)',
  },
  date: { type: 'string', desc: 'sentiment: the UTC day to score, YYYY-MM-DD (default yesterday)' },
  force: { type: 'boolean', desc: 'sentiment: refetch posts even if the day is already scored' },
  'reddit-url': {
    type: 'string',
    desc: 'Reddit API base URL (token + listings), e.g. a loopback test server',
  },
  'llm-url': {
    type: 'string',
    desc: 'OpenAI-compatible base URL for s1..s5 (default http://127.0.0.1:1234/v1)',
  },
  debug: { type: 'boolean', desc: "console: rerun yesterday's sentiment at start" },
  help: { type: 'boolean', short: 'h', desc: 'show help' },
  version: { type: 'boolean', short: 'v', desc: 'show the version' },
} as const;

type OptionSpec = (typeof OPTIONS)[keyof typeof OPTIONS];

export interface ParsedArgs {
  readonly command: string;
  readonly positionals: readonly string[];
  readonly values: Readonly<Record<string, string | boolean | (string | boolean)[] | undefined>>;
}

/** Parse argv; unknown flags are a one-line error (`drl-tui: unknown option '--spede'`). */
export function parseCli(argv: readonly string[]): ParsedArgs {
  const options: Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string }> = {};
  for (const [name, spec] of Object.entries(OPTIONS) as [string, OptionSpec][]) {
    options[name] = {
      type: spec.type,
      ...('multiple' in spec ? { multiple: true } : {}),
      ...('short' in spec ? { short: spec.short } : {}),
    };
  }
  const { values, positionals } = parseArgs({
    args: [...argv],
    options,
    allowPositionals: true,
    strict: true,
  });
  // `drl-tui --replay <path>`: the path is data, not a command.
  if (values.replay === true) return { command: 'console', positionals, values };
  const [command = 'console', ...rest] = positionals;
  return { command, positionals: rest, values };
}

export const COMMANDS: readonly (readonly [string, string])[] = [
  ['(none) | --replay', 'open the console: replay the bundled real candles through the full engine (paper)'],
  [
    '--symbols A,B',
    'several symbols in one console: an engine and a tab each, a summary tab (also --live/--testnet, backtest)',
  ],
  ['--journal <file>', 'play a recorded session on screen: pause, step, jump, speed (--at, --speed)'],
  [
    '--live|--testnet spot|usdm',
    'the console on live Binance candles: paper fills, or testnet orders (restart-safe)',
  ],
  ['backtest --data <path>', 'run the pipeline headless and print the report (--json, --strategy, --model)'],
  ['train --data <path>', 'train a PPO/A2C policy into --out <dir> (--eval, --algo, --steps, --seed)'],
  ['features --data <path>', 'write the 13 market features per bar as CSV (--out file.csv, else stdout)'],
  [
    'import-sb3 <model.zip>',
    'convert a stable-baselines3 A2C/PPO MlpPolicy zip into a policy package (--out <dir>)',
  ],
  [
    'sentiment [--date D]',
    'fetch + score one UTC day of Reddit posts (VADER + LLMs) into data/sentiment (--force)',
  ],
  ['report <report.json|.jsonl>', 'write the self-contained HTML report with charts (--out file.html)'],
  [
    'explain <journal> --at <t>',
    'why the agent did what it did at one bar: features, votes, risk, order, fill',
  ],
  ['verify <journal>', 're-run a journal through a fresh engine; first divergence or "identical" (--model)'],
];

export function helpText(version: string): string {
  const lines = [
    `drl-tui ${version} — terminal console for a deep-RL crypto trading agent`,
    '',
    'Usage: drl-tui [command] [options]',
    '',
    'Commands:',
  ];
  for (const [c, d] of COMMANDS) lines.push(`  ${c.padEnd(28)}${d}`);
  lines.push('', 'Options:');
  for (const [name, spec] of Object.entries(OPTIONS) as [string, OptionSpec][]) {
    const flag = `--${name}${spec.type === 'string' ? ' <value>' : ''}`;
    lines.push(`  ${flag.padEnd(28)}${spec.desc}`);
  }
  return lines.join('\n');
}
