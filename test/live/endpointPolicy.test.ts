import { describe, expect, it } from 'vitest';
import { checkOrderEndpoint } from '../../src/engine/execution/endpointPolicy.js';
import { BinanceSpotExecutor } from '../../src/engine/execution/binanceSpotExecutor.js';
import { BinanceUsdmExecutor } from '../../src/engine/execution/binanceUsdmExecutor.js';

const keys = { apiKey: 'k'.repeat(64), apiSecret: 's'.repeat(64) };

describe('order endpoint policy', () => {
  it('returns the exact refusal for Binance mainnet', () => {
    expect(checkOrderEndpoint('https://api.binance.com')).toEqual({
      ok: false,
      error:
        'refusing to send orders to https://api.binance.com: order endpoints must be a Binance testnet host or loopback',
    });
  });

  it('returns ok for the two testnets and loopback only', () => {
    const allowed = [
      'https://testnet.binance.vision',
      'https://testnet.binancefuture.com',
      'https://TESTNET.binance.vision/',
      'http://127.0.0.1:8080',
      'http://127.5.6.7',
      'https://localhost:9443',
      'http://[::1]:3000',
    ];
    for (const url of allowed) expect(checkOrderEndpoint(url).ok, url).toBe(true);
    const refused = [
      'https://api.binance.com',
      'https://fapi.binance.com',
      'https://api1.binance.com',
      'https://demo-api.binance.com', // Demo Trading: production domain, not a testnet
      'https://demo-fapi.binance.com',
      'http://testnet.binance.vision', // testnet, but not over https
      'https://testnet.binance.vision:8443',
      'https://testnet.binance.vision.evil.example',
      'https://testnet.binance.vision@evil.example',
      'https://user:pw@127.0.0.1',
      'http://128.0.0.1',
      'http://127.0.0.1.nip.io',
      'http://10.0.0.5',
      'https://testnet.binance.vision/api/v3/order',
      'ftp://127.0.0.1',
      'not a url',
    ];
    for (const url of refused) {
      const r = checkOrderEndpoint(url);
      expect(r.ok, url).toBe(false);
      if (!r.ok) expect(r.error).toMatch(/^refusing to send orders to /);
    }
  });

  it('returns a refusal from both executors before anything is sent', () => {
    const spot = BinanceSpotExecutor.create({
      symbol: 'ETHUSDT',
      baseUrl: 'https://api.binance.com',
      ...keys,
    });
    expect(spot).toEqual({
      ok: false,
      error:
        'refusing to send orders to https://api.binance.com: order endpoints must be a Binance testnet host or loopback',
    });
    const usdm = BinanceUsdmExecutor.create({
      symbol: 'ETHUSDT',
      baseUrl: 'https://fapi.binance.com',
      ...keys,
    });
    expect(usdm.ok).toBe(false);
    expect(
      BinanceSpotExecutor.create({ symbol: 'ETHUSDT', ...keys }).ok,
      'the default is the spot testnet',
    ).toBe(true);
    expect(BinanceUsdmExecutor.create({ symbol: 'ETHUSDT', apiKey: '', apiSecret: '' })).toEqual({
      ok: false,
      error:
        'USD-M testnet trading needs BINANCE_FUTURES_TESTNET_API_KEY and BINANCE_FUTURES_TESTNET_API_SECRET',
    });
  });
});
