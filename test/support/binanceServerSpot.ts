import { ApiError, fromUnits, mulUnits, requireParam, toUnits } from './binanceServerAuth.js';
import type { ApiRequest } from './binanceServerAuth.js';

/**
 * The spot half of the test exchange: ETHUSDT's published filters, a balance sheet that market
 * orders change, and Binance's response shapes. Amounts are exact integers of 1e-8.
 *
 * feeMode 'quote': 0.1% of the traded quote, in USDT, on both sides.
 * feeMode 'received': Binance's rule with BNB fees off: 0.1% of what you receive (ETH on a BUY,
 *   USDT on a SELL) — the case where an exit sized from the gross fill oversells.
 * duplicateMode 'open-only': Binance's documented rule (newClientOrderId is unique among *open*
 *   orders, and a filled market order is not open), so a blind resend creates a second order.
 * duplicateMode 'always': any known id is refused with -2010 "Duplicate order sent.".
 */
export type FeeMode = 'quote' | 'received';
export type DuplicateMode = 'open-only' | 'always';

export const SPOT_FILTERS = [
  {
    filterType: 'PRICE_FILTER',
    minPrice: '0.01000000',
    maxPrice: '1000000.00000000',
    tickSize: '0.01000000',
  },
  { filterType: 'LOT_SIZE', minQty: '0.00010000', maxQty: '9000.00000000', stepSize: '0.00010000' },
  { filterType: 'ICEBERG_PARTS', limit: 10 },
  { filterType: 'MARKET_LOT_SIZE', minQty: '0.00000000', maxQty: '3000.00000000', stepSize: '0.00000000' },
  {
    filterType: 'NOTIONAL',
    minNotional: '5.00000000',
    applyMinToMarket: true,
    maxNotional: '9000000.00000000',
    applyMaxToMarket: false,
    avgPriceMins: 5,
  },
  { filterType: 'MAX_NUM_ORDERS', maxNumOrders: 200 },
  { filterType: 'MAX_NUM_ALGO_ORDERS', maxNumAlgoOrders: 5 },
];

const MIN_QTY = toUnits('0.0001') ?? 0n;
const STEP = toUnits('0.0001') ?? 1n;
const MAX_QTY = toUnits('9000') ?? 0n;
const MARKET_MAX_QTY = toUnits('3000') ?? 0n;
const MIN_NOTIONAL = toUnits('5') ?? 0n;
const TICK = toUnits('0.01') ?? 0n;

interface SpotTrade {
  readonly id: number;
  readonly price: bigint;
  readonly qty: bigint;
  readonly commission: bigint;
  readonly commissionAsset: string;
  readonly time: number;
}

export interface SpotOrder {
  readonly orderId: number;
  readonly clientOrderId: string;
  readonly side: 'BUY' | 'SELL';
  readonly qty: bigint;
  readonly quote: bigint;
  readonly time: number;
  readonly trades: readonly SpotTrade[];
}

export class SpotAccount {
  readonly balances = new Map<string, bigint>();
  readonly orders: SpotOrder[] = [];
  feeMode: FeeMode = 'quote';
  duplicateMode: DuplicateMode = 'open-only';
  private nextOrderId = 4_200_001;
  private nextTradeId = 880_001;

  constructor(
    readonly symbol: string,
    readonly base: string,
    readonly quote: string,
    balances: Readonly<Record<string, string>>,
  ) {
    for (const [asset, amount] of Object.entries(balances)) this.balances.set(asset, toUnits(amount) ?? 0n);
  }

  ordersFor(clientOrderId: string): SpotOrder[] {
    return this.orders.filter((o) => o.clientOrderId === clientOrderId);
  }

  exchangeInfo(req: ApiRequest, serverTime: number): unknown {
    const symbol = req.params.get('symbol');
    if (symbol !== null && symbol !== this.symbol) throw new ApiError(400, -1121, 'Invalid symbol.');
    return {
      timezone: 'UTC',
      serverTime,
      rateLimits: [
        { rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 6000 },
        { rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, limit: 100 },
      ],
      exchangeFilters: [],
      symbols: [
        {
          symbol: this.symbol,
          status: 'TRADING',
          baseAsset: this.base,
          baseAssetPrecision: 8,
          quoteAsset: this.quote,
          quotePrecision: 8,
          quoteAssetPrecision: 8,
          orderTypes: ['LIMIT', 'LIMIT_MAKER', 'MARKET', 'STOP_LOSS_LIMIT', 'TAKE_PROFIT_LIMIT'],
          isSpotTradingAllowed: true,
          isMarginTradingAllowed: true,
          filters: SPOT_FILTERS,
          permissions: [],
          defaultSelfTradePreventionMode: 'EXPIRE_MAKER',
        },
      ],
    };
  }

