import { ApiError, fromUnits, mulUnits, requireParam, toUnits } from './binanceServerAuth.js';
import type { ApiRequest } from './binanceServerAuth.js';
import type { DuplicateMode } from './binanceServerSpot.js';

/**
 * The USD-M futures half of the test exchange: one-way (BOTH) positions, cross margin, 0.05%
 * taker fee in USDT, ETHUSDT's published filters, and Binance's futures error codes:
 * -1111 precision, -4003 qty <= 0, -4005 qty > max, -4164 notional, -2022 reduceOnly,
 * -2019 margin, -4116 duplicate client id.
 */

export const USDM_FILTERS = [
  { filterType: 'PRICE_FILTER', minPrice: '39.86', maxPrice: '306177', tickSize: '0.01' },
  { filterType: 'LOT_SIZE', stepSize: '0.001', maxQty: '10000', minQty: '0.001' },
  { filterType: 'MARKET_LOT_SIZE', stepSize: '0.001', maxQty: '2000', minQty: '0.001' },
  { filterType: 'MAX_NUM_ORDERS', limit: 200 },
  { filterType: 'MAX_NUM_ALGO_ORDERS', limit: 10 },
  { filterType: 'MIN_NOTIONAL', notional: '20' },
  { filterType: 'PERCENT_PRICE', multiplierUp: '1.0500', multiplierDown: '0.9500', multiplierDecimal: '4' },
];

const STEP = toUnits('0.001') ?? 1n;
const MARKET_MAX_QTY = toUnits('2000') ?? 0n;
const MIN_NOTIONAL = toUnits('20') ?? 0n;

export interface UsdmOrder {
  readonly orderId: number;
  readonly tradeId: number;
  readonly clientOrderId: string;
  readonly side: 'BUY' | 'SELL';
  readonly qty: bigint;
  readonly price: bigint;
  readonly fee: bigint;
  readonly realizedPnl: bigint;
  readonly reduceOnly: boolean;
  readonly time: number;
}

const abs = (x: bigint): bigint => (x < 0n ? -x : x);

export class UsdmAccount {
  wallet: bigint;
  positionAmt = 0n; // signed, 1e-8 units
  entryPrice = 0n;
  leverage = 20n;
  dualSidePosition = false;
  duplicateMode: DuplicateMode = 'open-only';
  readonly orders: UsdmOrder[] = [];
  private nextOrderId = 8_389_765_001;
  private nextTradeId = 51_000_001;

  constructor(
    readonly symbol: string,
    readonly base: string,
    wallet: string,
  ) {
    this.wallet = toUnits(wallet) ?? 0n;
  }

  ordersFor(clientOrderId: string): UsdmOrder[] {
    return this.orders.filter((o) => o.clientOrderId === clientOrderId);
  }

  exchangeInfo(serverTime: number): unknown {
    const symbolInfo = (symbol: string, base: string, filters: unknown[]): unknown => ({
      symbol,
      pair: symbol,
      contractType: 'PERPETUAL',
      status: 'TRADING',
      baseAsset: base,
      quoteAsset: 'USDT',
      marginAsset: 'USDT',
      pricePrecision: 2,
      quantityPrecision: 3,
      baseAssetPrecision: 8,
      quotePrecision: 8,
      underlyingType: 'COIN',
      filters,
      orderTypes: [
        'LIMIT',
        'MARKET',
        'STOP',
        'STOP_MARKET',
        'TAKE_PROFIT',
        'TAKE_PROFIT_MARKET',
        'TRAILING_STOP_MARKET',
      ],
      timeInForce: ['GTC', 'IOC', 'FOK', 'GTX', 'GTD'],
    });
    // A second symbol with other filters, so a client must pick its own from the list.
    const btc = USDM_FILTERS.map((f) =>
      f.filterType === 'MIN_NOTIONAL'
        ? { ...f, notional: '100' }
        : f.filterType === 'PRICE_FILTER'
          ? { ...f, tickSize: '0.10' }
          : f,
    );
    return {
      timezone: 'UTC',
      serverTime,
      futuresType: 'U_MARGINED',
      rateLimits: [{ rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 2400 }],
      exchangeFilters: [],
      assets: [{ asset: 'USDT', marginAvailable: true, autoAssetExchange: '-10000' }],
      symbols: [symbolInfo('BTCUSDT', 'BTC', btc), symbolInfo(this.symbol, this.base, USDM_FILTERS)],
    };
  }

