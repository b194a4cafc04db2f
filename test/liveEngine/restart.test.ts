import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Executor } from '../../src/engine/core/executor.js';
import type { OrderIntent } from '../../src/engine/core/types.js';
import { BinanceUsdmExecutor } from '../../src/engine/execution/binanceUsdmExecutor.js';
import { EngineStateStore } from '../../src/engine/engineStateStore.js';
import type { BinanceTestServer } from '../support/binanceServer.js';
import { useBinanceServer } from '../support/useBinanceServer.js';
import { journalRecords, spotExecutorFor, startLive, useTmpDir } from './support.js';
import type { LiveOpts } from './support.js';

const startServer = useBinanceServer();
const tmp = useTmpDir();

/**
 * One process lifetime (startLive), stepped bar by bar without waiting for the exchange's answer
 * (a dying executor never gives one), until `kill()`: no shutdown at all.
 */
async function start(dir: string, s: BinanceTestServer, o: LiveOpts = {}) {
  const run = await startLive(dir, s, o);
  const { live, waiter } = run;
  const decision = (): Promise<void> =>
    waiter.until(() => live.engine.lastBarOpenTime === s.lastClosed()?.openTime, 'decision');
  const st = live.engine.orderStatus;
  const idle = (): boolean => st.submitted === st.filled + st.rejected + st.unknown + st.skipped;
  let dead = false;
  return {
    live,
    decided: run.decided,
    waiter,
    get dead(): boolean {
      return dead;
    },
    /** Step the market one candle and wait for its decision. */
    async step(): Promise<void> {
      s.advance(1);
      await decision();
    },
    /** Step until pred() holds once the bar's order (if any) has settled or hung. */
    async stepUntil(pred: () => boolean): Promise<void> {
      while (!pred()) {
        s.advance(1);
        await decision();
        await waiter.until(() => pred() || idle(), 'order outcome');
      }
    },
    /** Testnet: every order sent so far has its outcome (fill, reject, skip, unknown). */
    settled(): Promise<void> {
      return waiter.until(idle, 'order outcomes');
    },
    kill(): void {
      dead = true;
      run.kill();
    },
  };
}

