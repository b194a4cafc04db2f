import { wallClock } from '../core/clock.js';
import type { AccountSync, Executor, OrderResult } from '../core/executor.js';
import type { Clock, Fill, Market, OrderIntent, SkipReason, SymbolFilters } from '../core/types.js';
import { realTimers } from '../feed/binanceKlineStream.js';
import { parseRetryAfterMs } from '../feed/restBackfill.js';
import type { Timers } from '../feed/binanceKlineStream.js';
import { CLIENT_ORDER_ID_RE } from './clientOrderId.js';
import { createLibClient, libCall } from './binanceLib.js';
import type { LibClient, LibOutcome } from './binanceLib.js';
import { FINAL, readOrder, sumFees, toFill } from './binanceOrders.js';
import type { Fees, OrderView } from './binanceOrders.js';
import { SignedRest } from './binanceRest.js';
import type { RestOutcome } from './binanceRest.js';
import { KeepWarm } from './httpKeepWarm.js';
import { keepAliveTransport } from './httpTransport.js';
import type { HttpTransport } from './httpTransport.js';

export type LogLevel = 'info' | 'warn' | 'error';

/** A bar whose orders are answered with a skip (see BinanceExecutorBase.holdBar). */
export interface HeldBar {
  readonly openTime: number;
  readonly reason: SkipReason;
  readonly detail: string;
}

export interface BinanceExecutorConfig {
  readonly symbol: string;
  /** Order/account base URL; default the venue's testnet. Must pass checkOrderEndpoint. */
  readonly baseUrl?: string;
  readonly apiKey: string;
  readonly apiSecret: string;
  readonly clock?: Clock;
  readonly timers?: Timers;
  /** Order and look-up requests; default keepAliveTransport(baseUrl). */
  readonly transport?: HttpTransport;
  /**
   * Ping the order connection when no request went out for this long (ms), so the next order
   * finds an open socket (no TCP/TLS handshake on the order path). Default 15 s; 0 = never.
   */
  readonly keepWarmMs?: number;
  readonly recvWindow?: number; // default 5000
  readonly orderTimeoutMs?: number; // default 10 s: then the order is looked up, never resent
  readonly requestTimeoutMs?: number; // default 10 s for sync and look-ups
  readonly lookupAttempts?: number; // default 3
  readonly lookupDelayMs?: number; // default 1000
  /** Wait when a 429/418 carries no Retry-After. Default 60 s. */
  readonly defaultRetryAfterMs?: number;
  /** One-line, redacted notes for the system log (time sync, resync, rate limits, look-ups). */
  readonly log?: (level: LogLevel, message: string) => void;
}

/**
 * Shared order path for the Binance testnet executors: server-time offset, rate-limit gate,
 * -1021 resync-and-retry-once, and "timeout or 5xx → look the order up by its client id, never
 * send it again". Venue differences (endpoints, parameters, fee source, account sync) live in
 * the subclasses.
 */
export abstract class BinanceExecutorBase implements Executor {
  abstract readonly kind: 'spot-testnet' | 'usdm-testnet';
  abstract readonly market: Market;
  protected readonly symbol: string;
  protected readonly clock: Clock;
  protected readonly timers: Timers;
  protected readonly rest: SignedRest;
  protected readonly lib: LibClient;
  protected readonly requestTimeoutMs: number;
  protected offsetMs = 0;
  protected filters: SymbolFilters | null = null;
  private blockedUntil = 0;
  private blockedBy = '';
  private closed = false;
  private readonly sent = new Set<string>();
  private readonly transport: HttpTransport;
  private readonly keepWarm: KeepWarm;
  private held: HeldBar | null = null;

  protected abstract readonly orderPath: string;
  /** Unsigned, weight-1 endpoint used to open and keep the order connection. */
  protected abstract readonly pingPath: string;
  protected abstract readonly tradesPath: string;
  protected abstract serverTime(): Promise<LibOutcome<unknown>>;
  protected abstract syncAccount(): Promise<Omit<AccountSync, 'serverTimeOffsetMs'>>;
  protected abstract orderParams(intent: OrderIntent): Record<string, string>;
  /** Fees carried by the placement response itself (spot FULL fills), or null to fetch trades. */
  protected abstract placedFees(body: unknown): Fees | null;

  constructor(
    protected readonly cfg: BinanceExecutorConfig,
    baseUrl: string,
    libBase: 'httpBase' | 'httpFutures',
  ) {
    this.symbol = cfg.symbol.toUpperCase();
    this.clock = cfg.clock ?? wallClock;
    this.timers = cfg.timers ?? realTimers;
    this.requestTimeoutMs = cfg.requestTimeoutMs ?? 10_000;
    this.transport = cfg.transport ?? keepAliveTransport(baseUrl, this.timers);
    this.keepWarm = new KeepWarm(
      () =>
        this.transport.send({
          method: 'GET',
          path: this.pingPath,
          headers: {},
          body: null,
          timeoutMs: Math.min(this.requestTimeoutMs, 5000),
        }),
      () => !this.closed && this.blockedUntil <= this.clock.now(),
      cfg.keepWarmMs ?? 15_000,
    );
    this.rest = new SignedRest({
      apiKey: cfg.apiKey,
      apiSecret: cfg.apiSecret,
      recvWindow: cfg.recvWindow ?? 5000,
      transport: this.transport,
      timestamp: () => this.timestamp(),
      now: () => this.timestamp(), // Retry-After dates and "banned until" are exchange times
    });
    this.lib = createLibClient({
      apiKey: cfg.apiKey,
      apiSecret: cfg.apiSecret,
      [libBase]: baseUrl,
      getTime: () => this.timestamp(),
    });
  }

