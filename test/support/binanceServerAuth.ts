import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/** A Binance error body `{code, msg}` with its HTTP status. Thrown by handlers, caught by the router. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    readonly msg: string,
  ) {
    super(msg);
  }
}

export interface ApiRequest {
  readonly method: string;
  readonly path: string;
  readonly rawQuery: string; // without '?'
  readonly rawBody: string;
  /** Query and body parameters merged (Binance reads both). */
  readonly params: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
}

export function requireParam(req: ApiRequest, name: string): string {
  const v = req.params.get(name);
  if (v === null || v === '') {
    throw new ApiError(
      400,
      -1102,
      `Mandatory parameter '${name}' was not sent, was empty/null, or malformed.`,
    );
  }
  return v;
}

function stripSignature(raw: string): { rest: string; signature: string | null } {
  let signature: string | null = null;
  const kept: string[] = [];
  for (const part of raw === '' ? [] : raw.split('&')) {
    if (part.startsWith('signature=')) signature = part.slice('signature='.length);
    else kept.push(part);
  }
  return { rest: kept.join('&'), signature };
}

export interface Credentials {
  readonly apiKey: string;
  readonly apiSecret: string;
}

/**
 * Binance SIGNED endpoint checks, in Binance's order: API key header, signature over
 * totalParams (the query string concatenated with the request body, exactly as sent, without the
 * signature parameter), then timestamp within recvWindow of the server time.
 */
export function checkSigned(req: ApiRequest, creds: Credentials, serverNow: number): void {
  const key = req.headers['x-mbx-apikey'];
  if (typeof key !== 'string' || key === '') throw new ApiError(401, -2014, 'API-key format invalid.');
  if (key !== creds.apiKey) throw new ApiError(401, -2015, 'Invalid API-key, IP, or permissions for action.');
  const q = stripSignature(req.rawQuery);
  const b = stripSignature(req.rawBody);
  const signature = q.signature ?? b.signature;
  if (signature === null || signature === '') {
    throw new ApiError(
      400,
      -1102,
      "Mandatory parameter 'signature' was not sent, was empty/null, or malformed.",
    );
  }
  const expected = createHmac('sha256', creds.apiSecret)
    .update(q.rest + b.rest)
    .digest('hex');
  const got = Buffer.from(signature.toLowerCase());
  if (got.length !== expected.length || !timingSafeEqual(got, Buffer.from(expected))) {
    throw new ApiError(400, -1022, 'Signature for this request is not valid.');
  }
  const timestamp = Number(requireParam(req, 'timestamp'));
  const recvWindowText = req.params.get('recvWindow');
  const recvWindow = recvWindowText === null ? 5000 : Number(recvWindowText);
  if (!(recvWindow > 0) || recvWindow > 60_000) {
    throw new ApiError(400, -1131, 'recvWindow must be less than 60000');
  }
  if (!Number.isFinite(timestamp) || timestamp < serverNow - recvWindow) {
    throw new ApiError(400, -1021, 'Timestamp for this request is outside of the recvWindow.');
  }
  if (timestamp > serverNow + 1000) {
    throw new ApiError(400, -1021, "Timestamp for this request was 1000ms ahead of the server's time.");
  }
}

/** Binance quantities and balances have 8 decimals: keep them as exact integers of 1e-8. */
export const UNIT = 100_000_000n;

/** "0.05000000" → 5000000n; null when not a plain non-negative decimal or finer than 1e-8. */
export function toUnits(text: string): bigint | null {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m) return null;
  const frac = (m[2] ?? '').replace(/0+$/, '');
  if (frac.length > 8) return null;
  return BigInt(m[1] ?? '0') * UNIT + BigInt(frac.padEnd(8, '0') || '0');
}

export function fromUnits(u: bigint, decimals = 8): string {
  const neg = u < 0n;
  const a = neg ? -u : u;
  const frac = (a % UNIT).toString().padStart(8, '0').slice(0, decimals);
  const s = decimals > 0 ? `${a / UNIT}.${frac}` : `${a / UNIT}`;
  return neg ? `-${s}` : s;
}

/** a × b for two 1e-8 amounts, truncated to 1e-8. */
export function mulUnits(a: bigint, b: bigint): bigint {
  return (a * b) / UNIT;
}
