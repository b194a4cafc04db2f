import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { useBinanceServer } from '../support/useBinanceServer.js';
import { CliRun, assertBuilt } from './cliRun.js';
import { allFiles, journalRecords, useTmpDir } from './support.js';

const startServer = useBinanceServer();
let ticker: NodeJS.Timeout | null = null;
afterEach(() => {
  if (ticker) clearInterval(ticker);
  ticker = null;
});
const tmp = useTmpDir();
beforeAll(() => assertBuilt());

describe('keys never leave the process (the built CLI, --testnet spot)', () => {
  it('returns no key or secret in any file or output, even when the exchange echoes them in errors', async () => {
    // An exchange whose error bodies echo the API key header and the signed query string back,
    // and an account emptied behind the engine's back once it trades (every buy then gets -2010).
    const s = await startServer({ initialClosed: 300, repeatFormingMs: 50 });
    s.echoSecretsInErrors = true;
    const dir = tmp();
    const { apiKey, apiSecret } = s.spotCredentials;
    const run = new CliRun(
      [
        '--testnet',
        'spot',
        '--headless',
        '--model',
        'none',
        '--strategy',
        'hold',
        '--market-ws',
        s.wsBase,
        '--market-rest',
        s.restBase,
        '--exchange-url',
        s.restBase,
      ],
      {
        cwd: dir,
        env: { ...process.env, BINANCE_TESTNET_API_KEY: apiKey, BINANCE_TESTNET_API_SECRET: apiSecret },
      },
    );
    ticker = setInterval(() => s.advance(1), 25);
    await run.until(() => run.lines.some((l) => l.type === 'fill'), 'a first fill');
    s.spot.balances.set('USDT', 0n);
    await run.until(() => run.lines.filter((l) => l.type === 'reject').length >= 3, '3 rejects');
    run.child.kill('SIGTERM');
    expect((await run.exited).code, run.stderr).toBe(0);

    const reject = run.lines.find((l) => l.type === 'reject')!;
    expect(reject.code).toBe(-2010);
    expect(reject.message as string, 'the echoed key was cut out, the rest kept').toMatch(
      /insufficient balance.*key=\*\*\*/,
    );
    const files = allFiles(dir);
    const names = files.map((f) => f.slice(dir.length + 1)).sort();
    expect(names).toEqual(
      expect.arrayContaining(['trading_system.log', expect.stringMatching(/^reports\/.*\.jsonl$/)]),
    );
    expect(
      names.some((n) => /^reports\/.*\.json$/.test(n)),
      'the session report was written',
    ).toBe(true);
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      expect(text.includes(apiKey), `key in ${f}`).toBe(false);
      expect(text.includes(apiSecret), `secret in ${f}`).toBe(false);
      expect(/signature=[0-9a-f]{64}/.test(text), `request signature in ${f}`).toBe(false);
    }
    for (const out of [run.stdout, run.stderr]) {
      expect(out.includes(apiKey)).toBe(false);
      expect(out.includes(apiSecret)).toBe(false);
    }
    const journal = journalRecords(join(dir, files.find((f) => f.endsWith('.jsonl'))!.slice(dir.length + 1)));
    expect(
      journal.some((r) => r.type === 'orderResult'),
      'the rejects were journaled',
    ).toBe(true);
    expect(readFileSync(join(dir, 'trading_system.log'), 'utf8')).toMatch(/order rejected .*code=-2010/);
  });
});
