import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/engine/core/clock.js';
import type { EngineEvent } from '../../src/engine/core/events.js';
import type { SymbolFilters } from '../../src/engine/core/types.js';
import { BinanceSpotExecutor } from '../../src/engine/execution/binanceSpotExecutor.js';
import { SecretRegistry } from '../../src/engine/journal/secretRegistry.js';
import { SystemLog } from '../../src/engine/journal/systemLog.js';
import { logLiveEvent } from '../../src/engine/live.js';
import { buildSession } from '../../src/engine/session.js';
import { finishSession } from '../../src/engine/sessionEnd.js';
import type { BinanceServerOptions } from '../support/binanceServer.js';
import { useBinanceServer } from '../support/useBinanceServer.js';
import { allFiles, useTmpDir } from './support.js';

const startServer = useBinanceServer();
const tmp = useTmpDir();

/**
 * The real engine with the spot testnet executor on the loopback exchange, one manual clock for
 * both (so a Retry-After is waited out by moving it). Strategy `hold` (target 1, at most +0.1 per
 * bar) asks for a buy on every bar, which is what each case needs to provoke.
 */
async function rig(o: { server?: BinanceServerOptions; filters?: Partial<SymbolFilters> } = {}) {
  const dir = tmp();
  const clock = new ManualClock(0);
  const s = await startServer({ initialClosed: 300, ...o.server, now: () => clock.now() });
  clock.set(s.candles[300]!.openTime);
  const secrets = new SecretRegistry();
  secrets.register(s.spotCredentials.apiKey);
  secrets.register(s.spotCredentials.apiSecret);
  const syslog = new SystemLog(join(dir, 'trading_system.log'), { clock, secrets });
  const made = BinanceSpotExecutor.create({
    symbol: s.symbol,
    baseUrl: s.restBase,
    ...s.spotCredentials,
    clock,
    orderTimeoutMs: 2000,
    lookupDelayMs: 10,
    log: (level, message) => syslog[level](message),
  });
  if (!made.ok) throw new Error(made.error);
  const executor = made.value;
  const account = await executor.sync();
  const session = await buildSession({
    symbol: s.symbol,
    market: 'spot',
    mode: 'TESTNET',
    sessionId: 'rejects',
    clock,
    startCash: 10_000,
    feeRate: 0.001,
    slippageBps: 0,
    strategy: 'hold',
    modelDir: null,
    sentimentDir: null,
    journalPath: join(dir, 'journal.jsonl'),
    secrets,
    screen: false,
    executor,
    filters: { ...account.filters, ...o.filters },
  });
  const engine = session.engine;
  const events: EngineEvent[] = [];
  engine.addListener((e) => {
    events.push(e);
    logLiveEvent(syslog, e);
  });
  let i = 300;
  return {
    s,
    dir,
    clock,
    engine,
    events,
    /** Close the next candle on the exchange and let the engine decide on it (and send its order). */
    async bar(): Promise<void> {
      const c = s.candles[i++]!;
      s.advance(1);
      clock.set(c.closeTime + 1);
      await engine.processBar({
        openTime: c.openTime,
        open: Number(c.open),
        high: Number(c.high),
        low: Number(c.low),
        close: Number(c.close),
        volume: Number(c.volume),
        closeTime: c.closeTime,
      });
    },
    posts: () => s.orderPosts(),
    of: <T extends EngineEvent['type']>(t: T) =>
      events.filter((e): e is Extract<EngineEvent, { type: T }> => e.type === t),
    /** Write the session report and the log; return the report and the system log text. */
    finish() {
      const out = finishSession(session, {
        sessionId: 'rejects-report',
        reportsDir: join(dir, 'reports'),
        startedAt: 0,
        endedAt: clock.now(),
        secrets,
      });
      syslog.close();
      const log = readFileSync(join(dir, 'trading_system.log'), 'utf8');
      const files = allFiles(dir).map((f) => readFileSync(f, 'utf8'));
      return { report: out.report, log, files, creds: s.spotCredentials, html: out.html };
    },
  };
}

