import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../src/engine/core/rng.js';
import type { OrderIntent } from '../../src/engine/core/types.js';
import type { BinanceTestServer } from '../support/binanceServer.js';
import { useBinanceServer } from '../support/useBinanceServer.js';
import { CliRun, assertBuilt } from './cliRun.js';
import { allFiles, journalRecords, useTmpDir, writeStrategy } from './support.js';

const startServer = useBinanceServer();
let ticker: NodeJS.Timeout | null = null;
afterEach(() => {
  if (ticker) clearInterval(ticker);
  ticker = null;
});
const tmp = useTmpDir();
beforeAll(() => assertBuilt());

const KILLS = 4;

interface Outcome {
  readonly dir: string;
  readonly runs: CliRun[];
  readonly s: BinanceTestServer;
  readonly state: {
    journalPath: string;
    portfolio: { qty: number; cash: number };
    lastOpenTime: number;
  };
  readonly journal: Record<string, unknown>[];
}

/**
 * Start the real CLI against the loopback exchange, SIGKILL it at random points (during start-up,
 * warm-up, and after a random number of decisions), let the market move while it is down, start
 * it again, and finally stop it cleanly with SIGTERM once it has caught up.
 */
async function killAndRestart(mode: string[], seed: number): Promise<Outcome> {
  const s = await startServer({ initialClosed: 300, repeatFormingMs: 50 });
  const dir = tmp();
  const strategy = writeStrategy(dir);
  const env = {
    ...process.env,
    BINANCE_TESTNET_API_KEY: s.spotCredentials.apiKey,
    BINANCE_TESTNET_API_SECRET: s.spotCredentials.apiSecret,
  };
  const args = [
    ...mode,
    '--headless',
    '--keep-position',
    '--model',
    'none',
    '--strategy',
    strategy,
    '--market-ws',
    s.wsBase,
    '--market-rest',
    s.restBase,
    '--exchange-url',
    s.restBase,
  ];
  // The market moves on its own, alive or dead: one candle every 25 ms.
  ticker = setInterval(() => s.advance(1), 25);
  const rng = new Rng(seed);
  const runs: CliRun[] = [];
  for (let k = 0; k <= KILLS; k++) {
    const run = new CliRun(args, { cwd: dir, env });
    runs.push(run);
    if (k === 0) {
      // Killed during start-up / warm-up, before the first decision.
      await new Promise((r) => setTimeout(r, 150 + rng.next() * 250));
    } else if (k < KILLS) {
      const n = 3 + Math.floor(rng.next() * 25);
      await run.until(() => run.decisions().length >= n, `${n} decisions`);
      await new Promise((r) => setTimeout(r, rng.next() * 6)); // land anywhere inside a bar
    }
    if (k < KILLS) {
      await run.kill9();
      await new Promise((r) => setTimeout(r, 20 + rng.next() * 60)); // candles close while it is down
      continue;
    }
    await run.until(() => run.decisions().length >= 10, '10 decisions in the last run');
    if (ticker) clearInterval(ticker);
    ticker = null;
    const last = s.lastClosed()!.openTime;
    await run.until(() => run.decisions().includes(last), 'catch-up to the last candle');
    run.child.kill('SIGTERM');
    const exit = await run.exited;
    expect(exit.code, `clean exit; stderr: ${run.stderr}`).toBe(0);
    expect(run.stderr).toMatch(/Session report: /);
  }
  const venue = mode[0] === '--live' ? 'paper' : 'spot-testnet';
  const state = JSON.parse(
    readFileSync(join(dir, 'state', `engine_ETHUSDT_${venue}.json`), 'utf8'),
  ) as Outcome['state'];
  const journal = journalRecords(join(dir, state.journalPath));
  return { dir, runs, s, state, journal };
}

