import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { WebSocketServer } from 'ws';
import { ApiError, checkSigned } from './binanceServerAuth.js';
import type { ApiRequest, Credentials } from './binanceServerAuth.js';
import { loadCandles } from './binanceServerCandles.js';
import type { ServerCandle } from './binanceServerCandles.js';
import { MarketSim } from './binanceServerMarket.js';
import type { MalformedKind } from './binanceServerMarket.js';
import { SpotAccount } from './binanceServerSpot.js';
import { UsdmAccount } from './binanceServerUsdm.js';

/**
 * A Binance-compatible exchange on 127.0.0.1 for tests: spot (/api/v3) and USD-M (/fapi) REST with
 * Binance's signature, recvWindow, filter and error rules, and the `<symbol>@kline_1m` stream
 * (/ws/ethusdt@kline_1m) serving real candles. Time in the market moves only when the test calls
 * advance(); every fault is a switch the test flips:
 *   stream: dropConnections() (no close frame), stallConnections() (open, answers pings, sends
 *     nothing), sendMalformed(kind), sendRaw(frame), resendClosed(back) (repeat / late),
 *     advance(n, {reverse: true}) (closed updates newest first);
 *   REST: failNext({status: 429|418|5xx, n, retryAfterSec, path, method}), orderFault({kind:
 *     'delay'|'hang'|'status'}) for the next order POST, skewMs (server clock jump, for -1021),
 *     echoSecretsInErrors (error bodies echo the key and the signed query), spot.feeMode,
 *     spot/usdm.duplicateMode, usdm.dualSidePosition.
 */
export interface BinanceServerOptions {
  readonly symbol?: string;
  readonly candles?: readonly ServerCandle[];
  /**
   * More symbols' market data (klines and `<symbol>@kline_1m`), for a several-symbol session;
   * `advance` moves every market together. Orders and accounts stay the main symbol's.
   */
  readonly otherMarkets?: readonly { readonly symbol: string; readonly candles: readonly ServerCandle[] }[];
  /** Candles already closed (served by REST) when the server starts. Default 500. */
  readonly initialClosed?: number;
  /** Open (x:false) updates sent per minute before the closed one. Default 2. */
  readonly updatesPerBar?: number;
  readonly spotCredentials?: Credentials;
  readonly futuresCredentials?: Credentials;
  readonly spotBalances?: Readonly<Record<string, string>>;
  readonly futuresWallet?: string;
  /** Server wall clock for /time and recvWindow checks (default Date.now; + skewMs). */
  readonly now?: () => number;
  /** Send the forming candle's current state to a new connection, as Binance does. Default true. */
  readonly sendOnConnect?: boolean;
  /** Ping every client this often (ms); 0 = never. Default 0. */
  readonly pingIntervalMs?: number;
  /**
   * Re-send the forming candle's state this often (ms), as Binance pushes an update every ~2 s
   * while a minute is open; 0 = only when the test moves the market. Default 0.
   */
  readonly repeatFormingMs?: number;
}

export interface RequestRecord {
  readonly method: string;
  readonly path: string;
  readonly t: number; // performance.now() when the request head arrived
  /** Which TCP connection carried it (1, 2, … in the order they were opened): shows keep-alive reuse. */
  readonly conn: number;
  readonly clientOrderId: string | null;
  status: number;
}

export type OrderFault =
  | { readonly kind: 'delay'; readonly ms: number } // executed now, answered after ms
  | { readonly kind: 'hang' } // executed, never answered
  | { readonly kind: 'status'; readonly status: 500 | 502 | 503; readonly execute: boolean };

export interface FailRule {
  readonly status: number; // 429, 418, 500, 503...
  readonly n?: number; // how many requests (default 1)
  readonly retryAfterSec?: number;
  readonly path?: string; // prefix; default every REST path
  readonly method?: string;
}

export type { MalformedKind };

export const DEFAULT_SPOT_CREDENTIALS: Credentials = {
  apiKey: 'spotTestKey7f3a9c1e5b2d8f4a6c0e9b1d3f5a7c9e',
  apiSecret: 'spotTestSecret2b4d6f8a0c1e3a5c7e9b1d3f5a7c9e1',
};
export const DEFAULT_FUTURES_CREDENTIALS: Credentials = {
  apiKey: 'futTestKey9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b',
  apiSecret: 'futTestSecret1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6',
};