  account(now: number): unknown {
    return {
      makerCommission: 10,
      takerCommission: 10,
      buyerCommission: 0,
      sellerCommission: 0,
      commissionRates: {
        maker: '0.00100000',
        taker: '0.00100000',
        buyer: '0.00000000',
        seller: '0.00000000',
      },
      canTrade: true,
      canWithdraw: true,
      canDeposit: true,
      brokered: false,
      requireSelfTradePrevention: false,
      preventSor: false,
      updateTime: now,
      accountType: 'SPOT',
      balances: [...this.balances].map(([asset, free]) => ({
        asset,
        free: fromUnits(free),
        locked: '0.00000000',
      })),
      permissions: ['SPOT'],
      uid: 354937868,
    };
  }

  /** POST /api/v3/order for MARKET orders, checked in Binance's order; `price` is the last trade. */
  placeMarket(req: ApiRequest, price: bigint, now: number): unknown {
    const symbol = requireParam(req, 'symbol');
    if (symbol !== this.symbol) throw new ApiError(400, -1121, 'Invalid symbol.');
    const side = requireParam(req, 'side');
    if (side !== 'BUY' && side !== 'SELL')
      throw new ApiError(
        400,
        -1100,
        "Illegal characters found in parameter 'side'; legal range is 'BUY, SELL'.",
      );
    if (requireParam(req, 'type') !== 'MARKET') throw new ApiError(400, -1116, 'Invalid orderType.');
    const qtyText = requireParam(req, 'quantity');
    const qty = toUnits(qtyText);
    if (qty === null) throw new ApiError(400, -1111, "Parameter 'quantity' has too much precision.");
    if (qty <= 0n) throw new ApiError(400, -1013, 'Invalid quantity.');
    const clientOrderId = req.params.get('newClientOrderId') ?? `web_${this.nextOrderId}`;
    if (!/^[.A-Z:/a-z0-9_-]{1,36}$/.test(clientOrderId)) {
      throw new ApiError(
        400,
        -1100,
        "Illegal characters found in parameter 'newClientOrderId'; legal range is '^[\\.A-Z\\:/a-z0-9_-]{1,36}$'.",
      );
    }
    if (qty < MIN_QTY || qty > MAX_QTY || (qty - MIN_QTY) % STEP !== 0n) {
      throw new ApiError(400, -1013, 'Filter failure: LOT_SIZE');
    }
    if (qty > MARKET_MAX_QTY) throw new ApiError(400, -1013, 'Filter failure: MARKET_LOT_SIZE');
    if (mulUnits(qty, price) < MIN_NOTIONAL) throw new ApiError(400, -1013, 'Filter failure: NOTIONAL');
    if (this.duplicateMode === 'always' && this.ordersFor(clientOrderId).length > 0) {
      throw new ApiError(400, -2010, 'Duplicate order sent.');
    }

    // Two fills when the size allows, the second one tick worse: the average price must then
    // come from cummulativeQuoteQty / executedQty, not from any single fill.
    const first = qty >= 2n * STEP ? (qty / 2n / STEP) * STEP : qty;
    const legs: [bigint, bigint][] = [[first, price]];
    if (qty > first) legs.push([qty - first, side === 'BUY' ? price + TICK : price - TICK]);
    const quoteLegs = legs.map(([q, p]) => mulUnits(q, p));
    const quoteTotal = quoteLegs.reduce((a, b) => a + b, 0n);
    const feeAsset = this.feeMode === 'quote' || side === 'SELL' ? this.quote : this.base;
    const fees = legs.map(([q], i) => (feeAsset === this.base ? q : (quoteLegs[i] ?? 0n)) / 1000n);
    const feeTotal = fees.reduce((a, b) => a + b, 0n);

    const baseBal = this.balances.get(this.base) ?? 0n;
    const quoteBal = this.balances.get(this.quote) ?? 0n;
    if (side === 'BUY') {
      const cost = quoteTotal + (feeAsset === this.quote ? feeTotal : 0n);
      if (cost > quoteBal)
        throw new ApiError(400, -2010, 'Account has insufficient balance for requested action.');
      this.balances.set(this.quote, quoteBal - cost);
      this.balances.set(this.base, baseBal + qty - (feeAsset === this.base ? feeTotal : 0n));
    } else {
      if (qty > baseBal)
        throw new ApiError(400, -2010, 'Account has insufficient balance for requested action.');
      this.balances.set(this.base, baseBal - qty);
      this.balances.set(this.quote, quoteBal + quoteTotal - feeTotal);
    }
    const order: SpotOrder = {
      orderId: this.nextOrderId++,
      clientOrderId,
      side,
      qty,
      quote: quoteTotal,
      time: now,
      trades: legs.map(([q, p], i) => ({
        id: this.nextTradeId++,
        price: p,
        qty: q,
        commission: fees[i] ?? 0n,
        commissionAsset: feeAsset,
        time: now,
      })),
    };
    this.orders.push(order);
    const respType = req.params.get('newOrderRespType') ?? 'FULL';
    const ack = { symbol, orderId: order.orderId, orderListId: -1, clientOrderId, transactTime: now };
    if (respType === 'ACK') return ack;
    const result = { ...ack, ...this.orderFields(order) };
    if (respType === 'RESULT') return result;
    return {
      ...result,
      fills: order.trades.map((t) => ({
        price: fromUnits(t.price),
        qty: fromUnits(t.qty),
        commission: fromUnits(t.commission),
        commissionAsset: t.commissionAsset,
        tradeId: t.id,
      })),
    };
  }

