import { existsSync, readFileSync } from 'node:fs';
import { packagePath } from './packageRoot.js';
import { DEFAULT_CONFIG, loadConfig } from './config.js';
import type { AppConfig } from './config.js';
import { helpText, parseCli } from './cliArgs.js';
import type { ParsedArgs } from './cliArgs.js';
import { err, out } from './commands/output.js';

const VERSION = (JSON.parse(readFileSync(packagePath('package.json'), 'utf8')) as { version: string })
  .version;

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : []);

/** Flags that map onto config settings (validated by loadConfig with the flag named in errors). */
function configFlags(v: ParsedArgs['values']): Record<string, unknown> {
  return {
    strategy: str(v.strategy),
    model: str(v.model),
    market: str(v.market),
    symbol: str(v.symbol),
    startCash: str(v['start-cash']),
    feeRate: str(v.fee),
    slippageBps: str(v['slippage-bps']),
    redditUrl: str(v['reddit-url']),
    llmUrl: str(v['llm-url']),
    marketWs: str(v['market-ws']),
    marketRest: str(v['market-rest']),
    exchangeUrl: str(v['exchange-url']),
  };
}

/**
 * The shipped model lives in the package: when the default `models/default` is not in the working
 * directory (drl-tui started from elsewhere), use the package's own copy.
 */
function withPackageDefaults(cfg: AppConfig): AppConfig {
  if (cfg.model === null || cfg.model !== DEFAULT_CONFIG.model || existsSync(cfg.model)) return cfg;
  return { ...cfg, model: packagePath(DEFAULT_CONFIG.model) };
}

async function main(argv: readonly string[]): Promise<void> {
  const args = parseCli(argv);
  const v = args.values;
  if (v.help) return out(helpText(VERSION));
  if (v.version) return out(VERSION);
  const cfg = withPackageDefaults(loadConfig({ configFile: str(v.config), flags: configFlags(v) }));
  const data = [...list(v.data), ...args.positionals];
  switch (args.command) {
    case 'backtest': {
      const { backtestCommand } = await import('./commands/backtest.js');
      return backtestCommand(cfg, data, str(v.json), str(v.journal), str(v.symbols));
    }
    case 'explain': {
      const { explainCommand } = await import('./commands/explain.js');
      return explainCommand(data[0], str(v.at));
    }
    case 'verify': {
      const { verifyCommand } = await import('./commands/verify.js');
      // Only an explicit --model overrides the journal's recorded model directory.
      return verifyCommand(data[0], str(v.model));
    }
    case 'report': {
      const { reportCommand } = await import('./commands/report.js');
      return reportCommand(data, str(v.out));
    }
    case 'import-sb3': {
      const { importSb3Command } = await import('./commands/importSb3.js');
      return importSb3Command(data[0], str(v.out), str(v.scaler));
    }
    case 'sentiment': {
      const { sentimentCommand } = await import('./commands/sentiment.js');
      return sentimentCommand(cfg, str(v.date), v.force === true);
    }
    case 'features': {
      const { featuresCommand } = await import('./commands/features.js');
      return featuresCommand(data, str(v.out), cfg.sentimentDir);
    }
    case 'train': {
      const { trainCommand } = await import('./commands/train.js');
      return trainCommand(cfg, {
        data,
        eval: list(v.eval),
        algo: str(v.algo),
        steps: str(v.steps),
        seed: str(v.seed),
        out: str(v.out),
        argv,
      });
    }
    case 'console':
    case 'replay': {
      if (v.live === true || v.testnet !== undefined) {
        if (v.replay === true || data.length > 0)
          throw new Error('--live/--testnet trade live candles: drop --replay/--data');
        const { liveCommand } = await import('./commands/live.js');
        return liveCommand(cfg, {
          live: v.live === true,
          testnet: str(v.testnet),
          headless: v.headless === true,
          keepPosition: v['keep-position'] === true,
          debug: v.debug === true,
          ...(str(v.symbols) !== undefined ? { symbols: str(v.symbols)! } : {}),
        });
      }
      const journal = str(v.journal);
      if (journal !== undefined) {
        if (data.length > 0 || v.headless === true || v.symbols !== undefined)
          throw new Error(
            '--journal plays one recorded journal on screen: drop --data/--headless/--symbols (drl-tui verify checks one headless)',
          );
        const { journalConsoleCommand } = await import('./commands/journalConsole.js');
        const { parseSpeed } = await import('./engine/replay.js');
        return journalConsoleCommand(journal, {
          at: str(v.at),
          speed: v.speed === undefined ? undefined : parseSpeed(str(v.speed), 600),
          model: str(v.model),
        });
      }
      const consoleArgs = {
        data,
        speed: str(v.speed),
        keepPosition: v['keep-position'] === true,
        headless: v.headless === true,
        debug: v.debug === true,
        ...(str(v.symbols) !== undefined ? { symbols: str(v.symbols)! } : {}),
      };
      const { consoleCommand } = await import('./commands/console.js');
      return consoleCommand(cfg, consoleArgs);
    }
    default:
      throw new Error(`unknown command '${args.command}' (try drl-tui --help)`);
  }
}

main(process.argv.slice(2)).then(
  () => {
    // Ink and sockets may keep handles open after a command is done; the command decides when we are finished.
    process.exitCode ??= 0;
  },
  (e: unknown) => {
    err(`drl-tui: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  },
);