export type BinanceTestServer = Awaited<ReturnType<typeof startBinanceServer>>;

export async function startBinanceServer(opts: BinanceServerOptions = {}) {
  const candles = opts.candles ?? loadCandles();
  const symbol = opts.symbol ?? 'ETHUSDT';
  const wallNow = opts.now ?? (() => Date.now());
  const spotCreds = opts.spotCredentials ?? DEFAULT_SPOT_CREDENTIALS;
  const futCreds = opts.futuresCredentials ?? DEFAULT_FUTURES_CREDENTIALS;
  const spot = new SpotAccount(
    symbol,
    'ETH',
    'USDT',
    opts.spotBalances ?? { USDT: '10000', ETH: '1', BNB: '0' },
  );
  const usdm = new UsdmAccount(symbol, 'ETH', opts.futuresWallet ?? '10000');
  const market = new MarketSim(candles, symbol, opts.updatesPerBar ?? 2, opts.initialClosed ?? 500);
  const markets = new Map<string, MarketSim>([[symbol, market]]);
  for (const m of opts.otherMarkets ?? [])
    markets.set(
      m.symbol,
      new MarketSim(m.candles, m.symbol, opts.updatesPerBar ?? 2, opts.initialClosed ?? 500),
    );
  const marketFor = (req: ApiRequest): MarketSim => markets.get(req.params.get('symbol') ?? '') ?? market;
  const failRules: (FailRule & { left: number })[] = [];
  const orderFaults: OrderFault[] = [];
  const hanging = new Set<ServerResponse>();
  const requests: RequestRecord[] = [];
  const state = { skewMs: 0, echoSecretsInErrors: false, pongs: 0, stalledPongs: 0 };
  const serverNow = (): number => wallNow() + state.skewMs;
  const fillPrice = (): bigint => market.fillPrice();

  function route(req: ApiRequest): unknown {
    const now = serverNow();
    const key = `${req.method} ${req.path}`;
    const open: Record<string, () => unknown> = {
      'GET /api/v3/ping': () => ({}),
      'GET /fapi/v1/ping': () => ({}),
      'GET /api/v3/time': () => ({ serverTime: now }),
      'GET /fapi/v1/time': () => ({ serverTime: now }),
      'GET /api/v3/exchangeInfo': () => spot.exchangeInfo(req, now),
      'GET /fapi/v1/exchangeInfo': () => usdm.exchangeInfo(now),
      'GET /api/v3/klines': () => marketFor(req).klines(req),
      'GET /fapi/v1/klines': () => marketFor(req).klines(req),
    };
    const spotSigned: Record<string, () => unknown> = {
      'GET /api/v3/account': () => spot.account(now),
      'POST /api/v3/order': () => spot.placeMarket(req, fillPrice(), now),
      'GET /api/v3/order': () => spot.getOrder(req),
      'GET /api/v3/myTrades': () => spot.myTrades(req),
    };
    const futSigned: Record<string, () => unknown> = {
      'POST /fapi/v1/order': () => usdm.placeMarket(req, fillPrice(), now),
      'GET /fapi/v1/order': () => usdm.getOrder(req),
      'GET /fapi/v1/userTrades': () => usdm.userTrades(req),
      'GET /fapi/v2/balance': () => usdm.balance(fillPrice(), now),
      'GET /fapi/v2/positionRisk': () => usdm.positionRisk(req, fillPrice(), now),
      'GET /fapi/v1/positionSide/dual': () => ({ dualSidePosition: usdm.dualSidePosition }),
    };
    const pub = open[key];
    if (pub) return pub();
    const s = spotSigned[key];
    if (s) {
      checkSigned(req, spotCreds, now);
      return s();
    }
    const f = futSigned[key];
    if (f) {
      checkSigned(req, futCreds, now);
      return f();
    }
    throw new ApiError(404, -1000, `Unknown endpoint ${key}`);
  }

  function send(
    res: ServerResponse,
    rec: RequestRecord,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ): void {
    rec.status = status;
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    const type = typeof body === 'string' ? 'text/html' : 'application/json;charset=UTF-8';
    res.writeHead(status, { 'content-type': type, ...headers }).end(text);
  }

  function errorBody(e: ApiError, req: ApiRequest): unknown {
    // The "evil" mode: an exchange (or proxy) that echoes what it received, key and signature included.
    const echo = state.echoSecretsInErrors
      ? ` [key=${String(req.headers['x-mbx-apikey'])} q=${req.rawQuery} b=${req.rawBody}]`
      : '';
    return { code: e.code, msg: e.msg + echo };
  }

  function handle(req: ApiRequest, res: ServerResponse, rec: RequestRecord): void {
    const rule = failRules.find(
      (r) =>
        r.left > 0 &&
        req.path.startsWith(r.path ?? '/') &&
        (r.method === undefined || r.method === req.method),
    );
    if (rule) {
      rule.left--;
      const headers: Record<string, string> =
        rule.retryAfterSec !== undefined ? { 'retry-after': String(rule.retryAfterSec) } : {};
      if (rule.status === 429) {
        return send(
          res,
          rec,
          429,
          {
            code: -1003,
            msg: 'Too many requests; current limit of IP(127.0.0.1) is 6000 requests per minute. Please use the websocket for live updates to avoid polling the API.',
          },
          headers,
        );
      }
      if (rule.status === 418) {
        const until = serverNow() + (rule.retryAfterSec ?? 120) * 1000;
        return send(
          res,
          rec,
          418,
          {
            code: -1003,
            msg: `Way too many requests; IP(127.0.0.1) banned until ${until}. Please use the websocket for live updates to avoid bans.`,
          },
          headers,
        );
      }
      return send(
        res,
        rec,
        rule.status,
        `<html><body><h1>${rule.status} Service Unavailable</h1></body></html>`,
        headers,
      );
    }
    const isOrderPost =
      req.method === 'POST' && (req.path === '/api/v3/order' || req.path === '/fapi/v1/order');
    const fault = isOrderPost ? orderFaults.shift() : undefined;
    if (fault?.kind === 'status' && !fault.execute) {
      return send(res, rec, fault.status, {
        code: -1007,
        msg: 'Timeout waiting for response from backend server. Send status unknown; execution status unknown.',
      });
    }
    let status = 200;
    let body: unknown;
    try {
      body = route(req);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      status = e.status;
      body = errorBody(e, req);
    }
    if (fault?.kind === 'status')
      return send(res, rec, fault.status, `<html><body><h1>${fault.status} Bad Gateway</h1></body></html>`);
    if (fault?.kind === 'hang') return void hanging.add(res);
    if (fault?.kind === 'delay') {
      const timer = setTimeout(() => send(res, rec, status, body), fault.ms);
      res.on('close', () => clearTimeout(timer));
      return;
    }
    send(res, rec, status, body);
  }

  const connIds = new WeakMap<object, number>();
  let conns = 0;
  const server = createServer((msg: IncomingMessage, res: ServerResponse) => {
    const t = performance.now();
    let conn = connIds.get(msg.socket);
    if (conn === undefined) connIds.set(msg.socket, (conn = ++conns));
    const url = new URL(msg.url ?? '/', 'http://127.0.0.1');
    const chunks: Buffer[] = [];
    msg.on('data', (c: Buffer) => chunks.push(c));
    msg.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      const rawQuery = url.search.startsWith('?') ? url.search.slice(1) : '';
      const params = new URLSearchParams(rawQuery);
      for (const [k, v] of new URLSearchParams(rawBody)) params.append(k, v);
      const req: ApiRequest = {
        method: msg.method ?? 'GET',
        path: url.pathname,
        rawQuery,
        rawBody,
        params,
        headers: msg.headers,
      };
      const rec: RequestRecord = {
        method: req.method,
        path: req.path,
        t,
        conn,
        clientOrderId: params.get('newClientOrderId') ?? params.get('origClientOrderId'),
        status: 0,
      };
      requests.push(rec);
      handle(req, res, rec);
    });
  });
  const wss = new WebSocketServer({ noServer: true });
  const streams = new Map([...markets].map(([sym, m]) => [`/ws/${sym.toLowerCase()}@kline_1m`, m]));
  server.on('upgrade', (msg, socket, head) => {
    const market = streams.get(new URL(msg.url ?? '/', 'http://127.0.0.1').pathname);
    if (!market) {
      socket.end('HTTP/1.1 404 Not Found\r\n\r\n');
      return;
    }
    wss.handleUpgrade(msg, socket, head, (ws) => {
      market.clients.set(ws, { stalled: false });
      ws.on('close', () => market.clients.delete(ws));
      ws.on('pong', () => {
        state.pongs++;
        if (market.clients.get(ws)?.stalled) state.stalledPongs++;
      });
      ws.on('error', () => market.clients.delete(ws));
      const forming = market.formingFrame();
      if ((opts.sendOnConnect ?? true) && forming !== null) ws.send(forming);
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const port = (server.address() as AddressInfo).port;
  const every = (ms: number | undefined, fn: () => void) => ((ms ?? 0) > 0 ? setInterval(fn, ms) : null);
  const repeater = every(opts.repeatFormingMs, () => {
    const f = market.formingFrame();
    if (f !== null) market.broadcast(f);
  });
  // Stalled connections are pinged too: their socket stays alive while no data flows.
  const pinger = every(opts.pingIntervalMs, () => market.clients.forEach((_c, ws) => ws.ping()));

  return {
    restBase: `http://127.0.0.1:${port}`,
    wsBase: `ws://127.0.0.1:${port}/ws`,
    port,
    symbol,
    candles,
    spot,
    usdm,
    requests,
    marketClock: market.clock,
    spotCredentials: spotCreds,
    futuresCredentials: futCreds,
    market,
    /** Publish the next n candles (open updates, the closed update, the next candle's first update). */
    advance: (n = 1, o: { reverse?: boolean } = {}) => {
      for (const m of markets.values()) if (m !== market) m.advance(n, o);
      return market.advance(n, o);
    },
    /** Send one more open update for the forming candle (moves the price line, closes nothing). */
    tick: () => market.sendOpenUpdate(),
    closedCount: () => market.closed,
    lastClosed: (): ServerCandle | undefined => candles[market.closed - 1],
    lastPrice: () => market.lastPrice,
    serverNow,
    set skewMs(v: number) {
      state.skewMs = v;
    },
    get skewMs() {
      return state.skewMs;
    },
    set echoSecretsInErrors(v: boolean) {
      state.echoSecretsInErrors = v;
    },
    get pongs() {
      return state.pongs;
    },
    /** Pongs from connections that were stalled at the time: the socket "looks alive". */
    get stalledPongs() {
      return state.stalledPongs;
    },
    connections: () => market.clients.size,
    /** Kill every stream connection without a close frame (like a network drop). */
    dropConnections(): number {
      const n = market.clients.size;
      for (const ws of market.clients.keys()) ws.terminate();
      return n;
    },
    /** Current connections stay open (and answer pings) but receive nothing more. */
    stallConnections(): number {
      for (const c of market.clients.values()) c.stalled = true;
      return market.clients.size;
    },
    sendRaw: (frame: string | Buffer) => market.broadcast(frame),
    sendMalformed: (kind: MalformedKind) => market.broadcast(market.malformed(kind)),
    /** Re-send the closed update of the candle `back` candles before the latest (0 = repeat the latest). */
    resendClosed(back = 0): void {
      const i = market.closed - 1 - back;
      if (i >= 0) market.broadcast(market.frameFor(i, market.updatesPerBar + 1, true));
    },
    failNext(rule: FailRule): void {
      failRules.push({ ...rule, left: rule.n ?? 1 });
    },
    orderFault(f: OrderFault): void {
      orderFaults.push(f);
    },
    orderPosts: (clientOrderId?: string) =>
      requests.filter(
        (r) =>
          r.method === 'POST' &&
          r.path.endsWith('/order') &&
          (clientOrderId === undefined || r.clientOrderId === clientOrderId),
      ).length,
    async close(): Promise<void> {
      if (pinger) clearInterval(pinger);
      if (repeater) clearInterval(repeater);
      for (const ws of market.clients.keys()) ws.terminate();
      for (const res of hanging) res.destroy();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((ok) => server.close(() => ok()));
    },
  };
}
