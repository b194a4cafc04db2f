import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Executor } from '../../src/engine/core/executor.js';
import { runLive } from '../../src/engine/live.js';
import { formatVerify } from '../../src/engine/verify/formatVerify.js';
import { verifyJournal } from '../../src/engine/verify/verifyJournal.js';
import { useBinanceServer } from '../support/useBinanceServer.js';
import { loadCandles } from '../support/binanceServerCandles.js';
import { SHARED_DATA, SKIP_NOTE, sharedPath } from '../support/sharedData.js';
import type { BinanceTestServer } from '../support/binanceServer.js';
import { feedFor, openTestSession, spotExecutorFor, useTmpDir, Waiter } from '../liveEngine/support.js';
import type { LiveOpts } from '../liveEngine/support.js';
import { flipLowestBit, plant, records } from './support.js';
import type { Rec } from './support.js';

const startServer = useBinanceServer();
const tmp = useTmpDir();

/**
 * One live session on the loopback exchange's real candles: warm-up from REST, `bars` closed
 * candles from the WebSocket stream (in bursts), then a quit that flattens — or a kill (no shutdown).
 */
async function session(
  dir: string,
  s: BinanceTestServer,
  bars: number,
  o: LiveOpts & { kill?: boolean } = {},
) {
  const live = await openTestSession(dir, s, o);
  const waiter = new Waiter();
  live.engine.addListener(() => waiter.poke());
  const abort = new AbortController();
  const run = runLive(live.engine, feedFor(s, live.resumeAfter), {
    signal: abort.signal,
    resumed: live.resumed,
    heartbeatMs: 0,
  });
  await waiter.until(() => s.connections() > 0 && live.engine.feedStatus === 'live', 'live');
  const st = live.engine.orderStatus;
  // Testnet orders are answered within their bar; a paper order waits for the next bar's open.
  const idle = (): boolean =>
    live.engine.parts.paper !== null || st.submitted === st.filled + st.rejected + st.unknown + st.skipped;
  for (let done = 0; done < bars;) {
    const n = Math.min(20, bars - done);
    s.advance(n);
    done += n;
    await waiter.until(
      () => live.engine.lastBarOpenTime === s.lastClosed()?.openTime && idle(),
      'decisions',
      30_000,
    );
  }
  if (o.kill) {
    live.engine.setCommitHook(null);
    live.engine.parts.journal?.close();
    abort.abort();
    await run.catch(() => undefined);
    return live;
  }
  await live.engine.flatten('quit: closing the position');
  abort.abort();
  await run;
  live.close();
  live.engine.parts.journal?.close();
  return live;
}

describe('verify on journals recorded live against the loopback exchange', () => {
  it('returns identical for a paper session: warm-up, 600 streamed bars and the quit flatten', async () => {
    const s = await startServer({ initialClosed: 400, repeatFormingMs: 0 });
    const live = await session(tmp(), s, 600);
    const recs = records(live.journalPath);
    expect(recs[0]!.type, 'the header is the first line').toBe('session');
    expect(recs.filter((r) => r.type === 'warmup').length, 'warm-up bars are journaled').toBeGreaterThan(200);
    expect(recs.filter((r) => r.type === 'fill').length, 'the busy strategy traded').toBeGreaterThan(20);
    const v = await verifyJournal(live.journalPath);
    expect(v.status, formatVerify(v, live.journalPath)).toBe('identical');
    expect(v.segments[0]!.decisions).toBe(600);
    expect(v.segments[0]!.fingerprint).toBe(live.engine.parts.fingerprint.digest());
  }, 120_000);

  it('returns the fill record for a one-bit change in a live paper fill price', async () => {
    const s = await startServer({ initialClosed: 400, repeatFormingMs: 0 });
    const dir = tmp();
    const live = await session(dir, s, 200);
    const planted = plant(
      live.journalPath,
      `${dir}/planted.jsonl`,
      (r: Rec) => r.type === 'fill',
      5,
      (r) => {
        r.fill.price = flipLowestBit(r.fill.price);
      },
    );
    const v = await verifyJournal(planted.path);
    expect(v.status === 'diverged' && [v.line, v.field]).toEqual([planted.line, 'fill.price']);
  }, 120_000);

  it('returns identical for a spot-testnet session, the exchange answers taken from the journal', async () => {
    const s = await startServer({ initialClosed: 400, repeatFormingMs: 0 });
    const live = await session(tmp(), s, 200, { venue: 'spot-testnet', executor: spotExecutorFor(s) });
    const recs = records(live.journalPath);
    expect(
      recs.some((r) => r.type === 'reconcile'),
      'a fresh testnet session adopts the account',
    ).toBe(true);
    expect(recs.filter((r) => r.type === 'fill').length).toBeGreaterThan(5);
    const v = await verifyJournal(live.journalPath);
    expect(v.status, formatVerify(v, live.journalPath)).toBe('identical');
    expect(v.segments[0]!.decisions).toBe(200);
  }, 120_000);

  it('returns identical across a kill and restart of a paper session', async () => {
    const s = await startServer({ initialClosed: 400, repeatFormingMs: 0 });
    const dir = tmp();
    await session(dir, s, 150, { kill: true });
    s.advance(3); // missed while down: decided on restart
    const b = await session(dir, s, 100);
    const headers = records(b.journalPath).filter((r) => r.type === 'session' && r.format);
    expect(headers.map((h) => h.restored)).toEqual([false, true]);
    if (process.env.KEEP_JOURNAL)
      (await import('node:fs')).copyFileSync(b.journalPath, process.env.KEEP_JOURNAL);
    const v = await verifyJournal(b.journalPath);
    expect(v.status, formatVerify(v, b.journalPath)).toBe('identical');
    expect(v.segments[0]!.decisions).toBe(253);
    expect(v.notes.join('\n')).toMatch(/a restart; continued from the engine state before it/);
  }, 120_000);
});

