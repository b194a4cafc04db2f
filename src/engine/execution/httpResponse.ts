/**
 * An HTTP/1.1 response read from the bytes a connection has received so far (RFC 9112 framing:
 * Content-Length, chunked, or until the connection closes; 1xx interim responses skipped). Pure
 * and re-run on the whole buffer as bytes arrive: an order's answer is a few kilobytes.
 */

export interface ParsedResponse {
  readonly status: number;
  /** Lower-case names; repeated headers joined with ", ". */
  readonly headers: ReadonlyMap<string, string>;
  readonly body: Buffer;
  /** The connection may carry another request (no "close", framing known, nothing extra received). */
  readonly keepAlive: boolean;
}

export type ParseStep =
  | { readonly kind: 'more' }
  | { readonly kind: 'error'; readonly message: string }
  | { readonly kind: 'done'; readonly response: ParsedResponse };

const MORE: ParseStep = { kind: 'more' };
const MAX_HEAD = 64 * 1024;
const STATUS_LINE = /^HTTP\/1\.([01]) (\d{3})(?: [^\r\n]*)?$/;
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const CRLF = Buffer.from('\r\n');
const HEAD_END = Buffer.from('\r\n\r\n');

function fail(message: string): ParseStep {
  return { kind: 'error', message };
}

/**
 * `ended`: the peer closed its side, so a body read "until close" is complete and a partial one
 * is an error. Returns 'more' while the response is incomplete.
 */
export function parseResponse(buf: Buffer, ended: boolean): ParseStep {
  let start = 0;
  for (;;) {
    const headEnd = buf.indexOf(HEAD_END, start);
    if (headEnd < 0) {
      if (buf.length - start > MAX_HEAD) return fail('response head too large');
      return ended ? fail('connection closed before the response') : MORE;
    }
    const lines = buf.toString('latin1', start, headEnd).split('\r\n');
    const m = STATUS_LINE.exec(lines[0] ?? '');
    if (!m) return fail('not an HTTP/1.x response');
    const minor = m[1];
    const status = Number(m[2]);
    const headers = new Map<string, string>();
    for (let i = 1; i < lines.length; i++) {
      const line = lines[i] as string;
      const colon = line.indexOf(':');
      const name = colon > 0 ? line.slice(0, colon).toLowerCase() : '';
      if (!TOKEN.test(name)) return fail('malformed response header');
      const value = line.slice(colon + 1).trim();
      const prev = headers.get(name);
      headers.set(name, prev === undefined ? value : `${prev}, ${value}`);
    }
    const bodyStart = headEnd + HEAD_END.length;
    if (status === 101) return fail('unexpected protocol switch');
    if (status >= 100 && status < 200) {
      start = bodyStart; // interim response: the real one follows
      continue;
    }
    const connection = (headers.get('connection') ?? '').toLowerCase();
    let keepAlive = minor === '1' ? !/\bclose\b/.test(connection) : /\bkeep-alive\b/.test(connection);
    const done = (body: Buffer, end: number): ParseStep => ({
      kind: 'done',
      response: { status, headers, body, keepAlive: keepAlive && end === buf.length },
    });
    if (status === 204 || status === 304) return done(Buffer.alloc(0), bodyStart);
    const te = headers.get('transfer-encoding');
    if (te !== undefined) {
      if (/(?:^|,)\s*chunked\s*$/i.test(te)) return chunked(buf, bodyStart, ended, done);
      keepAlive = false; // another coding last: the body runs until the connection closes
    } else {
      const cl = headers.get('content-length');
      if (cl !== undefined) {
        if (!/^\d{1,15}$/.test(cl)) return fail('bad Content-Length');
        const end = bodyStart + Number(cl);
        if (buf.length >= end) return done(buf.subarray(bodyStart, end), end);
        return ended ? fail('connection closed mid-response') : MORE;
      }
      keepAlive = false;
    }
    return ended ? done(buf.subarray(bodyStart), buf.length) : MORE;
  }
}

function chunked(
  buf: Buffer,
  from: number,
  ended: boolean,
  done: (body: Buffer, end: number) => ParseStep,
): ParseStep {
  const parts: Buffer[] = [];
  let pos = from;
  const short = (): ParseStep => (ended ? fail('connection closed mid-response') : MORE);
  for (;;) {
    const eol = buf.indexOf(CRLF, pos);
    if (eol < 0) return buf.length - pos > 1024 ? fail('bad chunk size') : short();
    const sizeText = buf.toString('latin1', pos, eol).split(';')[0]!.trim();
    if (!/^[0-9a-fA-F]{1,8}$/.test(sizeText)) return fail('bad chunk size');
    const size = parseInt(sizeText, 16);
    pos = eol + CRLF.length;
    if (size === 0) {
      // Trailers (ignored) end with an empty line.
      if (buf.length < pos + 2) return short();
      if (buf[pos] === 13 && buf[pos + 1] === 10) return done(Buffer.concat(parts), pos + 2);
      const end = buf.indexOf(HEAD_END, pos);
      return end < 0 ? short() : done(Buffer.concat(parts), end + HEAD_END.length);
    }
    if (buf.length < pos + size + 2) return short();
    if (buf[pos + size] !== 13 || buf[pos + size + 1] !== 10) return fail('bad chunk framing');
    parts.push(buf.subarray(pos, pos + size));
    pos += size + 2;
  }
}
