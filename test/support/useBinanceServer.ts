import { afterEach } from 'vitest';
import { startBinanceServer } from './binanceServer.js';
import type { BinanceServerOptions, BinanceTestServer } from './binanceServer.js';

/** Starts loopback servers and closes them after the test, newest first: tests must not leak servers. */
export function useBinanceServer(): (opts?: BinanceServerOptions) => Promise<BinanceTestServer> {
  const servers: BinanceTestServer[] = [];
  afterEach(async () => {
    // close() may be repeated, so a server the test already closed (an outage) needs no skipping.
    for (const s of servers.splice(0).reverse()) await s.close();
  });
  return async (opts) => {
    const s = await startBinanceServer(opts);
    servers.push(s);
    return s;
  };
}
