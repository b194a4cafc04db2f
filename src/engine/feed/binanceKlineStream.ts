import { printable } from '../core/printable.js';
import WebSocket from 'ws';
import type { RawData } from 'ws';
import type { Duplex } from 'node:stream';
import type { Bar, Parsed } from '../core/types.js';
import { MINUTE_MS } from '../core/types.js';
import type { Rng } from '../core/rng.js';

/** One `<symbol>@kline_1m` update: the candle as it stands, and whether Binance marked it closed (k.x). */
export interface KlineUpdate {
  readonly bar: Bar;
  readonly closed: boolean;
  readonly eventTime: number;
}

/** Timer functions, injectable so tests can drive the watchdog and backoff without sleeping. */
export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export interface BackoffConfig {
  readonly baseMs: number;
  readonly maxMs: number;
  /** 0 = none, 1 = delay anywhere in (0, d]; the jitter spreads a crowd of clients reconnecting at once. */
  readonly jitter: number;
}

export const DEFAULT_BACKOFF: BackoffConfig = { baseMs: 1000, maxMs: 30_000, jitter: 0.5 };

/** min(max, base·2^n), scaled into [1 - jitter, 1] by the seeded rng. */
export function backoffDelay(failures: number, cfg: BackoffConfig, rng: Rng): number {
  const d = Math.min(cfg.maxMs, cfg.baseMs * 2 ** Math.min(failures, 30));
  return Math.round(d * (1 - cfg.jitter * rng.next()));
}

const DECIMAL = /^\d+(?:\.\d+)?$/;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function fail(reason: string): { ok: false; error: string } {
  const text = printable(reason);
  return { ok: false, error: text.length > 100 ? `${text.slice(0, 97)}...` : text };
}

/** A Binance price/volume field: a decimal string ("3560.49000000"), never a number or NaN. */
export function decimalField(v: unknown): number | null {
  if (typeof v !== 'string' || !DECIMAL.test(v)) return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}

/** Checks OHLCV and minute alignment; shared by the stream and the REST backfill. */
export function checkBar(bar: Bar): string | null {
  if (!Number.isSafeInteger(bar.openTime) || bar.openTime % MINUTE_MS !== 0) {
    return `open time ${bar.openTime} is not on a minute`;
  }
  if (bar.closeTime !== bar.openTime + MINUTE_MS - 1)
    return `close time ${bar.closeTime} is not open time + 59999`;
  const { open: o, high: h, low: l, close: c } = bar;
  if (!(o > 0 && h > 0 && l > 0 && c > 0)) return 'non-positive price';
  if (h < l || h < o || h < c || l > o || l > c) return `inconsistent candle o=${o} h=${h} l=${l} c=${c}`;
  if (!(bar.volume >= 0)) return 'negative volume';
  return null;
}

/**
 * Strict parser for one text frame. Ok(null) for frames that are valid but carry no candle
 * (a SUBSCRIBE acknowledgement); an error (one line) for anything that is not exactly a 1m kline
 * event for `symbol` — the caller counts it and carries on.
 */
export function parseKlineFrame(text: string, symbol: string): Parsed<KlineUpdate | null> {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return fail(`not JSON: ${JSON.stringify(text.slice(0, 40))}`);
  }
  if (!isRecord(v)) return fail('frame is not a JSON object');
  if (typeof v.stream === 'string' && isRecord(v.data)) v = v.data; // combined-stream wrapper
  if (!isRecord(v)) return fail('frame is not a JSON object');
  if ('result' in v && 'id' in v) return { ok: true, value: null };
  if (v.e !== 'kline') return fail(`event type ${JSON.stringify(v.e)} is not "kline"`);
  if (v.s !== symbol) return fail(`symbol ${JSON.stringify(v.s)} is not ${symbol}`);
  const k = v.k;
  if (!isRecord(k)) return fail('kline frame without "k"');
  if (k.i !== '1m') return fail(`interval ${JSON.stringify(k.i)} is not 1m`);
  if (typeof k.t !== 'number' || typeof k.T !== 'number') return fail('kline frame without numeric t/T');
  if (typeof k.x !== 'boolean') return fail('kline frame without boolean x');
  const open = decimalField(k.o);
  const high = decimalField(k.h);
  const low = decimalField(k.l);
  const close = decimalField(k.c);
  const volume = decimalField(k.v);
  if (open === null || high === null || low === null || close === null || volume === null) {
    return fail(`kline ${k.t} has a price or volume that is not a decimal string`);
  }
  const bar: Bar = { openTime: k.t, open, high, low, close, volume, closeTime: k.T };
  const bad = checkBar(bar);
  if (bad !== null) return fail(`kline ${k.t}: ${bad}`);
  return { ok: true, value: { bar, closed: k.x, eventTime: typeof v.E === 'number' ? v.E : 0 } };
}

export interface KlineStreamConfig {
  readonly url: string;
  readonly symbol: string; // upper case, as in the frames
  readonly stallMs: number;
  readonly pingIntervalMs: number;
  readonly connectTimeoutMs: number;
  readonly backoff: BackoffConfig;
  readonly rng: Rng;
  readonly timers: Timers;
  /** Monotonic milliseconds for receive stamps (latency measurement), e.g. performance.now. */
  readonly hrNow: () => number;
}

export interface KlineStreamHandlers {
  onUpdate(update: KlineUpdate, receivedAt: number): void;
  onMalformed(reason: string): void;
  onOpen(): void;
  /** The connection is gone; a reconnect is scheduled after delayMs. */
  onDown(reason: string, delayMs: number): void;
  /** No kline arrived for stallMs although the socket looked alive; it is being torn down. */
  onStale(detail: string): void;
}