  private orderFields(o: SpotOrder): Record<string, unknown> {
    return {
      price: '0.00000000',
      origQty: fromUnits(o.qty),
      executedQty: fromUnits(o.qty),
      origQuoteOrderQty: '0.00000000',
      cummulativeQuoteQty: fromUnits(o.quote),
      status: 'FILLED',
      timeInForce: 'GTC',
      type: 'MARKET',
      side: o.side,
      workingTime: o.time,
      selfTradePreventionMode: 'EXPIRE_MAKER',
    };
  }

  private find(req: ApiRequest): SpotOrder {
    if (requireParam(req, 'symbol') !== this.symbol) throw new ApiError(400, -1121, 'Invalid symbol.');
    const id = req.params.get('orderId');
    const cid = req.params.get('origClientOrderId');
    if (id === null && cid === null) {
      throw new ApiError(
        400,
        -1102,
        "Param 'origClientOrderId' or 'orderId' must be sent, but both were empty/null!",
      );
    }
    // The most recent order with that client id, as Binance answers for a reused id.
    const found = this.orders
      .filter((o) => (id !== null ? o.orderId === Number(id) : o.clientOrderId === cid))
      .at(-1);
    if (!found) throw new ApiError(400, -2013, 'Order does not exist.');
    return found;
  }

  /** GET /api/v3/order. */
  getOrder(req: ApiRequest): unknown {
    const o = this.find(req);
    return {
      symbol: this.symbol,
      orderId: o.orderId,
      orderListId: -1,
      clientOrderId: o.clientOrderId,
      ...this.orderFields(o),
      stopPrice: '0.00000000',
      icebergQty: '0.00000000',
      time: o.time,
      updateTime: o.time,
      isWorking: true,
    };
  }

  /** GET /api/v3/myTrades?symbol&orderId. */
  myTrades(req: ApiRequest): unknown {
    if (requireParam(req, 'symbol') !== this.symbol) throw new ApiError(400, -1121, 'Invalid symbol.');
    const orderId = req.params.get('orderId');
    return this.orders
      .filter((o) => orderId === null || o.orderId === Number(orderId))
      .flatMap((o) =>
        o.trades.map((t) => ({
          symbol: this.symbol,
          id: t.id,
          orderId: o.orderId,
          orderListId: -1,
          price: fromUnits(t.price),
          qty: fromUnits(t.qty),
          quoteQty: fromUnits(mulUnits(t.qty, t.price)),
          commission: fromUnits(t.commission),
          commissionAsset: t.commissionAsset,
          time: t.time,
          isBuyer: o.side === 'BUY',
          isMaker: false,
          isBestMatch: true,
        })),
      );
  }
}