  protected timestamp(): number {
    return Math.round(this.clock.now() + this.offsetMs);
  }

  protected log(level: LogLevel, message: string): void {
    this.cfg.log?.(level, this.rest.clean(message));
  }

  protected call<T>(fn: () => Promise<T>): Promise<LibOutcome<T>> {
    return libCall(fn, this.requestTimeoutMs, this.timers, (t) => this.rest.clean(t));
  }

  /** Measures exchange time minus local time, halving the round trip. */
  protected async syncTime(): Promise<void> {
    const t0 = this.clock.now();
    const r = await this.serverTime();
    const t1 = this.clock.now();
    if (!r.ok || typeof r.value !== 'number') {
      throw new Error(`${this.kind}: cannot read server time: ${r.ok ? 'unexpected response' : r.message}`);
    }
    this.offsetMs = Math.round(r.value - (t0 + t1) / 2);
    this.log('info', `${this.kind}: server time offset ${this.offsetMs} ms`);
  }

  /** Runs a library call; on -1021 resyncs the clock once and retries once. Throws a one-line Error. */
  protected async must<T>(what: string, fn: () => Promise<T>): Promise<T> {
    this.throwIfBlocked(what);
    let r = await this.call(fn);
    if (!r.ok && r.code === -1021) {
      this.log('warn', `${this.kind}: ${what} refused with -1021; resyncing time and retrying once`);
      await this.syncTime();
      r = await this.call(fn);
    }
    if (r.ok) return r.value;
    if (r.code === -1003 || r.code === -1015) {
      this.block(parseRetryAfterMs(null, r.message, this.timestamp()), `${r.code}`);
    }
    throw new Error(`${this.kind}: ${what} failed: ${r.code !== null ? `${r.code} ` : ''}${r.message}`);
  }

  private throwIfBlocked(what: string): void {
    const left = this.blockedUntil - this.clock.now();
    if (left > 0)
      throw new Error(`${this.kind}: ${what} not sent: rate limited for another ${Math.ceil(left / 1000)} s`);
  }

  private block(retryAfterMs: number | null, why: string): void {
    const ms = retryAfterMs ?? this.cfg.defaultRetryAfterMs ?? 60_000;
    this.blockedUntil = Math.max(this.blockedUntil, this.clock.now() + ms);
    this.blockedBy = why;
    this.log('warn', `${this.kind}: rate limited (${why}); no requests for ${Math.ceil(ms / 1000)} s`);
  }

  private rateLimitedResult(): OrderResult | null {
    const left = this.blockedUntil - this.clock.now();
    if (left <= 0) return null;
    return {
      status: 'skipped',
      reason: 'RATE_LIMITED',
      detail: `rate limited by Binance (${this.blockedBy}); orders resume in ${Math.ceil(left / 1000)} s`,
    };
  }

  async sync(): Promise<AccountSync> {
    await this.syncTime();
    const account = await this.syncAccount();
    this.filters = account.filters;
    await this.keepWarm.start();
    return { ...account, serverTimeOffsetMs: this.offsetMs };
  }

  /**
   * Answer the orders of one bar with a skip instead of sending them (null: send again). The
   * live driver sets it around a decision it must not act on (a stale backfilled bar); an order
   * for any other bar, such as the user's flatten, still goes out.
   */
  holdBar(hold: HeldBar | null): void {
    this.held = hold;
  }

  /** A signed REST call with the rate-limit gate and the -1021 resync-and-retry-once. */
  private async signed(
    method: 'GET' | 'POST',
    path: string,
    params: Record<string, string>,
    timeoutMs: number,
  ) {
    this.keepWarm.touch();
    let out: RestOutcome = await this.rest.signed(method, path, params, timeoutMs);
    if (out.kind === 'rejected' && out.code === -1021) {
      this.log(
        'warn',
        `${this.kind}: ${method} ${path} refused with -1021; resyncing time and retrying once`,
      );
      try {
        await this.syncTime();
        out = await this.rest.signed(method, path, params, timeoutMs);
      } catch (e) {
        this.log('error', (e as Error).message);
      }
    }
    if (out.kind === 'rateLimited') this.block(out.retryAfterMs, `HTTP ${out.status} ${out.code}`);
    return out;
  }

