import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable, Readable } from 'node:stream';
import { ManualClock } from '../src/engine/core/clock.js';
import { groupSources } from '../src/engine/multi/symbolSources.js';
import { runMultiReplay } from '../src/engine/multiReplay.js';
import { ruleSession } from '../test/support/ruleSession.js';
import { SymbolSet } from '../src/engine/symbolSet.js';
import type { TradingEngine } from '../src/engine/engine.js';
import { renderConsole } from '../src/ui/renderConsole.js';
import { mb } from './common.js';

const SYMBOLS = ['ETHUSDT', 'BTCUSDT'];

export interface SymbolsMemory {
  readonly bars: number;
  readonly fills: number;
  readonly heapStartMb: number;
  readonly heapEndMb: number;
  readonly rssStartMb: number;
  readonly rssEndMb: number;
  readonly barsPerSec: number;
}

/**
 * The #7 must-show as a measurement: ETHUSDT + BTCUSDT Q1-2024 replayed at max speed in one
 * process, as `drl-tui --symbols ETHUSDT,BTCUSDT` runs them (the shipped model, a journal each, the
 * tabbed screen drawing to a discarded terminal), with the heap after a full GC at 10 % and at the
 * end. Null without ../shared (the BTCUSDT quarter is not bundled).
 */
export async function benchSymbolsMemory(
  shared: string | null,
  modelDir: string | null,
): Promise<SymbolsMemory | null> {
  if (shared === null) return null;
  const grouped = groupSources(
    [join(shared, 'ETHUSDT/ETHUSDT-1m-2024-*.zip'), join(shared, 'BTCUSDT')],
    SYMBOLS,
  );
  if (!grouped.ok) return null;
  const dir = mkdtempSync(join(tmpdir(), 'drl-bench-symbols-'));
  const clock = new ManualClock(0);
  const engines: TradingEngine[] = [];
  for (const symbol of SYMBOLS) {
    const s = await ruleSession(clock, { symbol, sessionId: `bench-${symbol}`, startCash: 5_000, modelDir, journalPath: join(dir, `${symbol}.jsonl`), screen: true }); // prettier-ignore
    engines.push(s.engine);
  }
  const set = new SymbolSet(SYMBOLS, engines, { startCash: 10_000, feeRate: 0.001, recordSeries: true });
  const out = new Writable({ write: (_c, _e, cb) => cb() }) as unknown as NodeJS.WriteStream & { columns: number; rows: number; isTTY: boolean }; // prettier-ignore
  out.columns = 120;
  out.rows = 40;
  out.isTTY = true;
  const ui = renderConsole(engines[0]!, {
    keepPosition: true,
    symbols: set,
    onForceExit: () => {},
    stdout: out,
    stdin: new Readable({ read() {} }) as unknown as NodeJS.ReadStream,
    patchConsole: false,
  });
  const gc = (globalThis as { gc?: () => void }).gc;
  const settled = (): { heap: number; rss: number } => {
    gc?.();
    const m = process.memoryUsage();
    return { heap: mb(m.heapUsed), rss: mb(m.rss) };
  };
  let start: { heap: number; rss: number } | null = null;
  const total = SYMBOLS.reduce((n, s) => n + grouped.value.get(s)!.files.length * 1440, 0);
  const probe = setInterval(() => {
    const done = engines.reduce((n, e) => n + e.barsProcessed, 0);
    if (start === null && done >= total / 10) start = settled();
  }, 50);
  const t0 = performance.now();
  const bars = await runMultiReplay(
    set,
    SYMBOLS.map((s) => grouped.value.get(s)!),
    {
      speed: 'max',
      clock,
      signal: new AbortController().signal,
    },
  );
  const seconds = (performance.now() - t0) / 1000;
  clearInterval(probe);
  const end = settled();
  ui.unmount();
  set.stop();
  for (const e of engines) {
    e.stopPublishing();
    e.parts.journal?.close();
  }
  rmSync(dir, { recursive: true, force: true });
  const s0 = start ?? end;
  return {
    bars,
    fills: engines.reduce((n, e) => n + e.parts.portfolio.trades, 0),
    heapStartMb: s0.heap,
    heapEndMb: end.heap,
    rssStartMb: s0.rss,
    rssEndMb: end.rss,
    barsPerSec: bars / seconds,
  };
}