describe('exchange rejections and rate limits at engine level', () => {
  it('returns -1013 LOT_SIZE rejects as events and report counts, and keeps deciding', async () => {
    // The exchange's step is 0.0001; the engine was told 0.00001 (filters changed after the sync).
    const r = await rig({ filters: { stepSize: '0.00001000', minQty: '0.00001000' } });
    for (let n = 0; n < 8; n++) await r.bar();
    const rejects = r.of('reject');
    expect(rejects.length, 'quantities off the exchange step are refused').toBeGreaterThan(0);
    expect(rejects.every((e) => e.code === -1013 && /LOT_SIZE/.test(e.message))).toBe(true);
    expect(r.of('decision'), 'the engine kept deciding every bar').toHaveLength(8);
    const { report, log, html } = r.finish();
    expect(report.rejects['-1013']?.count, 'counted by code in the session report').toBe(rejects.length);
    expect(report.session.ordersByStatus.rejected).toBe(rejects.length);
    expect(log).toMatch(/WARN {2}order rejected .*code=-1013/);
    await html;
  });

  it('returns -2010 insufficient balance as a reject the engine survives', async () => {
    // The engine believes it has 10,000 USDT; the account holds 30.
    const r = await rig({ server: { spotBalances: { USDT: '30', ETH: '0', BNB: '0' } } });
    for (let n = 0; n < 4; n++) await r.bar();
    const rejects = r.of('reject');
    expect(rejects).toHaveLength(4);
    expect(rejects[0]!.code).toBe(-2010);
    expect(rejects[0]!.message).toMatch(/insufficient balance/);
    expect(r.engine.parts.portfolio.qty, 'no fill was invented').toBe(0);
    const { report, log, html } = r.finish();
    expect(report.rejects['-2010']?.count).toBe(4);
    expect(log).toMatch(/code=-2010/);
    await html;
  });

  it('returns a fill after -1021 (clock skew): the executor resyncs once and the order goes through', async () => {
    const r = await rig();
    await r.bar();
    r.s.skewMs = 30_000; // the exchange's clock jumps 30 s ahead of ours
    await r.bar();
    const fills = r.of('fill');
    expect(fills, 'both bars filled').toHaveLength(2);
    expect(r.of('reject')).toEqual([]);
    const refused = r.s.requests.filter((q) => q.method === 'POST' && q.status === 400).length;
    expect(refused, 'the exchange did refuse one POST with -1021').toBe(1);
    const { report, log, html } = r.finish();
    expect(log).toMatch(/-1021; resyncing time and retrying once/);
    expect(report.rejects).toEqual({});
    await html;
  });

  it('returns RATE_LIMITED skips on 429 and sends nothing until Retry-After has passed', async () => {
    const r = await rig();
    r.s.failNext({ status: 429, retryAfterSec: 90, path: '/api/v3/order', method: 'POST' });
    await r.bar(); // 429
    await r.bar(); // +60 s: still inside Retry-After, not sent
    expect(r.posts(), 'one POST (the 429), none while waiting').toBe(1);
    await r.bar(); // +120 s: sent and filled
    expect(r.posts()).toBe(2);
    const skips = r.of('skip').filter((e) => e.reason === 'RATE_LIMITED');
    expect(skips).toHaveLength(2);
    expect(r.of('fill')).toHaveLength(1);
    const { report, log, html } = r.finish();
    expect(report.skips.RATE_LIMITED, 'counted in the session report').toBe(2);
    expect(log).toMatch(/rate limited \(HTTP 429 -1003\)/);
    await html;
  });

  it('returns RATE_LIMITED skips on a 418 ban and resumes after it', async () => {
    const r = await rig();
    r.s.failNext({ status: 418, retryAfterSec: 150, path: '/api/v3/order', method: 'POST' });
    for (let n = 0; n < 4; n++) await r.bar(); // 418, +60 s, +120 s banned; +180 s sent
    expect(r.posts(), 'nothing is sent during the ban').toBe(2);
    expect(r.of('skip').filter((e) => e.reason === 'RATE_LIMITED')).toHaveLength(3);
    expect(r.of('fill')).toHaveLength(1);
    const { report, log, files, creds, html } = r.finish();
    expect(report.skips.RATE_LIMITED).toBe(3);
    expect(log).toMatch(/rate limited \(HTTP 418 -1003\)/);
    for (const text of files) {
      expect(text.includes(creds.apiKey) || text.includes(creds.apiSecret), 'no key in any file').toBe(false);
    }
    await html;
  });
});