function usdmExecutor(s: BinanceTestServer): BinanceUsdmExecutor {
  const r = BinanceUsdmExecutor.create({ symbol: s.symbol, baseUrl: s.restBase, ...s.futuresCredentials });
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

/** An executor that "dies" on the first order: before sending it, or after the exchange filled it. */
function dyingExecutor(real: Executor, when: 'beforeSend' | 'afterSend') {
  const died: { intent: OrderIntent | null } = { intent: null };
  const ex: Executor = {
    kind: real.kind,
    market: real.market,
    sync: () => real.sync(),
    lookup: (id) => real.lookup(id),
    close: () => real.close(),
    async place(intent, ref, time) {
      if (when === 'afterSend') await real.place(intent, ref, time);
      died.intent = intent;
      return new Promise(() => undefined); // the process is gone: no answer ever comes back
    },
  };
  return { ex, died };
}

function decisionsOf(path: string): number[] {
  return journalRecords(path)
    .filter((r) => r.type === 'decision')
    .map((r) => (r.bar as { openTime: number }).openTime);
}

describe('live restart after a kill', () => {
  it('returns each bar decided once after a kill between the journal write and the state commit', async () => {
    const s = await startServer({ initialClosed: 300, repeatFormingMs: 40 });
    const dir = tmp();
    const a = await start(dir, s);
    for (let i = 0; i < 30; i++) await a.step();
    // Kill inside bar 31: its decision is journaled, its state is never committed.
    const doomed = s.candles[s.closedCount()]!.openTime;
    a.live.engine.setCommitHook((inflight) => {
      if (a.live.engine.lastBarOpenTime !== doomed) return a.live.commit(inflight);
      a.kill();
      throw new Error('killed'); // nothing after this point runs in a killed process
    });
    s.advance(1);
    await a.waiter.until(() => a.decided.at(-1) === doomed, 'the doomed decision');
    const discarded = journalRecords(a.live.journalPath)
      .filter((r) => r.type === 'decision')
      .at(-1)!;
    s.advance(3); // missed while down

    const b = await start(dir, s);
    expect(b.live.resumeAfter, 'resumes after the last committed bar').toBe(doomed - 60_000);
    expect(b.live.sessionId, 'the same session: same journal, same client order ids').toBe(a.live.sessionId);
    await b.waiter.until(() => b.live.engine.lastBarOpenTime === s.lastClosed()?.openTime, 'catch-up');
    for (let i = 0; i < 5; i++) await b.step();
    b.kill();

    const ots = decisionsOf(b.live.journalPath);
    const expected = s.candles.slice(300, s.closedCount()).map((c) => c.openTime);
    expect(ots, 'every bar once, in order, across the kill').toEqual(expected);
    const again = journalRecords(b.live.journalPath).find(
      (r) => r.type === 'decision' && (r.bar as { openTime: number }).openTime === doomed,
    )!;
    expect({ ...again, ts: 0 }, 'the re-decided bar reproduces the rolled-back decision exactly').toEqual({
      ...discarded,
      ts: 0,
    });
    const side = readFileSync(`${b.live.journalPath}.discarded`, 'utf8');
    expect(side, 'the rolled-back lines are kept for audit').toContain(`"openTime":${doomed}`);
    const fills = journalRecords(b.live.journalPath).filter((r) => r.type === 'fill');
    expect(new Set(fills.map((f) => (f.fill as { clientOrderId: string }).clientOrderId)).size).toBe(
      fills.length,
    );
    expect(b.live.engine.parts.portfolio.qty).toBeCloseTo((fills.at(-1)?.positionQty as number) ?? 0, 12);
  });

  it('returns the fill of an order the exchange executed just before the kill, looked up by its id', async () => {
    const s = await startServer({ initialClosed: 300, repeatFormingMs: 40 });
    const dir = tmp();
    const dying = dyingExecutor(spotExecutorFor(s), 'afterSend');
    const a = await start(dir, s, { venue: 'spot-testnet', executor: dying.ex });
    await a.stepUntil(() => dying.died.intent !== null);
    a.kill();
    const id = (dying.died.intent as OrderIntent | null)?.clientOrderId ?? '';
    expect(s.orderPosts(id), 'the order reached the exchange once').toBe(1);
    const saved = new EngineStateStore(a.live.statePath).load({
      symbol: 'ETHUSDT',
      venue: 'spot-testnet',
      market: 'spot',
    });
    expect(
      saved !== null && 'state' in saved && saved.state.inflight?.clientOrderId,
      'committed before it was sent',
    ).toBe(id);

    const b = await start(dir, s, { venue: 'spot-testnet', executor: spotExecutorFor(s) });
    expect(b.live.recovered).toEqual([{ clientOrderId: id, source: 'exchange', status: 'filled' }]);
    expect(b.live.reconciled, 'after recovery the saved position agrees with the exchange').toBeNull();
    for (let i = 0; i < 20; i++) await b.step();
    await b.settled();
    b.kill();
    const account = await spotExecutorFor(s).sync();
    expect(b.live.engine.parts.portfolio.qty).toBeCloseTo(account.baseQty, 9);
    expect(b.live.engine.parts.portfolio.cash).toBeCloseTo(account.quoteBalance, 6);
    const posted = s.requests.filter((r) => r.method === 'POST').map((r) => r.clientOrderId);
    expect(new Set(posted).size, 'no client order id was sent twice').toBe(posted.length);
    const journal = journalRecords(b.live.journalPath);
    expect(
      journal.filter((r) => r.type === 'fill' && (r.fill as { clientOrderId: string }).clientOrderId === id),
    ).toHaveLength(1);
  });

  it('returns "not executed" for an order committed but never sent, and never sends it', async () => {
    const s = await startServer({ initialClosed: 300, repeatFormingMs: 40 });
    const dir = tmp();
    const dying = dyingExecutor(spotExecutorFor(s), 'beforeSend');
    const a = await start(dir, s, { venue: 'spot-testnet', executor: dying.ex });
    await a.stepUntil(() => dying.died.intent !== null);
    a.kill();
    const id = (dying.died.intent as OrderIntent | null)?.clientOrderId ?? '';
    const before = journalRecords(a.live.journalPath);
    expect(
      before.some((r) => r.type === 'order' && (r.intent as OrderIntent).clientOrderId === id),
      'the order was journaled before the executor was asked to send it',
    ).toBe(true);
    const b = await start(dir, s, { venue: 'spot-testnet', executor: spotExecutorFor(s) });
    expect(b.live.recovered).toEqual([{ clientOrderId: id, source: 'not found', status: 'rejected' }]);
    for (let i = 0; i < 10; i++) await b.step();
    b.kill();
    expect(s.orderPosts(id), 'never sent, and not resent after the restart').toBe(0);
    const result = journalRecords(b.live.journalPath).find(
      (r) => r.type === 'orderResult' && r.clientOrderId === id,
    );
    expect((result?.result as { message: string }).message).toMatch(/not executed before the restart/);
    expect(existsSync(b.live.statePath)).toBe(true);
  });

  it('returns a new client order id for a flatten on the bar whose order was sent before the restart', async () => {
    const s = await startServer({ initialClosed: 300, repeatFormingMs: 40 });
    const dir = tmp();
    const a = await start(dir, s, { venue: 'spot-testnet', executor: spotExecutorFor(s) });
    let last: OrderIntent | null = null;
    a.live.engine.addListener((e) => {
      if (e.type === 'order') last = e.intent;
    });
    while (last === null || (last as OrderIntent).barOpenTime !== a.live.engine.lastBarOpenTime)
      await a.step();
    a.kill();
    const sent = (last as unknown as OrderIntent).clientOrderId;
    const b = await start(dir, s, { venue: 'spot-testnet', executor: spotExecutorFor(s) });
    expect(b.live.warnings.filter((w) => /order ids differ|reserve/.test(w))).toEqual([]);
    await b.live.engine.flatten('test: flatten on the restored bar');
    b.kill();
    const orders = journalRecords(b.live.journalPath).filter((r) => r.type === 'order');
    const ids = orders.map((r) => (r.intent as OrderIntent).clientOrderId);
    expect(new Set(ids).size, 'every order id in the journal is unique').toBe(ids.length);
    const flat = orders.at(-1)!.intent as OrderIntent;
    expect(flat.barOpenTime, 'the flatten is on the bar of the last order').toBe(
      (last as unknown as OrderIntent).barOpenTime,
    );
    expect(flat.clientOrderId, 'seq 1 on that bar, not seq 0 again').toBe(sent.replace(/-0$/, '-1'));
    const posted = s.requests.filter((r) => r.method === 'POST').map((r) => r.clientOrderId);
    expect(new Set(posted).size).toBe(posted.length);
  });

  it('returns a USD-M position that agrees with the exchange after a kill with a filled order in flight', async () => {
    const s = await startServer({ initialClosed: 300, repeatFormingMs: 40 });
    const dir = tmp();
    const dying = dyingExecutor(usdmExecutor(s), 'afterSend');
    const a = await start(dir, s, { venue: 'usdm-testnet', executor: dying.ex });
    await a.stepUntil(() => dying.died.intent !== null);
    a.kill();
    const id = (dying.died.intent as OrderIntent | null)?.clientOrderId ?? '';
    const b = await start(dir, s, { venue: 'usdm-testnet', executor: usdmExecutor(s) });
    expect(b.live.recovered).toEqual([{ clientOrderId: id, source: 'exchange', status: 'filled' }]);
    expect(b.live.reconciled).toBeNull();
    for (let i = 0; i < 15; i++) await b.step();
    await b.settled();
    b.kill();
    const account = await usdmExecutor(s).sync();
    expect(b.live.engine.parts.portfolio.qty, 'net position = the exchange position').toBeCloseTo(
      account.baseQty,
      9,
    );
    const posted = s.requests.filter((r) => r.method === 'POST').map((r) => r.clientOrderId);
    expect(new Set(posted).size).toBe(posted.length);
  });

  it('returns the outcome journaled after the last commit, without asking the exchange again', async () => {
    const s = await startServer({ initialClosed: 300, repeatFormingMs: 40 });
    const dir = tmp();
    const a = await start(dir, s, { venue: 'spot-testnet', executor: spotExecutorFor(s) });
    let sent: string | null = null;
    // Kill inside the bar after an order: its fill is journaled, the next commit never happens.
    a.live.engine.setCommitHook((inflight) => {
      if (sent !== null) {
        a.kill();
        throw new Error('killed'); // nothing after this point runs in a killed process
      }
      a.live.commit(inflight);
      if (inflight) sent = inflight.clientOrderId;
    });
    await a.stepUntil(() => a.dead);
    const id = sent as unknown as string;
    const lookupsBefore = s.requests.filter((r) => r.method === 'GET' && r.path === '/api/v3/order').length;
    const b = await start(dir, s, { venue: 'spot-testnet', executor: spotExecutorFor(s) });
    expect(b.live.recovered).toEqual([{ clientOrderId: id, source: 'journal', status: 'filled' }]);
    const lookups = s.requests.filter((r) => r.method === 'GET' && r.path === '/api/v3/order').length;
    expect(lookups, 'the journal already had the fill: no look-up').toBe(lookupsBefore);
    expect(b.live.reconciled).toBeNull();
    await b.settled();
    b.kill();
    const fills = journalRecords(b.live.journalPath).filter(
      (r) => r.type === 'fill' && (r.fill as { clientOrderId: string }).clientOrderId === id,
    );
    expect(fills, 'the fill is in the journal once (the rolled-back copy is in .discarded)').toHaveLength(1);
    expect(s.orderPosts(id)).toBe(1);
  });
});
