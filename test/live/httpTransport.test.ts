import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createNetServer } from 'node:net';
import type { AddressInfo, Server as NetServer, Socket } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { realTimers } from '../../src/engine/feed/binanceKlineStream.js';
import { keepAliveTransport } from '../../src/engine/execution/httpTransport.js';
import type { HttpRequest, HttpTransport } from '../../src/engine/execution/httpTransport.js';
import { LIVE_FIXTURES } from '../support/binanceServerCandles.js';

const TLS = join(LIVE_FIXTURES, 'tls');
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
});

/** A loopback HTTP(S) server that counts connections and records what it was sent. */
async function serve(
  handler: (req: IncomingMessage, res: ServerResponse, body: string) => void,
  o: { tls?: boolean; keepAliveTimeout?: number } = {},
) {
  const seen: { method: string; url: string; body: string; conn: number }[] = [];
  const conns = new WeakMap<object, number>();
  let connections = 0;
  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    let conn = conns.get(req.socket);
    if (conn === undefined) conns.set(req.socket, (conn = ++connections));
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString();
      seen.push({ method: req.method ?? '', url: req.url ?? '', body, conn: conn! });
      handler(req, res, body);
    });
  };
  const server: Server = o.tls
    ? createHttpsServer(
        { key: readFileSync(join(TLS, 'key.pem')), cert: readFileSync(join(TLS, 'cert.pem')) },
        onRequest,
      )
    : createServer(onRequest);
  if (o.keepAliveTimeout !== undefined) server.keepAliveTimeout = o.keepAliveTimeout;
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  closers.push(async () => {
    server.closeAllConnections();
    await new Promise<void>((ok) => server.close(() => ok()));
  });
  const port = (server.address() as AddressInfo).port;
  return { port, seen, connections: () => connections };
}

