import { createHmac, createSecretKey } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { channel } from 'node:diagnostics_channel';
import { performance } from 'node:perf_hooks';
import { parseRetryAfterMs } from '../feed/restBackfill.js';
import { redact } from '../journal/secretRegistry.js';
import type { HttpResult, HttpTransport } from './httpTransport.js';

/**
 * Signed Binance REST calls for placing and looking up orders, on a keep-alive transport
 * (httpTransport.ts) and node:crypto. binance-api-node (used for the start-up sync) cannot do
 * these safely: its requests have no timeout or abort, so a hung order request would stall the
 * engine; its errors drop the HTTP status and the Retry-After header that 429/418 carry; and they
 * carry the signed URL. Here every outcome is a value, every string is one line with the key and
 * secret redacted, and no URL ever leaves this file.
 */
export interface SignedRestConfig {
  readonly apiKey: string;
  readonly apiSecret: string;
  readonly recvWindow: number;
  readonly transport: HttpTransport;
  /** Exchange time for the `timestamp` parameter (local clock + measured offset). */
  readonly timestamp: () => number;
  /** Exchange time now, to turn an HTTP-date Retry-After or a "banned until" into a wait. */
  readonly now: () => number;
}

/**
 * Published when an order request's bytes have been handed to the socket (only while someone
 * subscribes): `{ clientOrderId, at }` with `at` = performance.now(). The latency bench's end mark.
 */
export const ORDER_SENT_CHANNEL = 'drl-tui:order-sent';
const orderSent = channel(ORDER_SENT_CHANNEL);

export interface OrderSentMessage {
  readonly clientOrderId: string;
  readonly at: number;
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
  private readonly key: KeyObject;
  private readonly recvWindow: string;
  private readonly apiKeyHeader: Readonly<Record<string, string>>;
  private readonly postHeaders: Readonly<Record<string, string>>;

  constructor(private readonly cfg: SignedRestConfig) {
    // The secret is encoded once, not on every signature.
    this.key = createSecretKey(Buffer.from(cfg.apiSecret, 'utf8'));
    this.recvWindow = String(cfg.recvWindow);
    this.apiKeyHeader = { 'X-MBX-APIKEY': cfg.apiKey };
    this.postHeaders = { ...this.apiKeyHeader, 'Content-Type': 'application/x-www-form-urlencoded' };
  }

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
    q.set('recvWindow', this.recvWindow);
    q.set('timestamp', String(Math.round(this.cfg.timestamp())));
    const payload = q.toString();
    const signature = createHmac('sha256', this.key).update(payload).digest('hex');
    const signedPayload = `${payload}&signature=${signature}`;
    const id = params.newClientOrderId;
    const onSent =
      method === 'POST' && id !== undefined && orderSent.hasSubscribers
        ? () => orderSent.publish({ clientOrderId: id, at: performance.now() } satisfies OrderSentMessage)
        : undefined;
    const r = await this.cfg.transport.send({
      method,
      path: method === 'GET' ? `${path}?${signedPayload}` : path,
      headers: method === 'GET' ? this.apiKeyHeader : this.postHeaders,
      body: method === 'GET' ? null : signedPayload,
      timeoutMs,
      ...(onSent ? { onSent } : {}),
    });
    return this.outcome(r, `${method} ${path}`);
  }

  private outcome(r: HttpResult, what: string): RestOutcome {
    if (!r.ok) return { kind: 'unknown', message: this.clean(`${what}: ${r.message}`) };
    const { status, text } = r.reply;
    const failed = status < 200 || status >= 300;
    const err = failed ? errorBody(text) : null;
    if (status === 429 || status === 418) {
      const msg = err?.msg ?? '';
      return {
        kind: 'rateLimited',
        status,
        code: err?.code ?? -1003,
        message: this.clean(`${what}: HTTP ${status} ${msg}`),
        retryAfterMs: parseRetryAfterMs(r.reply.retryAfter, msg, this.cfg.now()),
      };
    }
    if (status >= 500) {
      const detail = err ? `${err.code} ${err.msg}` : text.replace(/<[^>]*>/g, ' ');
      return { kind: 'unknown', message: this.clean(`${what}: HTTP ${status} ${detail}`) };
    }
    if (failed) {
      // Redirects are not followed either: an order goes to the checked host or nowhere.
      return {
        kind: 'rejected',
        status,
        code: err?.code ?? 0,
        message: this.clean(err?.msg ?? `HTTP ${status} ${text}`),
      };
    }
    try {
      return { kind: 'ok', status, body: JSON.parse(text) as unknown };
    } catch {
      return { kind: 'unknown', message: this.clean(`${what}: HTTP ${status} with a body that is not JSON`) };
    }
  }
}