/** Checks every kill-and-restart run must pass, paper or testnet. */
function checkJournal(o: Outcome): { fills: Record<string, unknown>[]; orders: OrderIntent[] } {
  const { journal, s, state } = o;
  const decided = journal
    .filter((r) => r.type === 'decision')
    .map((r) => (r.bar as { openTime: number }).openTime);
  const first = s.candles.findIndex((c) => c.openTime === decided[0]);
  const expected = s.candles.slice(first, first + decided.length).map((c) => c.openTime);
  expect(decided.length, 'bars were decided across the restarts').toBeGreaterThan(50);
  expect(decided, 'no lost bar and no duplicated decision across kills').toEqual(expected);
  expect(decided.at(-1)).toBe(state.lastOpenTime);
  const stdoutDecided = new Set(o.runs.flatMap((r) => r.decisions()));
  for (const t of decided) expect(stdoutDecided.has(t), 'every journaled decision was on stdout').toBe(true);

  const orders = journal.filter((r) => r.type === 'order').map((r) => r.intent as OrderIntent);
  const ids = orders.map((i) => i.clientOrderId);
  expect(new Set(ids).size, 'no order planned twice').toBe(ids.length);
  expect(orders.length, 'the busy strategy traded').toBeGreaterThan(5);
  const results = journal.filter((r) => r.type === 'orderResult');
  const resultIds = results.map((r) => r.clientOrderId as string);
  expect(new Set(resultIds).size, 'one outcome per order').toBe(resultIds.length);
  const pending = ids.filter((id) => !resultIds.includes(id));
  expect(pending.length, 'at most the paper order waiting for the next open').toBeLessThanOrEqual(1);
  const fills = journal.filter((r) => r.type === 'fill');
  const fillIds = fills.map((r) => (r.fill as { clientOrderId: string }).clientOrderId);
  expect(new Set(fillIds).size, 'no fill applied twice').toBe(fillIds.length);
  const reconciles = journal.filter((r) => r.type === 'reconcile');
  expect(
    reconciles.filter((r) => !/fresh session/.test(r.reason as string)),
    'after recovery the saved position always agreed (nothing had to be adopted)',
  ).toEqual([]);
  // Keys: never in a file the session wrote, never on stdout or stderr.
  const secrets = [s.spotCredentials.apiKey, s.spotCredentials.apiSecret];
  for (const f of allFiles(o.dir)) {
    const text = readFileSync(f, 'utf8');
    for (const k of secrets) expect(text.includes(k), `a key leaked into ${f}`).toBe(false);
  }
  for (const r of o.runs)
    for (const k of secrets)
      expect(r.stdout.includes(k) || r.stderr.includes(k), 'key on stdout/stderr').toBe(false);
  expect(existsSync(join(o.dir, 'trading_system.log'))).toBe(true);
  return { fills, orders };
}

describe('kill -9 and restart, the real CLI against the loopback exchange', () => {
  it('returns agreeing journal, position and exchange account after SIGKILLs (--testnet spot)', async () => {
    const o = await killAndRestart(['--testnet', 'spot'], 11);
    const { fills } = checkJournal(o);
    const posted = o.s.requests.filter((r) => r.method === 'POST').map((r) => r.clientOrderId);
    expect(new Set(posted).size, 'no clientOrderId POSTed twice').toBe(posted.length);
    // Every order the exchange executed has exactly one fill in the journal, and vice versa.
    const executed = o.s.spot.orders.map((x) => x.clientOrderId).sort();
    const journaled = fills.map((r) => (r.fill as { clientOrderId: string }).clientOrderId).sort();
    expect(journaled).toEqual(executed);
    const eth = Number(o.s.spot.balances.get('ETH')) / 1e8;
    const usdt = Number(o.s.spot.balances.get('USDT')) / 1e8;
    expect(o.state.portfolio.qty, 'saved position = exchange ETH balance').toBeCloseTo(eth, 8);
    expect(o.state.portfolio.cash, 'saved cash = exchange USDT balance').toBeCloseTo(usdt, 6);
    const lastFill = fills.at(-1)!;
    expect(lastFill.positionQty as number, "the journal's last position = the exchange's").toBeCloseTo(
      eth,
      8,
    );
    const log = readFileSync(join(o.dir, 'trading_system.log'), 'utf8');
    expect(log).toMatch(/INFO {2}session resumed/);
    expect(log).toMatch(/INFO {2}fill /);
  });

  it('returns agreeing journal and saved position after SIGKILLs (--live paper)', async () => {
    const o = await killAndRestart(['--live'], 12);
    const { fills } = checkJournal(o);
    // Paper: the journal is the authority; replaying its fills gives the saved position.
    let qty = 0;
    for (const r of fills) {
      const f = r.fill as { side: string; quantity: number };
      qty += f.side === 'BUY' ? f.quantity : -f.quantity;
      expect(r.positionQty as number).toBeCloseTo(qty, 9);
    }
    expect(o.state.portfolio.qty).toBeCloseTo(qty, 9);
    expect(o.state.portfolio.cash).toBeCloseTo((fills.at(-1)?.cash as number) ?? 10_000, 6);
  });
});
