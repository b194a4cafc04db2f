import { createHmac } from 'node:crypto';
import type { Timers } from '../feed/binanceKlineStream.js';
import { parseRetryAfterMs } from '../feed/restBackfill.js';
import { redact } from '../journal/secretRegistry.js';

/**
 * Signed Binance REST calls on Node's fetch + node:crypto, used for placing and looking up orders.
 * binance-api-node (used for the start-up sync) cannot do these safely: its requests have no
 * timeout or abort, so a hung order request would stall the engine; its errors drop the HTTP
 * status and the Retry-After header that 429/418 carry; and they carry the signed URL. Here every
 * outcome is a value, every string is one line with the key and secret redacted, and no URL
 * ever leaves this file.
 */
export interface SignedRestConfig {
  readonly baseUrl: string;
  readonly apiKey: string;
  readonly apiSecret: string;
  readonly recvWindow: number;
  readonly fetch: typeof fetch;
  readonly timers: Timers;
  /** Exchange time for the `timestamp` parameter (local clock + measured offset). */
  readonly timestamp: () => number;
  /** Exchange time now, to turn an HTTP-date Retry-After or a "banned until" into a wait. */
  readonly now: () => number;
}

export type RestOutcome =
  | { readonly kind: 'ok'; readonly status: number; readonly body: unknown }
  /** A Binance error body {code,msg} on a 4xx: the request was refused, nothing happened. */
  | { readonly kind: 'rejected'; readonly status: number; readonly code: number; readonly message: string }
  | {
      readonly kind: 'rateLimited';
      readonly status: number;
      readonly code: number;
      readonly message: string;
      readonly retryAfterMs: number | null;
    }
  /** 5xx, a timeout or a dropped connection: the request may or may not have been executed. */
  | { readonly kind: 'unknown'; readonly message: string };

function oneLine(text: string, max = 200): string {
  const s = text.replace(/\s+/g, ' ').trim();
  return s.length > max ? `${s.slice(0, max - 3)}...` : s;
}

function errorBody(text: string): { code: number; msg: string } | null {
  try {
    const v: unknown = JSON.parse(text);
    if (typeof v === 'object' && v !== null && typeof (v as { code?: unknown }).code === 'number') {
      const msg = (v as { msg?: unknown }).msg;
      return { code: (v as { code: number }).code, msg: typeof msg === 'string' ? msg : '' };
    }
  } catch {
    // not JSON: a proxy page or an empty body
  }
  return null;
}

export class SignedRest {
  constructor(private readonly cfg: SignedRestConfig) {}

  /**
   * Redacts the key and secret (and their escaped forms) and any request signature from text
   * leaving the executor: an exchange or proxy error page may echo what it received.
   */
  clean(text: string): string {
    const noSig = text.replace(/signature=[0-9a-fA-F]+/g, 'signature=***');
    return oneLine(redact(noSig, [this.cfg.apiKey, this.cfg.apiSecret]));
  }

  async signed(
    method: 'GET' | 'POST',
    path: string,
    params: Readonly<Record<string, string>>,
    timeoutMs: number,
  ): Promise<RestOutcome> {
    const q = new URLSearchParams(params);
    q.set('recvWindow', String(this.cfg.recvWindow));
    q.set('timestamp', String(Math.round(this.cfg.timestamp())));
    const payload = q.toString();
    const signature = createHmac('sha256', this.cfg.apiSecret).update(payload).digest('hex');
    const signedPayload = `${payload}&signature=${signature}`;
    const base = `${this.cfg.baseUrl.replace(/\/+$/, '')}${path}`;
    const init: RequestInit = { method, headers: { 'X-MBX-APIKEY': this.cfg.apiKey } };
    const url = method === 'GET' ? `${base}?${signedPayload}` : base;
    if (method === 'POST') {
      init.body = signedPayload;
      init.headers = { ...init.headers, 'Content-Type': 'application/x-www-form-urlencoded' };
    }
    return this.send(url, init, `${method} ${path}`, timeoutMs);
  }

  private async send(url: string, init: RequestInit, what: string, timeoutMs: number): Promise<RestOutcome> {
    const ctl = new AbortController();
    const timer = this.cfg.timers.setTimeout(() => ctl.abort(), timeoutMs);
    try {
      const res = await this.cfg.fetch(url, { ...init, signal: ctl.signal });
      const text = await res.text();
      const err = errorBody(text);
      if (res.status === 429 || res.status === 418) {
        const msg = err?.msg ?? '';
        return {
          kind: 'rateLimited',
          status: res.status,
          code: err?.code ?? -1003,
          message: this.clean(`${what}: HTTP ${res.status} ${msg}`),
          retryAfterMs: parseRetryAfterMs(res.headers.get('retry-after'), msg, this.cfg.now()),
        };
      }
      if (res.status >= 500) {
        const detail = err ? `${err.code} ${err.msg}` : text.replace(/<[^>]*>/g, ' ');
        return { kind: 'unknown', message: this.clean(`${what}: HTTP ${res.status} ${detail}`) };
      }
      if (!res.ok) {
        return {
          kind: 'rejected',
          status: res.status,
          code: err?.code ?? 0,
          message: this.clean(err?.msg ?? `HTTP ${res.status} ${text}`),
        };
      }
      try {
        return { kind: 'ok', status: res.status, body: JSON.parse(text) as unknown };
      } catch {
        return {
          kind: 'unknown',
          message: this.clean(`${what}: HTTP ${res.status} with a body that is not JSON`),
        };
      }
    } catch (e) {
      const why = ctl.signal.aborted
        ? `no response within ${timeoutMs} ms`
        : ((e as Error & { cause?: { code?: string } }).cause?.code ?? (e as Error).message);
      return { kind: 'unknown', message: this.clean(`${what}: ${why}`) };
    } finally {
      this.cfg.timers.clearTimeout(timer);
    }
  }
}
