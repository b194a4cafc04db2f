import { isIP, connect as netConnect } from 'node:net';
import type { Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import type { Timers } from '../feed/binanceKlineStream.js';
import { parseResponse } from './httpResponse.js';

/**
 * HTTP/1.1 for the order path: a small pool of kept-alive connections to one exchange origin, a
 * request written with one socket.write() in the caller's own tick, and a strict response reader
 * (httpResponse.ts). Why not fetch or node:http: from "send" to bytes in the kernel, fetch
 * (undici) spends ~0.4–0.6 ms of JavaScript (Request/Headers objects, URL parsing, web streams)
 * and node:http ~0.2–0.3 ms (ClientRequest set-up, a socket hand-off on the next tick), against
 * ~0.05 ms here; and a kept-alive connection means an order never pays a TCP/TLS handshake.
 * One request per connection at a time (no pipelining); redirects are never followed; TLS
 * certificates are verified as usual. Every outcome is a value; nothing here knows about keys or
 * signatures (the caller signs, and cleans what it returns).
 */

export interface HttpRequest {
  readonly method: 'GET' | 'POST';
  /** Path and query, e.g. /api/v3/order?symbol=… */
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | null;
  /** Whole exchange (connect included): no complete response by then → `timedOut`, connection dropped. */
  readonly timeoutMs: number;
  /** Called once, when the request's bytes have been handed to the kernel (the bench's end mark). */
  readonly onSent?: () => void;
}

export interface HttpReply {
  readonly status: number;
  readonly retryAfter: string | null;
  readonly text: string;
}

export type HttpResult =
  | { readonly ok: true; readonly reply: HttpReply }
  /** No complete response: the request may or may not have reached the server. */
  | { readonly ok: false; readonly timedOut: boolean; readonly message: string };

export interface HttpTransport {
  send(r: HttpRequest): Promise<HttpResult>;
  /** Close idle connections; requests still running finish (or time out) on their own. */
  close(): void;
}

export interface KeepAliveOptions {
  /** An idle connection is closed after this long (ms), or 1 s before a server's Keep-Alive timeout. */
  readonly idleMs?: number;
  /** Extra trusted CA certificates (PEM) for https, e.g. a test server's. */
  readonly ca?: string;
  /** Longest response accepted (bytes). Default 4 MiB. */
  readonly maxResponseBytes?: number;
}

interface Handlers {
  readonly data: (chunk: Buffer) => void;
  readonly end: () => void;
  readonly error: (e: Error) => void;
  readonly close: () => void;
  readonly timeout?: () => void;
}

const NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const VALUE = /^[\t\x20-\x7e]*$/;
const PATH = /^\/[\x21-\x7e]*$/;

const ignore = (): void => undefined;

function errorText(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  return typeof err.code === 'string' ? err.code : (err.message ?? 'request failed');
}

function keepAliveHintMs(header: string | undefined): number | null {
  const m = header === undefined ? null : /(?:^|,)\s*timeout=(\d+)/i.exec(header);
  return m ? Number(m[1]) * 1000 : null;
}

/** A transport to one origin (scheme://host[:port], already checked by the endpoint policy). */
export function keepAliveTransport(origin: string, timers: Timers, o: KeepAliveOptions = {}): HttpTransport {
  const url = new URL(origin);
  const secure = url.protocol === 'https:';
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1'); // [::1] → ::1
  const port = url.port !== '' ? Number(url.port) : secure ? 443 : 80;
  const hostHeader = url.host;
  const idleMs = o.idleMs ?? 50_000;
  const maxBytes = o.maxResponseBytes ?? 4 * 1024 * 1024;
  const idle: Socket[] = [];
  // Our listeners on each socket, removed one by one: net and tls keep listeners of their own.
  const ours = new WeakMap<Socket, Handlers>();
  let closed = false;

  const listen = (s: Socket, h: Handlers): void => {
    unlisten(s);
    s.on('data', h.data).on('end', h.end).on('error', h.error).on('close', h.close);
    if (h.timeout) s.on('timeout', h.timeout);
    ours.set(s, h);
  };
  const unlisten = (s: Socket): void => {
    const h = ours.get(s);
    if (!h) return;
    s.off('data', h.data).off('end', h.end).off('error', h.error).off('close', h.close);
    if (h.timeout) s.off('timeout', h.timeout);
    ours.delete(s);
  };

  const drop = (s: Socket): void => {
    const i = idle.indexOf(s);
    if (i >= 0) idle.splice(i, 1);
  };

  function dial(): Promise<Socket> {
    return new Promise<Socket>((resolve, reject) => {
      const s: Socket = secure
        ? tlsConnect({
            host,
            port,
            ...(isIP(host) === 0 ? { servername: host } : {}),
            ALPNProtocols: ['http/1.1'],
            ...(o.ca ? { ca: o.ca } : {}),
          })
        : netConnect({ host, port });
      s.setNoDelay(true);
      s.setKeepAlive(true, 10_000);
      // Never an unhandled 'error' (which would crash the process), whoever listens at the time.
      s.on('error', ignore);
      const ok = (): void => {
        s.off('error', bad);
        resolve(s);
      };
      const bad = (e: Error): void => {
        s.destroy();
        reject(e);
      };
      s.once(secure ? 'secureConnect' : 'connect', ok);
      s.once('error', bad);
    });
  }

  /** Back to the pool if reusable; idle connections do not keep the process alive. */
  function release(s: Socket, hintMs: number | null): void {
    if (closed || s.destroyed || s.readableEnded || s.writableEnded) {
      s.destroy();
      return;
    }
    const gone = (): void => {
      drop(s);
      unlisten(s);
      s.destroy();
    };
    // Anything from the server while idle (data, FIN, reset, timeout) ends the connection.
    listen(s, { data: gone, end: gone, error: gone, close: gone, timeout: gone });
    s.setTimeout(hintMs !== null ? Math.max(1, Math.min(idleMs, hintMs - 1000)) : idleMs);
    s.unref();
    idle.push(s);
  }

  /** The most recently used open connection, else a new one. */
  function acquire(): Socket | null {
    for (let s = idle.pop(); s !== undefined; s = idle.pop()) {
      unlisten(s);
      if (s.destroyed || s.readableEnded || s.writableEnded) {
        s.destroy();
        continue;
      }
      s.setTimeout(0);
      s.ref();
      return s;
    }
    return null;
  }

  function send(r: HttpRequest): Promise<HttpResult> {
    if (!PATH.test(r.path))
      return Promise.resolve({ ok: false, timedOut: false, message: 'invalid request path' });
    let head = `${r.method} ${r.path} HTTP/1.1\r\nHost: ${hostHeader}\r\n`;
    for (const name in r.headers) {
      const value = r.headers[name] as string;
      // A header value with a line break would smuggle a second request onto the connection.
      if (!NAME.test(name) || !VALUE.test(value))
        return Promise.resolve({
          ok: false,
          timedOut: false,
          message: `invalid header ${JSON.stringify(name)}`,
        });
      head += `${name}: ${value}\r\n`;
    }
    const wire =
      r.body === null
        ? `${head}\r\n`
        : `${head}Content-Length: ${Buffer.byteLength(r.body)}\r\n\r\n${r.body}`;

    return new Promise<HttpResult>((resolve) => {
      let settled = false;
      let sock: Socket | null = null;
      let received: Buffer = Buffer.alloc(0);
      const finish = (out: HttpResult, reuse: boolean, hintMs: number | null = null): void => {
        if (settled) return;
        settled = true;
        timers.clearTimeout(timer);
        const s = sock;
        sock = null;
        if (s !== null) {
          unlisten(s);
          if (reuse) release(s, hintMs);
          else s.destroy();
        }
        resolve(out);
      };
      const timer = timers.setTimeout(
        () => finish({ ok: false, timedOut: true, message: `no response within ${r.timeoutMs} ms` }, false),
        r.timeoutMs,
      );
      const read = (ended: boolean): void => {
        if (received.length > maxBytes) {
          finish({ ok: false, timedOut: false, message: 'response too large' }, false);
          return;
        }
        const step = parseResponse(received, ended);
        if (step.kind === 'more') return;
        if (step.kind === 'error') {
          finish({ ok: false, timedOut: false, message: step.message }, false);
          return;
        }
        const res = step.response;
        finish(
          {
            ok: true,
            reply: {
              status: res.status,
              retryAfter: res.headers.get('retry-after') ?? null,
              text: res.body.toString('utf8'),
            },
          },
          res.keepAlive,
          keepAliveHintMs(res.headers.get('keep-alive')),
        );
      };
      const use = (s: Socket): void => {
        if (settled) {
          release(s, null); // timed out while connecting: the fresh connection is still good
          return;
        }
        sock = s;
        const onData = (chunk: Buffer): void => {
          received = received.length === 0 ? chunk : Buffer.concat([received, chunk]);
          read(false);
        };
        const onError = (e: Error): void =>
          finish({ ok: false, timedOut: false, message: errorText(e) }, false);
        const onClose = (): void =>
          finish({ ok: false, timedOut: false, message: 'connection closed before the response' }, false);
        listen(s, { data: onData, end: () => read(true), error: onError, close: onClose });
        const onSent = r.onSent;
        if (onSent === undefined) s.write(wire);
        else {
          // Written through to the kernel at once (the usual case for a few hundred bytes on an
          // open connection): sent now; else when the socket has flushed the rest.
          let marked = false;
          const mark = (): void => {
            if (!marked) onSent();
            marked = true;
          };
          s.write(wire, mark);
          if (s.writableLength === 0) mark();
        }
      };
      const reused = acquire();
      if (reused !== null) use(reused);
      else
        dial().then(use, (e: unknown) =>
          finish({ ok: false, timedOut: false, message: errorText(e) }, false),
        );
    });
  }

  return {
    send,
    close(): void {
      closed = true;
      for (const s of idle.splice(0)) {
        unlisten(s);
        s.destroy();
      }
    },
  };
}