describe('verify a warm start from saved indicators', () => {
  it('returns identical for a session that starts from state/indicators_<SYMBOL>.json', async () => {
    const s = await startServer({ initialClosed: 400, repeatFormingMs: 0 });
    const dir = tmp();
    const a = await session(dir, s, 120);
    a.saveIndicators();
    // A new session, not a restart: the engine state goes, the feature state stays.
    for (const p of [a.statePath, a.statePath.replace(/\.json$/, '.commits')]) rmSync(p, { force: true });
    s.advance(5);
    const b = await session(dir, s, 80);
    expect(b.journalPath, 'a new session, a new journal').not.toBe(a.journalPath);
    const header = records(b.journalPath)[0]!;
    expect(header.initialFeatures, 'the saved feature state is in the header').not.toBeNull();
    expect(header.restored).toBe(false);
    const v = await verifyJournal(b.journalPath);
    expect(v.status, formatVerify(v, b.journalPath)).toBe('identical');
    expect(v.segments[0]!.decisions).toBe(80);
  }, 120_000);
});

describe('verify across a testnet crash with an order in flight', () => {
  it('returns identical when the restart settles the order from the exchange by its id', async () => {
    const s = await startServer({ initialClosed: 400, repeatFormingMs: 0 });
    const dir = tmp();
    // The process "dies" right after the exchange filled its first order: no answer reaches the journal.
    const real = spotExecutorFor(s);
    let died = false;
    const dying: Executor = {
      kind: real.kind,
      market: real.market,
      sync: () => real.sync(),
      lookup: (id) => real.lookup(id),
      close: () => real.close(),
      async place(intent, ref, time) {
        await real.place(intent, ref, time);
        died = true;
        return new Promise(() => undefined);
      },
    };
    const a = await openTestSession(dir, s, { venue: 'spot-testnet', executor: dying });
    const waiter = new Waiter();
    a.engine.addListener(() => waiter.poke());
    const abort = new AbortController();
    void runLive(a.engine, feedFor(s, a.resumeAfter), {
      signal: abort.signal,
      resumed: a.resumed,
      heartbeatMs: 0,
    }).catch(() => undefined);
    await waiter.until(() => s.connections() > 0 && a.engine.feedStatus === 'live', 'live');
    while (!died) {
      s.advance(1);
      await waiter.until(() => died || a.engine.lastBarOpenTime === s.lastClosed()?.openTime, 'a bar');
    }
    a.engine.setCommitHook(null);
    a.engine.parts.journal?.close();
    abort.abort();

    const b = await session(dir, s, 60, { venue: 'spot-testnet', executor: spotExecutorFor(s) });
    expect(b.recovered.map((r) => r.status)).toEqual(['filled']);
    const v = await verifyJournal(b.journalPath);
    expect(v.status, formatVerify(v, b.journalPath)).toBe('identical');
    expect(v.notes.join('\n')).toMatch(/a restart/);
  }, 120_000);
});

describe.skipIf(!SHARED_DATA)(
  `a 10,000-bar live paper session (${SHARED_DATA ? 'real ETHUSDT 2024-01-01 … 08' : SKIP_NOTE})`,
  () => {
    it('returns identical, and pinpoints a one-bit change planted in it', async () => {
      const days = [1, 2, 3, 4, 5, 6, 7, 8].map((d) =>
        sharedPath(`binance/ETHUSDT/ETHUSDT-1m-2024-01-0${d}.zip`),
      );
      const s = await startServer({
        candles: loadCandles(days),
        initialClosed: 400,
        repeatFormingMs: 0,
      });
      const dir = tmp();
      const live = await session(dir, s, 10_000);
      const v = await verifyJournal(live.journalPath);
      expect(v.status, formatVerify(v, live.journalPath)).toBe('identical');
      expect(v.segments[0]!.decisions).toBe(10_000);
      const planted = plant(
        live.journalPath,
        `${dir}/planted.jsonl`,
        (r: Rec) => r.type === 'decision',
        9_000,
        (r) => {
          r.observation.scaled[1] = flipLowestBit(r.observation.scaled[1]);
        },
      );
      const p = await verifyJournal(planted.path);
      expect(p.status === 'diverged' && [p.line, p.field]).toEqual([
        planted.line,
        'observation.scaled.z_score',
      ]);
    }, 300_000);
  },
);
