import { appendFileSync, closeSync, existsSync, openSync, readSync, statSync, truncateSync } from 'node:fs';
import type { AccountSync, Executor, OrderResult } from './core/executor.js';
import type { OrderIntent, SymbolFilters } from './core/types.js';
import type { TradingEngine } from './engine.js';

/**
 * Restart recovery for live sessions, in the order it runs: roll the journal back to the last
 * commit, settle the orders that may have reached the exchange, then make the position agree with
 * the exchange (testnet) or the journal (paper). Each step journals what it changed.
 */

export interface Rollback {
  /** Records that were after the commit point (the uncommitted bar, an in-flight order's outcome). */
  readonly tail: readonly unknown[];
  readonly discardedBytes: number;
  readonly warning: string | null;
}

function parseLines(text: string): unknown[] {
  const out: unknown[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      out.push(JSON.parse(line));
    } catch {
      // a torn last line from the kill: it never counted
    }
  }
  return out;
}

function readRange(path: string, from: number, to: number): string {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(to - from);
    let got = 0;
    while (got < buf.length) {
      const n = readSync(fd, buf, got, buf.length - got, from + got);
      if (n === 0) break;
      got += n;
    }
    return buf.subarray(0, got).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/**
 * Cut the journal back to `committedBytes`: what follows belongs to a bar whose state was never
 * saved, and the restarted engine decides that bar again (identically: same state, same candle),
 * so keeping both copies would double it. Nothing is lost: the cut bytes are appended to
 * `<journal>.discarded` behind a marker line, and returned so an in-flight order's outcome can be
 * read from them.
 */
export function rollbackJournal(path: string, committedBytes: number, now: number): Rollback {
  if (!existsSync(path)) {
    return {
      tail: [],
      discardedBytes: 0,
      warning: committedBytes > 0 ? `journal ${path} is missing; a new one is started` : null,
    };
  }
  const size = statSync(path).size;
  if (size < committedBytes) {
    return {
      tail: [],
      discardedBytes: 0,
      warning: `journal ${path} is shorter (${size} bytes) than the saved state expects (${committedBytes})`,
    };
  }
  if (size === committedBytes) return { tail: [], discardedBytes: 0, warning: null };
  const text = readRange(path, committedBytes, size);
  const marker = {
    type: 'rollback',
    ts: now,
    journal: path,
    fromByte: committedBytes,
    bytes: size - committedBytes,
  };
  appendFileSync(
    `${path}.discarded`,
    `${JSON.stringify(marker)}\n${text.endsWith('\n') ? text : `${text}\n`}`,
    {
      mode: 0o644,
    },
  );
  truncateSync(path, committedBytes);
  return { tail: parseLines(text), discardedBytes: size - committedBytes, warning: null };
}

function isRec(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

/** A final outcome the journal recorded for this order after the commit point, if any. */
function outcomeInTail(tail: readonly unknown[], id: string): OrderResult | null {
  for (const r of tail) {
    if (!isRec(r) || r.type !== 'orderResult' || r.clientOrderId !== id || !isRec(r.result)) continue;
    const res = r.result;
    if (res.status === 'rejected' && typeof res.code === 'number' && typeof res.message === 'string')
      return { status: 'rejected', code: res.code, message: res.message };
    if (res.status === 'filled' && isRec(res.fill)) {
      const f = res.fill;
      if (
        f.clientOrderId === id &&
        typeof f.symbol === 'string' &&
        (f.side === 'BUY' || f.side === 'SELL') &&
        typeof f.quantity === 'number' &&
        typeof f.price === 'number' &&
        typeof f.fee === 'number' &&
        typeof f.feeAsset === 'string' &&
        typeof f.time === 'number'
      ) {
        return {
          status: 'filled',
          fill: {
            clientOrderId: id,
            symbol: f.symbol,
            side: f.side,
            quantity: f.quantity,
            price: f.price,
            fee: f.fee,
            feeAsset: f.feeAsset,
            time: f.time,
          },
        };
      }
    }
  }
  return null;
}

export interface RecoveryNote {
  readonly clientOrderId: string;
  readonly source: 'journal' | 'exchange' | 'not found';
  readonly status: OrderResult['status'];
}

/**
 * Settle orders that may have been sent before the restart (the in-flight order and those whose
 * outcome stayed unknown): the outcome the journal already had, else a look-up by client order id.
 * An order the exchange does not know was never executed; it is recorded as a local refusal
 * (code 0) and never resent — the next bar decides afresh from the actual position.
 */
export async function recoverOrders(
  engine: TradingEngine,
  executor: Executor,
  orders: readonly OrderIntent[],
  tail: readonly unknown[],
): Promise<RecoveryNote[]> {
  const notes: RecoveryNote[] = [];
  const seen = new Set<string>();
  for (const intent of orders) {
    const id = intent.clientOrderId;
    if (seen.has(id)) continue;
    seen.add(id);
    let result = outcomeInTail(tail, id);
    let source: RecoveryNote['source'] = 'journal';
    if (result === null) {
      let found: OrderResult | null;
      try {
        found = await executor.lookup(id);
      } catch (e) {
        found = { status: 'unknown', detail: `look-up failed: ${(e as Error).message.split('\n')[0]}` };
      }
      source = found === null ? 'not found' : 'exchange';
      result = found ?? {
        status: 'rejected',
        code: 0,
        message: `not executed before the restart: ${executor.kind} has no order ${id}; not resent`,
      };
    }
    engine.settleRecovered(intent, result);
    notes.push({ clientOrderId: id, source, status: result.status });
  }
  return notes;
}

export interface PositionFix {
  readonly from: { readonly qty: number; readonly cash: number };
  readonly to: { readonly qty: number; readonly cash: number };
  readonly reason: string;
}

/** Half a LOT_SIZE step: closer than that, the two quantities are the same order-able position. */
function qtyTolerance(filters: SymbolFilters): number {
  const step = Number(filters.stepSize);
  return step > 0 ? step / 2 : 1e-9;
}

function adopt(
  engine: TradingEngine,
  qty: number,
  cash: number | null,
  reason: string,
  price: number,
): PositionFix {
  const p = engine.parts.portfolio;
  const from = { qty: p.qty, cash: p.cash };
  if (p.qty === 0 && qty !== 0) p.avgEntry = price > 0 ? price : p.avgEntry;
  p.qty = qty;
  if (qty === 0) p.avgEntry = 0;
  if (cash !== null) p.cash = cash;
  const to = { qty: p.qty, cash: p.cash };
  engine.parts.journal?.append({ type: 'reconcile', ts: engine.parts.clock.now(), reason, from, to });
  engine.note('info', `position reconciled: ${reason}`);
  return { from, to, reason };
}

/**
 * Testnet: the exchange is the authority. A fresh session starts from the account; a restarted one
 * must already agree after recoverOrders — if it does not (an order placed by hand, a deposit), the
 * exchange's figures are adopted and the difference journaled. Spot adopts the free quote balance
 * too; USD-M's balance is margin, not the portfolio's cash, so only the position is compared.
 */
export function reconcileWithAccount(
  engine: TradingEngine,
  account: AccountSync,
  fresh: boolean,
  price: number,
  /**
   * False when several symbols trade from one quote balance: the others spend from it too, so only
   * this symbol's base quantity can be checked against the account (its cash stays as saved).
   */
  checkCash = true,
): PositionFix | null {
  const p = engine.parts.portfolio;
  const spot = p.market === 'spot';
  const qtyOff = Math.abs(p.qty - account.baseQty) > qtyTolerance(account.filters);
  const cashOff = spot && checkCash && Math.abs(p.cash - account.quoteBalance) > 0.01;
  if (fresh)
    return adopt(
      engine,
      account.baseQty,
      spot ? account.quoteBalance : null,
      'fresh session: starting from the exchange account',
      price,
    );
  if (!qtyOff && !cashOff) return null;
  return adopt(
    engine,
    account.baseQty,
    spot && checkCash ? account.quoteBalance : null,
    `the exchange account differs from the saved position (qty ${p.qty} vs ${account.baseQty}${spot && checkCash ? `, cash ${p.cash.toFixed(2)} vs ${account.quoteBalance.toFixed(2)}` : ''})`,
    price,
  );
}

/** The position the journal last recorded (fill, reconcile or session record), scanning from the end. */
export function lastJournalPosition(path: string): { qty: number; cash: number } | null {
  if (!existsSync(path)) return null;
  const size = statSync(path).size;
  const CHUNK = 256 * 1024;
  let end = size;
  let carry = '';
  while (end > 0) {
    const start = Math.max(0, end - CHUNK);
    const text = readRange(path, start, end) + carry;
    const lines = text.split('\n');
    carry = start > 0 ? (lines.shift() ?? '') : '';
    for (let i = lines.length - 1; i >= 0; i--) {
      const line = lines[i]!;
      if (
        !line.includes('"type":"fill"') &&
        !line.includes('"type":"reconcile"') &&
        !line.includes('"type":"session"')
      )
        continue;
      let r: unknown;
      try {
        r = JSON.parse(line);
      } catch {
        continue;
      }
      if (!isRec(r)) continue;
      if (r.type === 'fill' && typeof r.positionQty === 'number' && typeof r.cash === 'number')
        return { qty: r.positionQty, cash: r.cash };
      const pos = r.type === 'reconcile' ? r.to : r.type === 'session' ? r.position : null;
      if (isRec(pos) && typeof pos.qty === 'number' && typeof pos.cash === 'number')
        return { qty: pos.qty, cash: pos.cash };
    }
    end = start;
  }
  return null;
}

/** Paper: the journal is the authority; the saved portfolio must match its last recorded position. */
export function reconcileWithJournal(engine: TradingEngine, journalPath: string): PositionFix | null {
  const last = lastJournalPosition(journalPath);
  if (last === null) return null;
  const p = engine.parts.portfolio;
  const tol = qtyTolerance(engine.parts.planner.filters);
  if (
    Math.abs(p.qty - last.qty) <= tol &&
    Math.abs(p.cash - last.cash) <= 1e-6 * Math.max(1, Math.abs(last.cash))
  )
    return null;
  return adopt(
    engine,
    last.qty,
    last.cash,
    `the saved position (qty ${p.qty}, cash ${p.cash.toFixed(2)}) differs from the journal's; the journal wins`,
    engine.lastPrice,
  );
}

/**
 * After the position was taken from the exchange account at a restart, orders still of unknown
 * outcome are in that position if they executed at all: drop them from the engine's look-up list
 * (a later look-up that found one filled would apply its fill a second time). Their journaled
 * outcome stays "unknown"; the reconcile record holds the position. Returns their ids.
 */
export function coverUnknownByAccount(engine: TradingEngine): string[] {
  const s = engine.runtimeState();
  if (s.unresolved.length === 0) return [];
  engine.restoreRuntime({ ...s, unresolved: [] });
  return s.unresolved.map((i) => i.clientOrderId);
}

/**
 * Apply the outcome of an order that stayed unknown, found by a look-up while the session runs
 * (OrderWatch): the same records and events as a restart's settlement (so `verify` can feed the
 * journaled outcome back the same way), the order leaves the engine's unknown list so no restart
 * looks it up again, and it moves from the "unknown" count to its outcome's. Returns false when
 * the order is no longer unknown. Call between bars only.
 */
export function settleWhileRunning(engine: TradingEngine, intent: OrderIntent, result: OrderResult): boolean {
  const s = engine.runtimeState();
  const id = intent.clientOrderId;
  if (!s.unresolved.some((u) => u.clientOrderId === id)) return false;
  // restoreRuntime of the current state with one order fewer: the engine's only setter for its list.
  engine.restoreRuntime({ ...s, unresolved: s.unresolved.filter((u) => u.clientOrderId !== id) });
  engine.orderStatus.unknown--;
  engine.orderStatus.submitted--; // settleRecovered counts the order as submitted again
  engine.settleRecovered(intent, result);
  return true;
}
