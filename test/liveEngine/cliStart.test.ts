import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBinanceServer } from '../support/useBinanceServer.js';
import { BIN, CliRun, assertBuilt } from './cliRun.js';
import { useTmpDir } from './support.js';

const tmp = useTmpDir();
beforeAll(() => assertBuilt());
const startServer = useBinanceServer();

const KEYS = {
  BINANCE_TESTNET_API_KEY: 'spotTestKey7f3a9c1e5b2d8f4a6c0e9b1d3f5a7c9e',
  BINANCE_TESTNET_API_SECRET: 'spotTestSecret2b4d6f8a0c1e3a5c7e9b1d3f5a7c9e1',
};

/** The parent's environment without any Binance key, so "no keys" really means none. */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('BINANCE_')) env[k] = v;
  return { ...env, ...extra };
}

function cli(args: string[], env: NodeJS.ProcessEnv, cwd: string) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, env, encoding: 'utf8', timeout: 20_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A refusal: exit 1, one line on stderr, nothing on stdout, no stack trace, no state written. */
function expectRefused(r: ReturnType<typeof cli>, dir: string, pattern: RegExp): void {
  expect(r.status, r.stderr).toBe(1);
  expect(r.stdout).toBe('');
  const lines = r.stderr.trim().split('\n');
  expect(lines, 'one line').toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(existsSync(join(dir, 'state')), 'nothing started').toBe(false);
  for (const v of Object.values(KEYS)) expect(r.stderr.includes(v), 'no key in the message').toBe(false);
}

describe('drl-tui --live / --testnet start-up checks (the built CLI)', () => {
  it('returns a one-line refusal for --exchange-url https://api.binance.com', () => {
    const dir = tmp();
    const r = cli(
      ['--testnet', 'spot', '--headless', '--exchange-url', 'https://api.binance.com'],
      cleanEnv(KEYS),
      dir,
    );
    expectRefused(
      r,
      dir,
      /refusing to send orders to https:\/\/api\.binance\.com: .*testnet host or loopback/,
    );
  });

  it('returns a one-line refusal for a non-testnet order host in paper mode too', () => {
    const dir = tmp();
    const r = cli(['--live', '--headless', '--exchange-url', 'https://example.com'], cleanEnv(), dir);
    expectRefused(r, dir, /^drl-tui: --exchange-url: refusing to send orders to https:\/\/example\.com/);
  });

  it('returns a one-line error naming the spot key variables when --testnet spot has no keys', () => {
    const dir = tmp();
    const r = cli(['--testnet', 'spot', '--headless'], cleanEnv(), dir);
    expectRefused(
      r,
      dir,
      /BINANCE_TESTNET_API_KEY and BINANCE_TESTNET_API_SECRET.*\.env.*nothing was started/,
    );
  });

  it('returns a one-line error naming the futures key variables when --testnet usdm has no keys', () => {
    const dir = tmp();
    const r = cli(['--testnet', 'usdm', '--headless'], cleanEnv(), dir);
    expectRefused(r, dir, /BINANCE_FUTURES_TESTNET_API_KEY and BINANCE_FUTURES_TESTNET_API_SECRET/);
  });

  it('returns a one-line error naming only the missing variable when .env holds half the keys', () => {
    const dir = tmp();
    writeFileSync(join(dir, '.env'), `BINANCE_TESTNET_API_KEY=${KEYS.BINANCE_TESTNET_API_KEY}\n`);
    const r = cli(['--testnet', 'spot', '--headless'], cleanEnv(), dir);
    expectRefused(r, dir, /needs BINANCE_TESTNET_API_SECRET: export it/);
  });

  it('returns a one-line error for --testnet with an unknown venue', () => {
    const dir = tmp();
    const r = cli(['--testnet', 'coinm', '--headless'], cleanEnv(KEYS), dir);
    expectRefused(r, dir, /--testnet must be spot or usdm, got 'coinm'/);
  });

  it('returns a one-line refusal when another process already trades the symbol from the same folder', async () => {
    const s = await startServer({ initialClosed: 300, repeatFormingMs: 50 });
    const dir = tmp();
    const feed = ['--market-ws', s.wsBase, '--market-rest', s.restBase, '--model', 'none'];
    const first = new CliRun(['--live', '--headless', ...feed], { cwd: dir, env: cleanEnv() });
    await first.until(() => first.lines.some((l) => l.type === 'feed' && l.status === 'live'), 'first live');
    const second = cli(['--live', '--headless', ...feed], cleanEnv(), dir);
    expect(second.status).toBe(1);
    expect(second.stderr.trim().split('\n')).toHaveLength(1);
    expect(second.stderr).toMatch(
      new RegExp(`another drl-tui \\(pid ${first.child.pid}\\) is already trading ETHUSDT \\(paper\\)`),
    );
    first.child.kill('SIGTERM');
    expect((await first.exited).code).toBe(0);
    // The lock went with the first process: a new start is accepted.
    const third = new CliRun(['--live', '--headless', ...feed], { cwd: dir, env: cleanEnv() });
    await third.until(() => third.lines.some((l) => l.type === 'feed' && l.status === 'live'), 'third live');
    await third.kill9();
  });
});