  private unrealized(price: bigint): bigint {
    return mulUnits(price - this.entryPrice, this.positionAmt);
  }

  balance(price: bigint, now: number): unknown {
    const upnl = this.unrealized(price);
    const used = mulUnits(abs(this.positionAmt), price) / this.leverage;
    const available = this.wallet + upnl - used;
    return [
      {
        accountAlias: 'SgsR',
        asset: 'USDT',
        balance: fromUnits(this.wallet),
        crossWalletBalance: fromUnits(this.wallet),
        crossUnPnl: fromUnits(upnl),
        availableBalance: fromUnits(available),
        maxWithdrawAmount: fromUnits(available),
        marginAvailable: true,
        updateTime: now,
      },
    ];
  }

  positionRisk(req: ApiRequest, price: bigint, now: number): unknown {
    const symbol = req.params.get('symbol');
    if (symbol !== null && symbol !== this.symbol) throw new ApiError(400, -1121, 'Invalid symbol.');
    return [
      {
        symbol: this.symbol,
        positionAmt: fromUnits(this.positionAmt, 3),
        entryPrice: fromUnits(this.entryPrice, 2),
        breakEvenPrice: fromUnits(this.entryPrice, 2),
        markPrice: fromUnits(price, 2),
        unRealizedProfit: fromUnits(this.unrealized(price)),
        liquidationPrice: '0',
        leverage: this.leverage.toString(),
        maxNotionalValue: '1000000',
        marginType: 'cross',
        isolatedMargin: '0.00000000',
        isAutoAddMargin: 'false',
        positionSide: 'BOTH',
        notional: fromUnits(mulUnits(this.positionAmt, price)),
        isolatedWallet: '0',
        updateTime: now,
      },
    ];
  }

  placeMarket(req: ApiRequest, price: bigint, now: number): unknown {
    const symbol = requireParam(req, 'symbol');
    if (symbol !== this.symbol) throw new ApiError(400, -1121, 'Invalid symbol.');
    const side = requireParam(req, 'side');
    if (side !== 'BUY' && side !== 'SELL') throw new ApiError(400, -1116, 'Invalid side.');
    if (requireParam(req, 'type') !== 'MARKET') throw new ApiError(400, -1116, 'Invalid orderType.');
    const qty = toUnits(requireParam(req, 'quantity'));
    if (qty === null || qty % STEP !== 0n)
      throw new ApiError(400, -1111, 'Precision is over the maximum defined for this asset.');
    if (qty <= 0n) throw new ApiError(400, -4003, 'Quantity less than or equal to zero.');
    if (qty > MARKET_MAX_QTY) throw new ApiError(400, -4005, 'Quantity greater than max quantity.');
    const reduceOnly = req.params.get('reduceOnly') === 'true';
    const clientOrderId = req.params.get('newClientOrderId') ?? `web_${this.nextOrderId}`;
    if (this.duplicateMode === 'always' && this.ordersFor(clientOrderId).length > 0) {
      throw new ApiError(400, -4116, 'ClientOrderId is duplicated.');
    }
    const signed = side === 'BUY' ? qty : -qty;
    const next = this.positionAmt + signed;
    if (
      reduceOnly &&
      (this.positionAmt === 0n ||
        Math.sign(Number(signed)) === Math.sign(Number(this.positionAmt)) ||
        abs(signed) > abs(this.positionAmt))
    ) {
      throw new ApiError(400, -2022, 'ReduceOnly Order is rejected.');
    }
    const notional = mulUnits(qty, price);
    if (!reduceOnly && notional < MIN_NOTIONAL) {
      throw new ApiError(
        400,
        -4164,
        "Order's notional must be no smaller than 20 (unless you choose reduce only).",
      );
    }
    const fee = (notional * 5n) / 10_000n;
    if (abs(next) > abs(this.positionAmt)) {
      const required = mulUnits(abs(next), price) / this.leverage + fee;
      if (required > this.wallet + this.unrealized(price))
        throw new ApiError(400, -2019, 'Margin is insufficient.');
    }
    // Realised PnL on the part that reduces the position; entry price on the part that adds.
    let realized = 0n;
    const reducing =
      this.positionAmt !== 0n && Math.sign(Number(signed)) !== Math.sign(Number(this.positionAmt));
    if (reducing) {
      const closed = abs(signed) < abs(this.positionAmt) ? abs(signed) : abs(this.positionAmt);
      realized = mulUnits(price - this.entryPrice, this.positionAmt > 0n ? closed : -closed);
    }
    if (next === 0n) this.entryPrice = 0n;
    else if (!reducing) this.entryPrice = (this.entryPrice * abs(this.positionAmt) + price * qty) / abs(next);
    else if (Math.sign(Number(next)) !== Math.sign(Number(this.positionAmt))) this.entryPrice = price;
    this.positionAmt = next;
    this.wallet += realized - fee;
    const order: UsdmOrder = {
      orderId: this.nextOrderId++,
      tradeId: this.nextTradeId++,
      clientOrderId,
      side,
      qty,
      price,
      fee,
      realizedPnl: realized,
      reduceOnly,
      time: now,
    };
    this.orders.push(order);
    const fields = this.orderFields(order);
    if ((req.params.get('newOrderRespType') ?? 'ACK') === 'RESULT') return fields;
    return {
      ...fields,
      status: 'NEW',
      executedQty: '0.000',
      cumQty: '0.000',
      cumQuote: '0.00000',
      avgPrice: '0.00',
    };
  }

