import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../src/engine/core/events.js';
import type { OrderResult } from '../../src/engine/core/executor.js';
import type { OrderIntent } from '../../src/engine/core/types.js';
import { BinanceSpotExecutor } from '../../src/engine/execution/binanceSpotExecutor.js';
import { formatVerify } from '../../src/engine/verify/formatVerify.js';
import { verifyJournal } from '../../src/engine/verify/verifyJournal.js';
import type { BinanceTestServer } from '../support/binanceServer.js';
import { useBinanceServer } from '../support/useBinanceServer.js';
import { journalRecords, startLive, useTmpDir } from './support.js';

const startServer = useBinanceServer();
const tmp = useTmpDir();

/** Two quick look-ups right after the failed order, then the running re-look-ups. */
function spotExecutor(s: BinanceTestServer): BinanceSpotExecutor {
  const r = BinanceSpotExecutor.create({
    symbol: s.symbol,
    baseUrl: s.restBase,
    ...s.spotCredentials,
    orderTimeoutMs: 500,
    requestTimeoutMs: 1000,
    lookupAttempts: 2,
    lookupDelayMs: 5,
  });
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

const WATCH = { unknownOrders: { firstDelayMs: 20, factor: 2, attempts: 3 } };

/** A testnet session (strategy `hold`: an order on every bar) whose next order's outcome is lost. */
async function rig(fault: { execute: boolean; failedLookups: number }) {
  const s = await startServer({ initialClosed: 300, repeatFormingMs: 40 });
  const dir = tmp();
  const a = await startLive(
    dir,
    s,
    { venue: 'spot-testnet', strategy: 'hold', executor: spotExecutor(s) },
    WATCH,
  );
  const events: EngineEvent[] = [];
  a.live.engine.addListener((e) => events.push(e));
  await a.step();
  s.orderFault({ kind: 'status', status: 503, execute: fault.execute });
  if (fault.failedLookups > 0)
    s.failNext({ status: 503, path: '/api/v3/order', method: 'GET', n: fault.failedLookups });
  await a.step();
  const lost = events.find(
    (e) => e.type === 'order' && e.intent.barOpenTime === a.live.engine.lastBarOpenTime,
  );
  const intent = (lost as Extract<EngineEvent, { type: 'order' }>).intent;
  return { s, dir, a, events, intent };
}

/**
 * rig() whose look-ups all fail: the session gives up on the order after its 3 running look-ups,
 * stops (a kill), and the restart's first look-up of it will fail too.
 */
async function givenUp(fault: { execute: boolean }) {
  const { s, dir, a, events, intent } = await rig({ execute: fault.execute, failedLookups: 5 });
  await a.waiter.until(
    () => events.some((e) => e.type === 'error' && /still unknown after 3\/3/.test(e.message)),
    'the first session to give up',
  );
  await a.step();
  await a.stop();
  s.failNext({ status: 503, path: '/api/v3/order', method: 'GET', n: 1 }); // the restart's look-up
  return { s, dir, id: intent.clientOrderId };
}

function resultsFor(path: string, id: string): OrderResult[] {
  return journalRecords(path)
    .filter((r) => r.type === 'orderResult' && r.clientOrderId === id)
    .map((r) => r.result as OrderResult);
}

const unresolvedIds = (u: readonly OrderIntent[]): string[] => u.map((i) => i.clientOrderId);

describe('orders with an unknown outcome, looked up again while running', () => {
  it('returns the fill found by a later look-up, applied once, without resending or a restart', async () => {
    const { s, dir, a, events, intent } = await rig({ execute: true, failedLookups: 2 });
    const id = intent.clientOrderId;
    const st = a.live.engine.orderStatus;
    await a.waiter.until(
      () => st.unknown === 0 && resultsFor(a.live.journalPath, id).length === 2,
      'settled',
    );
    expect(
      resultsFor(a.live.journalPath, id).map((r) => r.status),
      'unknown, then the found fill',
    ).toEqual(['unknown', 'filled']);
    const fills = journalRecords(a.live.journalPath).filter(
      (r) => r.type === 'fill' && (r.fill as { clientOrderId: string }).clientOrderId === id,
    );
    expect(fills, 'applied once').toHaveLength(1);
    expect(events.some((e) => e.type === 'fill' && e.fill.clientOrderId === id)).toBe(true);
    expect(s.orderPosts(id), 'never resent').toBe(1);
    expect(unresolvedIds(a.live.engine.runtimeState().unresolved)).toEqual([]);
    expect(st.submitted, 'every order has one outcome').toBe(
      st.filled + st.rejected + st.unknown + st.skipped,
    );
    await a.step();
    await a.stop();
    const account = await spotExecutor(s).sync();
    expect(a.live.engine.parts.portfolio.qty, 'position = exchange').toBeCloseTo(account.baseQty, 9);

    const b = await startLive(dir, s, { venue: 'spot-testnet', strategy: 'hold', executor: spotExecutor(s) });
    expect(
      b.live.recovered.filter((r) => r.clientOrderId === id),
      'nothing left for the restart to look up',
    ).toEqual([]);
    expect(b.live.reconciled).toBeNull();
    await b.stop();
    const v1 = await verifyJournal(b.live.journalPath);
    expect(v1.status, formatVerify(v1, b.live.journalPath)).toBe('identical');
  });

  it('returns a local rejection for an order the exchange never executed, after the bounded look-ups', async () => {
    const { s, a, events, intent } = await rig({ execute: false, failedLookups: 0 });
    const id = intent.clientOrderId;
    await a.waiter.until(() => events.some((e) => e.type === 'reject' && e.clientOrderId === id), 'reject');
    const results = resultsFor(a.live.journalPath, id);
    expect(results.map((r) => r.status)).toEqual(['unknown', 'rejected']);
    expect(results[1]).toMatchObject({
      code: 0,
      message: expect.stringMatching(/not executed.*3 look-ups; not resent/),
    });
    expect(s.spot.ordersFor(id), 'the exchange has no such order').toHaveLength(0);
    expect(s.orderPosts(id), 'sent once, never again').toBe(1);
    expect(unresolvedIds(a.live.engine.runtimeState().unresolved)).toEqual([]);
    const lookups = s.requests.filter((r) => r.method === 'GET' && r.clientOrderId === id).length;
    expect(lookups, 'two right after the order, three while running').toBe(5);
    await a.stop();
  });

  it('returns the order still unknown after look-ups that keep failing, and settles it at the next start', async () => {
    const { s, dir, a, events, intent } = await rig({ execute: true, failedLookups: 5 });
    const id = intent.clientOrderId;
    const gaveUp = (): boolean =>
      events.some((e) => e.type === 'error' && /still unknown after 3\/3 look-ups/.test(e.message));
    await a.waiter.until(gaveUp, 'the watch to give up');
    const errors = events.filter(
      (e): e is Extract<EngineEvent, { type: 'error' }> => e.type === 'error' && e.message.includes(id),
    );
    expect(errors.length, 'the first outcome, two retries announced, then giving up').toBe(4);
    expect(errors.at(-1)?.message).toMatch(/looked up again at the next start, never resent/);
    expect(unresolvedIds(a.live.engine.runtimeState().unresolved), 'kept for the restart').toEqual([id]);
    await a.step(); // commits the state with the order still unknown
    await a.stop();

    const b = await startLive(dir, s, { venue: 'spot-testnet', strategy: 'hold', executor: spotExecutor(s) });
    expect(b.live.recovered.filter((r) => r.clientOrderId === id)).toEqual([
      { clientOrderId: id, source: 'exchange', status: 'filled' },
    ]);
    await b.stop();
    expect(s.orderPosts(id)).toBe(1);
    const account = await spotExecutor(s).sync();
    expect(b.live.engine.parts.portfolio.qty).toBeCloseTo(account.baseQty, 9);
  });

  it('returns an order the restart could not settle covered by the exchange position, never applied twice', async () => {
    const { s, dir, id } = await givenUp({ execute: true });
    const lookups = (): number =>
      s.requests.filter((r) => r.method === 'GET' && r.clientOrderId === id).length;
    const before = lookups();
    const b = await startLive(
      dir,
      s,
      { venue: 'spot-testnet', strategy: 'hold', executor: spotExecutor(s) },
      WATCH,
    );
    expect(b.live.recovered.filter((r) => r.clientOrderId === id)).toEqual([
      { clientOrderId: id, source: 'exchange', status: 'unknown' },
    ]);
    expect(b.live.reconciled, 'the executed order is in the exchange position').not.toBeNull();
    expect(b.live.warnings.join('\n')).toMatch(
      new RegExp(`${id}.*covered by the position taken from the exchange`),
    );
    expect(unresolvedIds(b.live.engine.runtimeState().unresolved)).toEqual([]);
    await b.step();
    await new Promise((r) => setTimeout(r, 100)); // a watch (first look-up after 20 ms) would have asked
    await b.step();
    await b.stop();
    expect(lookups() - before, 'only the restart asked the exchange').toBe(1);
    const v0 = await verifyJournal(b.live.journalPath);
    expect(v0.status, formatVerify(v0, b.live.journalPath)).toBe('identical');
    expect(s.orderPosts(id), 'never resent').toBe(1);
    expect(
      resultsFor(b.live.journalPath, id).some((r) => r.status === 'filled'),
      'its fill is not applied on top',
    ).toBe(false);
    const account = await spotExecutor(s).sync();
    expect(b.live.engine.parts.portfolio.qty, 'position = exchange').toBeCloseTo(account.baseQty, 9);
  });

  it('returns an order the restart could not look up, and the exchange never executed, settled once the session runs', async () => {
    const { s, dir, id } = await givenUp({ execute: false });
    const b = await startLive(
      dir,
      s,
      { venue: 'spot-testnet', strategy: 'hold', executor: spotExecutor(s) },
      WATCH,
    );
    expect(b.live.reconciled, 'nothing executed: the saved position agrees').toBeNull();
    await b.waiter.until(() => resultsFor(b.live.journalPath, id).at(-1)?.status === 'rejected', 'settled');
    expect(resultsFor(b.live.journalPath, id).at(-1)).toMatchObject({
      code: 0,
      message: expect.stringMatching(/not executed/),
    });
    expect(unresolvedIds(b.live.engine.runtimeState().unresolved)).toEqual([]);
    await b.stop();
    expect(s.orderPosts(id)).toBe(1);
    const v = await verifyJournal(b.live.journalPath);
    expect(v.status, formatVerify(v, b.live.journalPath)).toBe('identical');
  });
});