/**
 * The WebSocket side of the live feed: one connection at a time, a stall watchdog on *kline*
 * frames (pongs and garbage do not count: a socket that answers pings but sends no candles is
 * exactly the failure to catch), our own ping for NAT/proxy keep-alive (Binance's pings are
 * answered by ws automatically), and reconnect with exponential backoff and jitter. It knows
 * nothing about bar order; LiveFeed does.
 */
export class BinanceKlineStream {
  private ws: WebSocket | null = null;
  private stopped = true;
  private failures = 0; // consecutive connections that delivered no kline
  private watchdog: unknown = null;
  private pinger: unknown = null;
  private retry: unknown = null;
  private gotKline = false;

  constructor(
    private readonly cfg: KlineStreamConfig,
    private readonly h: KlineStreamHandlers,
  ) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    this.clearTimers();
    if (this.retry !== null) this.cfg.timers.clearTimeout(this.retry);
    this.retry = null;
    const ws = this.ws;
    this.ws = null;
    if (ws) ws.terminate();
  }

  /** Tear the current connection down now (e.g. after a backfill found the stream unusable). */
  recycle(reason: string): void {
    if (this.ws && !this.stopped) {
      this.closeReason = reason;
      this.ws.terminate();
    }
  }

  private closeReason: string | null = null;

  private clearTimers(): void {
    if (this.watchdog !== null) this.cfg.timers.clearTimeout(this.watchdog);
    if (this.pinger !== null) this.cfg.timers.clearTimeout(this.pinger);
    this.watchdog = null;
    this.pinger = null;
  }

  private armWatchdog(ws: WebSocket): void {
    if (this.watchdog !== null) this.cfg.timers.clearTimeout(this.watchdog);
    this.watchdog = this.cfg.timers.setTimeout(() => {
      if (ws !== this.ws) return;
      const ms = this.cfg.stallMs;
      const detail = `no kline for ${ms >= 10_000 ? `${Math.round(ms / 1000)} s` : `${ms} ms`}; reconnecting`;
      this.closeReason = `stalled (${detail.split(';')[0]})`;
      this.h.onStale(detail);
      ws.terminate();
    }, this.cfg.stallMs);
  }

  private armPing(ws: WebSocket): void {
    if (this.cfg.pingIntervalMs <= 0) return;
    this.pinger = this.cfg.timers.setTimeout(() => {
      if (ws !== this.ws || ws.readyState !== WebSocket.OPEN) return;
      ws.ping();
      this.armPing(ws);
    }, this.cfg.pingIntervalMs);
  }

  private connect(): void {
    this.retry = null;
    this.gotKline = false;
    this.closeReason = null;
    let ws: WebSocket;
    try {
      // No permessage-deflate: inflating runs on zlib's thread pool and would delay every candle.
      ws = new WebSocket(this.cfg.url, {
        handshakeTimeout: this.cfg.connectTimeoutMs,
        perMessageDeflate: false,
      });
    } catch (e) {
      // Not expected after LiveFeed's URL check; treated like any failed connection.
      this.failures++;
      const delay = backoffDelay(this.failures, this.cfg.backoff, this.cfg.rng);
      this.retry = this.cfg.timers.setTimeout(() => this.connect(), delay);
      this.h.onDown(`cannot open the stream: ${(e as Error).message.split('\n')[0] ?? ''}`, delay);
      return;
    }
    this.ws = ws;
    let lastError = '';
    // Receive stamps are taken when the bytes reach the process (the socket's 'data'), not when ws
    // has parsed them and handled the frames before them in the same read.
    let chunkAt = Number.NaN;
    let socket: Duplex | null = null;
    ws.on('upgrade', (res) => (socket = res.socket));
    ws.on('open', () => {
      // Prepended once ws has attached its own listener (a listener added before that would take
      // the bytes ws puts back after the handshake, and ws would never see them).
      socket?.prependListener('data', () => (chunkAt = this.cfg.hrNow()));
      if (ws !== this.ws) return;
      this.armWatchdog(ws);
      this.armPing(ws);
      this.h.onOpen();
    });
    ws.on('message', (data: RawData, isBinary: boolean) => {
      const at = Number.isNaN(chunkAt) ? this.cfg.hrNow() : chunkAt;
      if (ws !== this.ws) return;
      if (isBinary) {
        this.h.onMalformed('binary frame on a text stream');
        return;
      }
      const text = Array.isArray(data) ? Buffer.concat(data).toString('utf8') : data.toString('utf8');
      const parsed = parseKlineFrame(text, this.cfg.symbol);
      if (!parsed.ok) {
        this.h.onMalformed(parsed.error);
        return;
      }
      if (parsed.value === null) return;
      this.gotKline = true;
      this.failures = 0;
      this.armWatchdog(ws);
      this.h.onUpdate(parsed.value, at);
    });
    ws.on('unexpected-response', (_req, res) => {
      lastError = `handshake refused: HTTP ${res.statusCode ?? '?'}`;
      ws.terminate();
    });
    ws.on('error', (err: Error) => {
      lastError = err.message.split('\n')[0] ?? 'socket error';
    });
    ws.on('close', (code: number) => {
      if (ws !== this.ws) return;
      this.clearTimers();
      this.ws = null;
      if (this.stopped) return;
      if (!this.gotKline) this.failures++;
      const delay = backoffDelay(this.failures, this.cfg.backoff, this.cfg.rng);
      const reason = this.closeReason ?? (lastError !== '' ? lastError : `connection closed (code ${code})`);
      this.retry = this.cfg.timers.setTimeout(() => this.connect(), delay);
      this.h.onDown(reason, delay);
    });
  }
}
