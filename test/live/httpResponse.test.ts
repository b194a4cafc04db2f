import { describe, expect, it } from 'vitest';
import { parseResponse } from '../../src/engine/execution/httpResponse.js';

const b = (s: string): Buffer => Buffer.from(s, 'latin1');

function done(text: string, ended = false) {
  const step = parseResponse(b(text), ended);
  if (step.kind !== 'done') throw new Error(`expected a complete response, got ${JSON.stringify(step)}`);
  return step.response;
}

describe('parseResponse (HTTP/1.1 framing)', () => {
  it('returns status, lower-case headers and a Content-Length body, reusable', () => {
    const r = done('HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 7\r\n\r\n{"a":1}');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/json');
    expect(r.body.toString()).toBe('{"a":1}');
    expect(r.keepAlive).toBe(true);
  });

  it('returns "more" at every cut before the end and the same response once complete', () => {
    const full =
      'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 429 Too Many\r\nRetry-After: 30\r\nTransfer-Encoding: chunked\r\n\r\n' +
      '5;ext=1\r\n{"cod\r\n10\r\ne":-1003,"msg":"\r\n2\r\n"}\r\n0\r\nX-Trailer: y\r\n\r\n';
    for (let cut = 0; cut < full.length; cut++)
      expect(parseResponse(b(full.slice(0, cut)), false).kind, `cut at ${cut}`).toBe('more');
    const r = done(full);
    expect(r.status, 'the interim 100 is skipped').toBe(429);
    expect(r.headers.get('retry-after')).toBe('30');
    expect(r.body.toString()).toBe('{"code":-1003,"msg":""}');
    expect(r.keepAlive).toBe(true);
  });

  it('returns a body read until the connection closes when no length is given, not reusable', () => {
    const text = 'HTTP/1.1 502 Bad Gateway\r\nContent-Type: text/html\r\n\r\n<h1>502</h1>';
    expect(parseResponse(b(text), false).kind, 'the end is the close').toBe('more');
    const r = done(text, true);
    expect(r.body.toString()).toBe('<h1>502</h1>');
    expect(r.keepAlive).toBe(false);
  });

  it('returns not reusable for Connection: close, HTTP/1.0 and bytes after the response', () => {
    expect(done('HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n').keepAlive).toBe(false);
    expect(done('HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n').keepAlive).toBe(false);
    expect(done('HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n').keepAlive).toBe(
      true,
    );
    expect(done('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}HTTP').keepAlive, 'unasked-for bytes').toBe(
      false,
    );
  });

  it('returns a one-line error for what is not an HTTP/1.x response or breaks its framing', () => {
    const err = (text: string, ended = false) => parseResponse(b(text), ended);
    expect(err('SSH-2.0-OpenSSH\r\n\r\n')).toEqual({ kind: 'error', message: 'not an HTTP/1.x response' });
    expect(err('HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n')).toEqual({
      kind: 'error',
      message: 'bad Content-Length',
    });
    expect(err('HTTP/1.1 200 OK\r\nBad Header\r\n\r\n')).toEqual({
      kind: 'error',
      message: 'malformed response header',
    });
    expect(err('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n')).toEqual({
      kind: 'error',
      message: 'bad chunk size',
    });
    expect(err('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n')).toEqual({
      kind: 'error',
      message: 'bad chunk framing',
    });
    expect(err('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n{}', true)).toEqual({
      kind: 'error',
      message: 'connection closed mid-response',
    });
    expect(err('HTTP/1.1 200', true)).toEqual({
      kind: 'error',
      message: 'connection closed before the response',
    });
    expect(err(`HTTP/1.1 200 OK\r\nX: ${'a'.repeat(70_000)}`)).toEqual({
      kind: 'error',
      message: 'response head too large',
    });
  });
});