  private validate(intent: OrderIntent): string | null {
    if (intent.symbol.toUpperCase() !== this.symbol)
      return `this executor trades ${this.symbol}, not ${intent.symbol}`;
    if (!CLIENT_ORDER_ID_RE.test(intent.clientOrderId))
      return `client order id ${JSON.stringify(intent.clientOrderId)} is not valid for Binance`;
    if (!/^\d+(\.\d+)?$/.test(intent.quantity) || !(Number(intent.quantity) > 0))
      return `quantity ${JSON.stringify(intent.quantity)} is not a positive decimal`;
    return null;
  }

  async place(intent: OrderIntent, _referencePrice: number, _time: number): Promise<OrderResult> {
    if (this.closed) return { status: 'rejected', code: 0, message: `${this.kind} executor is closed` };
    const bad = this.validate(intent);
    if (bad !== null) return { status: 'rejected', code: 0, message: bad };
    const held = this.held;
    if (held !== null && intent.barOpenTime === held.openTime)
      return { status: 'skipped', reason: held.reason, detail: held.detail };
    const id = intent.clientOrderId;
    if (this.sent.has(id)) {
      // Sending the same id again could open a second position on spot (ids are unique only
      // among open orders): report what the exchange knows instead.
      const known = await this.lookup(id);
      return (
        known ?? {
          status: 'unknown',
          detail: `order ${id} was sent before and is not on the exchange; not resent`,
        }
      );
    }
    const limited = this.rateLimitedResult();
    if (limited) return limited;
    this.sent.add(id);
    const out = await this.signed(
      'POST',
      this.orderPath,
      this.orderParams(intent),
      this.cfg.orderTimeoutMs ?? 10_000,
    );
    switch (out.kind) {
      case 'ok': {
        const view = readOrder(out.body);
        if (view === null) return this.settle(id, 'order response not understood');
        return this.finish(id, view, this.placedFees(out.body));
      }
      case 'rejected':
        return { status: 'rejected', code: out.code, message: out.message };
      case 'rateLimited':
        return this.rateLimitedResult() ?? { status: 'skipped', reason: 'RATE_LIMITED', detail: out.message };
      case 'unknown':
        this.log('warn', `${this.kind}: order ${id}: ${out.message}; looking it up`);
        return this.settle(id, out.message);
    }
  }

  /** After a timeout/5xx: look the order up a few times; if it never shows up, say so (no resend). */
  private async settle(id: string, why: string): Promise<OrderResult> {
    const attempts = this.cfg.lookupAttempts ?? 3;
    let last = 'not found';
    for (let i = 0; i < attempts; i++) {
      if (i > 0) await new Promise<void>((r) => this.timers.setTimeout(r, this.cfg.lookupDelayMs ?? 1000));
      const r = await this.lookup(id);
      if (r === null) continue;
      if (r.status !== 'unknown') return r;
      last = r.detail;
      if (this.rateLimitedResult()) break;
    }
    return { status: 'unknown', detail: `${why}; look-up by client id ${id}: ${last}; not resent` };
  }

  private async finish(id: string, view: OrderView, fees: Fees | null): Promise<OrderResult> {
    if (!FINAL.has(view.status)) return this.settle(id, `order status ${view.status}`);
    if (!(view.executedQty > 0)) {
      return { status: 'rejected', code: 0, message: `order ${id} ${view.status} with nothing filled` };
    }
    let f = fees;
    if (f === null) {
      const out = await this.signed(
        'GET',
        this.tradesPath,
        { symbol: this.symbol, orderId: String(view.orderId) },
        this.requestTimeoutMs,
      );
      f = out.kind === 'ok' ? sumFees(out.body) : null;
      if (f === null)
        this.log('warn', `${this.kind}: order ${id} filled but its fee could not be read; fee left at 0`);
    }
    return { status: 'filled', fill: this.toFill(id, view, f ?? new Map()) };
  }

  private toFill(id: string, v: OrderView, fees: Fees): Fill {
    const fill = toFill(id, this.symbol, v, fees, this.filters, this.timestamp());
    if (fees.size > 1) {
      this.log(
        'warn',
        `${this.kind}: order ${id} paid fees in ${[...fees.keys()].join(', ')}; reporting ${fill.feeAsset}`,
      );
    }
    return fill;
  }

  async lookup(clientOrderId: string): Promise<OrderResult | null> {
    const limited = this.rateLimitedResult();
    if (limited)
      return { status: 'unknown', detail: limited.status === 'skipped' ? limited.detail : 'rate limited' };
    const out = await this.signed(
      'GET',
      this.orderPath,
      { symbol: this.symbol, origClientOrderId: clientOrderId },
      this.requestTimeoutMs,
    );
    if (out.kind === 'rejected' && out.code === -2013) return null;
    if (out.kind !== 'ok') return { status: 'unknown', detail: out.message };
    const view = readOrder(out.body);
    if (view === null) return { status: 'unknown', detail: 'order look-up response not understood' };
    if (!FINAL.has(view.status))
      return { status: 'unknown', detail: `order ${clientOrderId} is ${view.status}` };
    return this.finish(clientOrderId, view, null);
  }

  close(): Promise<void> {
    this.closed = true;
    this.keepWarm.stop();
    this.transport.close();
    return Promise.resolve();
  }
}