  private orderFields(o: UsdmOrder): Record<string, unknown> {
    return {
      orderId: o.orderId,
      symbol: this.symbol,
      status: 'FILLED',
      clientOrderId: o.clientOrderId,
      price: '0.00',
      avgPrice: fromUnits(o.price, 5),
      origQty: fromUnits(o.qty, 3),
      executedQty: fromUnits(o.qty, 3),
      cumQty: fromUnits(o.qty, 3),
      cumQuote: fromUnits(mulUnits(o.qty, o.price), 5),
      timeInForce: 'GTC',
      type: 'MARKET',
      reduceOnly: o.reduceOnly,
      closePosition: false,
      side: o.side,
      positionSide: 'BOTH',
      stopPrice: '0.00',
      workingType: 'CONTRACT_PRICE',
      priceProtect: false,
      origType: 'MARKET',
      priceMatch: 'NONE',
      selfTradePreventionMode: 'EXPIRE_MAKER',
      goodTillDate: 0,
      updateTime: o.time,
    };
  }

  getOrder(req: ApiRequest): unknown {
    if (requireParam(req, 'symbol') !== this.symbol) throw new ApiError(400, -1121, 'Invalid symbol.');
    const id = req.params.get('orderId');
    const cid = req.params.get('origClientOrderId');
    if (id === null && cid === null)
      throw new ApiError(
        400,
        -1102,
        "Param 'origClientOrderId' or 'orderId' must be sent, but both were empty/null!",
      );
    const o = this.orders
      .filter((x) => (id !== null ? x.orderId === Number(id) : x.clientOrderId === cid))
      .at(-1);
    if (!o) throw new ApiError(400, -2013, 'Order does not exist.');
    return { ...this.orderFields(o), time: o.time };
  }

  userTrades(req: ApiRequest): unknown {
    if (requireParam(req, 'symbol') !== this.symbol) throw new ApiError(400, -1121, 'Invalid symbol.');
    const orderId = req.params.get('orderId');
    return this.orders
      .filter((o) => orderId === null || o.orderId === Number(orderId))
      .map((o) => ({
        buyer: o.side === 'BUY',
        commission: fromUnits(o.fee),
        commissionAsset: 'USDT',
        id: o.tradeId,
        maker: false,
        orderId: o.orderId,
        price: fromUnits(o.price, 2),
        qty: fromUnits(o.qty, 3),
        quoteQty: fromUnits(mulUnits(o.qty, o.price), 5),
        realizedPnl: fromUnits(o.realizedPnl),
        side: o.side,
        positionSide: 'BOTH',
        symbol: this.symbol,
        time: o.time,
      }));
  }
}
