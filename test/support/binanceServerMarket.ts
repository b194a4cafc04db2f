import type { WebSocket } from 'ws';
import type { Clock } from '../../src/engine/core/types.js';
import { ApiError, toUnits } from './binanceServerAuth.js';
import type { ApiRequest } from './binanceServerAuth.js';
import { klineEvent, klineRow, partialCandle } from './binanceServerCandles.js';
import type { ServerCandle } from './binanceServerCandles.js';

export type MalformedKind =
  'garbage' | 'truncated' | 'binary' | 'nanPrice' | 'wrongSymbol' | 'missingField' | 'notKline';

/**
 * The market side of the test exchange: which real candles are published, the forming candle's
 * state, the kline stream's subscribers, and the stream faults. Time moves only on advance().
 */
export class MarketSim {
  readonly clients = new Map<WebSocket, { stalled: boolean }>();
  /** Candles [0, closed) are closed and served by REST; candles[closed] is forming. */
  closed: number;
  /** Open updates already sent for the forming candle (it starts with its first one done). */
  step: number;
  lastPrice: string;
  private readonly firstTradeId: number[] = [];

  constructor(
    readonly candles: readonly ServerCandle[],
    readonly symbol: string,
    readonly updatesPerBar: number,
    initialClosed: number,
  ) {
    this.closed = Math.min(initialClosed, candles.length);
    this.step = this.closed < candles.length ? 1 : 0;
    this.lastPrice = candles[this.closed - 1]?.close ?? candles[0]?.open ?? '0';
    let id = 1_400_000_000;
    candles.forEach((c, i) => {
      this.firstTradeId[i] = id;
      id += Math.max(c.trades, 1);
    });
  }

  /** Market time: the forming candle's open plus the share of the minute its updates stand for. */
  readonly clock: Clock = {
    now: () => {
      const c = this.candles[this.closed];
      if (!c) return (this.candles.at(-1)?.closeTime ?? 0) + 1;
      return c.openTime + Math.floor((60_000 * this.step) / (this.updatesPerBar + 1));
    },
  };

  broadcast(frame: string | Buffer): void {
    for (const [ws, c] of this.clients) if (!c.stalled && ws.readyState === ws.OPEN) ws.send(frame);
  }

  frameFor(i: number, s: number, isClosed: boolean): string {
    const c = this.candles[i] as ServerCandle;
    const parts = this.updatesPerBar + 1;
    const shown = isClosed ? c : partialCandle(c, s, parts);
    const E = isClosed ? c.closeTime + 1 : c.openTime + Math.floor((60_000 * s) / parts);
    return JSON.stringify(klineEvent(this.symbol, shown, isClosed, E, this.firstTradeId[i] ?? 0));
  }

  /** The forming candle's state as of now (sent to new subscribers and by the repeat timer). */
  formingFrame(): string | null {
    return this.step > 0 && this.closed < this.candles.length
      ? this.frameFor(this.closed, this.step, false)
      : null;
  }

  sendOpenUpdate(): void {
    if (this.closed >= this.candles.length) return;
    this.step++;
    this.lastPrice = partialCandle(
      this.candles[this.closed] as ServerCandle,
      this.step,
      this.updatesPerBar + 1,
    ).close;
    this.broadcast(this.frameFor(this.closed, this.step, false));
  }

  /** Publish the next n candles: remaining open updates, the closed update, then the next one opens. */
  advance(n = 1, o: { reverse?: boolean } = {}): number {
    const held: string[] = [];
    let done = 0;
    for (; done < n && this.closed < this.candles.length; done++) {
      while (this.step < this.updatesPerBar) this.sendOpenUpdate();
      const frame = this.frameFor(this.closed, this.updatesPerBar + 1, true);
      if (o.reverse) held.push(frame);
      else this.broadcast(frame);
      this.lastPrice = (this.candles[this.closed] as ServerCandle).close;
      this.closed++;
      this.step = 0;
      if (!o.reverse) this.sendOpenUpdate();
    }
    for (const f of held.reverse()) this.broadcast(f);
    if (o.reverse) this.sendOpenUpdate();
    return done;
  }

  /** GET /api/v3/klines and /fapi/v1/klines: closed candles plus the forming one, as Binance does. */
  klines(req: ApiRequest): unknown[] {
    const sym = req.params.get('symbol');
    if (sym === null || sym === '') {
      throw new ApiError(
        400,
        -1102,
        "Mandatory parameter 'symbol' was not sent, was empty/null, or malformed.",
      );
    }
    if (sym !== this.symbol) throw new ApiError(400, -1121, 'Invalid symbol.');
    if (req.params.get('interval') !== '1m') throw new ApiError(400, -1120, 'Invalid interval.');
    const start = req.params.has('startTime') ? Number(req.params.get('startTime')) : -Infinity;
    const end = req.params.has('endTime') ? Number(req.params.get('endTime')) : Infinity;
    const limit = Math.min(Number(req.params.get('limit') ?? 500) || 500, 1000);
    const visible = this.candles.slice(0, this.closed);
    if (this.step > 0 && this.closed < this.candles.length) {
      visible.push(
        partialCandle(this.candles[this.closed] as ServerCandle, this.step, this.updatesPerBar + 1),
      );
    }
    const inRange = visible.filter((c) => c.openTime >= start && c.openTime <= end);
    const picked = Number.isFinite(start) ? inRange.slice(0, limit) : inRange.slice(-limit);
    return picked.map(klineRow);
  }

  /** Market orders fill at the last traded price, on the 0.01 tick. */
  fillPrice(): bigint {
    return toUnits(Number(this.lastPrice).toFixed(2)) ?? 0n;
  }

  malformed(kind: MalformedKind): string | Buffer {
    const i = Math.max(this.closed - 1, 0);
    const text = this.frameFor(i, this.updatesPerBar + 1, true);
    const good = JSON.parse(text) as { s: string; k: Record<string, unknown> };
    switch (kind) {
      case 'garbage':
        return 'this is not json {';
      case 'truncated':
        return text.slice(0, 40);
      case 'binary':
        return Buffer.from([0xde, 0xad, 0xbe, 0xef]);
      case 'nanPrice':
        return JSON.stringify({ ...good, k: { ...good.k, c: 'NaN' } });
      case 'wrongSymbol':
        return JSON.stringify({ ...good, s: 'BTCUSDT', k: { ...good.k, s: 'BTCUSDT' } });
      case 'missingField':
        return JSON.stringify({ ...good, k: { ...good.k, t: undefined } });
      case 'notKline':
        return JSON.stringify({ e: 'trade', E: 1, s: this.symbol });
    }
  }
}