/** A loopback TCP server that answers every connection's first bytes with `reply(socket)`. */
async function raw(reply: (s: Socket) => void): Promise<number> {
  const sockets = new Set<Socket>();
  const server: NetServer = createNetServer((s) => {
    sockets.add(s);
    s.on('error', () => undefined);
    s.once('data', () => reply(s));
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  closers.push(async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((ok) => server.close(() => ok()));
  });
  return (server.address() as AddressInfo).port;
}

function transport(origin: string, o: Parameters<typeof keepAliveTransport>[2] = {}): HttpTransport {
  const t = keepAliveTransport(origin, realTimers, o);
  closers.push(() => Promise.resolve(t.close()));
  return t;
}

const post = (body: string, extra: Partial<HttpRequest> = {}): HttpRequest => ({
  method: 'POST',
  path: '/api/v3/order',
  headers: { 'X-MBX-APIKEY': 'k', 'Content-Type': 'application/x-www-form-urlencoded' },
  body,
  timeoutMs: 2000,
  ...extra,
});

describe('keepAliveTransport against loopback servers', () => {
  it('returns answers over one kept-alive connection, with the request exactly as given', async () => {
    const s = await serve((_req, res, body) => res.end(JSON.stringify({ echo: body })));
    const t = transport(`http://127.0.0.1:${s.port}`);
    let sent = 0;
    const a = await t.send(post('symbol=ETHUSDT&side=BUY', { onSent: () => sent++ }));
    const b = await t.send({
      method: 'GET',
      path: '/api/v3/order?x=1',
      headers: {},
      body: null,
      timeoutMs: 2000,
    });
    expect(a).toEqual({
      ok: true,
      reply: { status: 200, retryAfter: null, text: '{"echo":"symbol=ETHUSDT&side=BUY"}' },
    });
    expect(b.ok && b.reply.status).toBe(200);
    expect(sent, 'onSent once per request').toBe(1);
    expect(s.seen.map((r) => [r.method, r.url, r.body])).toEqual([
      ['POST', '/api/v3/order', 'symbol=ETHUSDT&side=BUY'],
      ['GET', '/api/v3/order?x=1', ''],
    ]);
    expect(s.connections(), 'the second request reused the first connection').toBe(1);
  });

  it('returns a chunked body in one piece and the Retry-After header', async () => {
    const s = await serve((_req, res) => {
      res.writeHead(429, { 'Retry-After': '30' });
      res.write('{"code":-1003,');
      setTimeout(() => res.end('"msg":"slow down"}'), 5);
    });
    const r = await transport(`http://127.0.0.1:${s.port}`).send(post('a=1'));
    expect(r).toEqual({
      ok: true,
      reply: { status: 429, retryAfter: '30', text: '{"code":-1003,"msg":"slow down"}' },
    });
  });

  it('returns a new connection after the server said close, or after its keep-alive hint ran out', async () => {
    const closing = await serve((_req, res) => res.setHeader('Connection', 'close').end('{}'));
    const t1 = transport(`http://127.0.0.1:${closing.port}`);
    await t1.send(post('a=1'));
    await t1.send(post('a=2'));
    expect(closing.connections()).toBe(2);

    // Keep-Alive: timeout=1 → we drop the idle connection before the server would (no race with an order).
    const brief = await serve((_req, res) => res.end('{}'), { keepAliveTimeout: 1000 });
    const t2 = transport(`http://127.0.0.1:${brief.port}`);
    await t2.send(post('a=1'));
    await new Promise((r) => setTimeout(r, 50));
    const again = await t2.send(post('a=2'));
    expect(again.ok).toBe(true);
    expect(brief.connections()).toBe(2);
  });

  it('returns timedOut for a server that never answers, and a fresh connection for the next request', async () => {
    let n = 0;
    const s = await serve((_req, res) => {
      if (n++ > 0) res.end('{}');
    });
    const t = transport(`http://127.0.0.1:${s.port}`);
    expect(await t.send(post('a=1', { timeoutMs: 100 }))).toEqual({
      ok: false,
      timedOut: true,
      message: 'no response within 100 ms',
    });
    expect((await t.send(post('a=2'))).ok).toBe(true);
    expect(s.connections(), 'the hung connection was dropped').toBe(2);
  });

  it('returns one-line failures for a refused connection, a cut-off answer, a non-HTTP answer and a reset', async () => {
    const resetting = await raw((s) => s.destroy());
    const refused = transport('http://127.0.0.1:1');
    expect(await refused.send(post('a=1'))).toEqual({ ok: false, timedOut: false, message: 'ECONNREFUSED' });
    const cut = await raw((s) => s.end('HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\n{"orderId"'));
    expect(await transport(`http://127.0.0.1:${cut}`).send(post('a=1'))).toEqual({
      ok: false,
      timedOut: false,
      message: 'connection closed mid-response',
    });
    const junk = await raw((s) => s.end('SSH-2.0-OpenSSH_9.6\r\n\r\n'));
    expect(await transport(`http://127.0.0.1:${junk}`).send(post('a=1'))).toEqual({
      ok: false,
      timedOut: false,
      message: 'not an HTTP/1.x response',
    });
    const reset = await transport(`http://127.0.0.1:${resetting}`).send(post('a=1'));
    expect(reset.ok === false && !reset.timedOut, 'a reset is a failure at once, not a timeout').toBe(true);
  });

  it('returns an error and sends nothing for a header value that would smuggle a second request', async () => {
    const s = await serve((_req, res) => res.end('{}'));
    const r = await transport(`http://127.0.0.1:${s.port}`).send(
      post('a=1', { headers: { 'X-MBX-APIKEY': 'k\r\n\r\nGET /evil HTTP/1.1' } }),
    );
    expect(r).toEqual({ ok: false, timedOut: false, message: 'invalid header "X-MBX-APIKEY"' });
    expect(s.seen).toEqual([]);
  });

  it('returns answers over TLS only when the certificate is trusted', async () => {
    const s = await serve((_req, res) => res.end('{"ok":true}'), { tls: true });
    const trusted = transport(`https://localhost:${s.port}`, {
      ca: readFileSync(join(TLS, 'cert.pem'), 'utf8'),
    });
    expect(await trusted.send(post('a=1'))).toEqual({
      ok: true,
      reply: { status: 200, retryAfter: null, text: '{"ok":true}' },
    });
    expect((await trusted.send(post('a=2'))).ok).toBe(true);
    expect(s.connections(), 'one TLS handshake for both').toBe(1);
    const untrusted = await transport(`https://localhost:${s.port}`).send(post('a=3'));
    expect(untrusted.ok, 'a self-signed certificate is refused by default').toBe(false);
    expect(untrusted.ok === false && untrusted.message).toMatch(/SELF_SIGNED|CERT/);
  });
});
