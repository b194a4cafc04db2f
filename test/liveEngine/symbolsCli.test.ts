import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBinanceServer } from '../support/useBinanceServer.js';
import { loadCandles } from '../support/binanceServerCandles.js';
import { CliRun, ROOT, assertBuilt } from './cliRun.js';
import { useTmpDir } from './support.js';

const tmp = useTmpDir();
beforeAll(() => assertBuilt());
const startServer = useBinanceServer();

/** The same real days of BTCUSDT as the live fixture's ETHUSDT (bundled in data/BTCUSDT/). */
const BTC = loadCandles(['29', '30'].map((d) => join(ROOT, `data/BTCUSDT/BTCUSDT-1m-2024-03-${d}.zip`)));

function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('BINANCE_')) env[k] = v;
  return env;
}

describe('drl-tui --live --symbols ETHUSDT,BTCUSDT (paper, the built CLI, loopback market data)', () => {
  it('returns a feed, decisions, a journal and a state file per symbol, and the account report on exit', async () => {
    const s = await startServer({ otherMarkets: [{ symbol: 'BTCUSDT', candles: BTC }] });
    const dir = tmp();
    const run = new CliRun(
      ['--live', '--headless', '--symbols', 'ETHUSDT,BTCUSDT', '--market-ws', s.wsBase, '--market-rest', s.restBase, '--model', 'none'], // prettier-ignore
      { cwd: dir, env: cleanEnv() },
    );
    const liveFor = (sym: string) => (): boolean =>
      run.lines.some((l) => l.symbol === sym && l.type === 'feed' && l.status === 'live');
    await run.until(liveFor('ETHUSDT'), 'ETHUSDT live');
    await run.until(liveFor('BTCUSDT'), 'BTCUSDT live');
    s.advance(3);
    const last = s.lastClosed()!.openTime;
    const decided = (sym: string) => (): boolean =>
      run.lines.some((l) => l.symbol === sym && l.type === 'decision' && l.openTime === last);
    await run.until(decided('ETHUSDT'), 'an ETHUSDT decision on the newest bar');
    await run.until(decided('BTCUSDT'), 'a BTCUSDT decision on the same minute');
    run.child.kill('SIGTERM');
    expect((await run.exited).code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/Account report: reports\/\S+-ETHUSDT-BTCUSDT\.log/);
    expect(run.stderr).toMatch(/ETHUSDT +: reports\/\S+ETHUSDT\.log \(journal /);
    expect(run.stderr).toMatch(/BTCUSDT +: reports\/\S+BTCUSDT\.log \(journal /);
    for (const sym of ['ETHUSDT', 'BTCUSDT'])
      expect(existsSync(join(dir, 'state', `engine_${sym}_paper.json`)), `${sym}'s own state`).toBe(true);
    const account = readdirSync(join(dir, 'reports')).find((f) => f.endsWith('-ETHUSDT-BTCUSDT.json'))!;
    const report = JSON.parse(readFileSync(join(dir, 'reports', account), 'utf8')) as {
      account: { symbols: string[]; startCashPerSymbol: number };
    };
    expect(report.account.symbols).toEqual(['ETHUSDT', 'BTCUSDT']);
    expect(report.account.startCashPerSymbol, 'the start cash split in two').toBe(5_000);
  }, 60_000);
});
