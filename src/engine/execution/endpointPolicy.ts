import type { Parsed } from '../core/types.js';

/**
 * Where orders may go. Only Binance's two testnets (HTTPS) and this machine's loopback (any
 * scheme, for tests and self-hosted gateways) are allowed. Binance "Demo Trading"
 * (demo-api.binance.com, demo-fapi.binance.com) is left out on purpose: it lives on the
 * production domain with production-style accounts, and nothing here can verify it never
 * touches real funds. Market data has no such limit.
 */
export const TESTNET_ORDER_HOSTS: Readonly<Record<string, string>> = {
  'testnet.binance.vision': 'spot testnet',
  'testnet.binancefuture.com': 'USD-M futures testnet',
};

export const SPOT_TESTNET_URL = 'https://testnet.binance.vision';
export const USDM_TESTNET_URL = 'https://testnet.binancefuture.com';

function isLoopback(hostname: string): boolean {
  const h = hostname.toLowerCase();
  if (h === 'localhost' || h === '[::1]' || h === '::1') return true;
  const m = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(h);
  return m !== null && m.slice(1).every((p) => Number(p) <= 255);
}

/**
 * Accepts an order/account base URL, or explains in one line why not. The value returned is the
 * normalised origin (scheme://host[:port]); paths, queries and credentials in the URL are refused.
 */
export function checkOrderEndpoint(url: string): Parsed<string> {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return { ok: false, error: `refusing to send orders to ${JSON.stringify(url)}: not a URL` };
  }
  const origin = `${u.protocol}//${u.host}`;
  const refuse = (why: string): Parsed<string> => ({
    ok: false,
    error: `refusing to send orders to ${origin}: ${why}`,
  });
  if (u.username !== '' || u.password !== '') return refuse('credentials in the URL are not allowed');
  if (u.protocol !== 'https:' && u.protocol !== 'http:') {
    return refuse('order endpoints must be a Binance testnet host or loopback');
  }
  if (u.search !== '' || u.hash !== '' || (u.pathname !== '/' && u.pathname !== '')) {
    return refuse('give the base URL only (no path or query)');
  }
  if (isLoopback(u.hostname)) return { ok: true, value: origin };
  if (TESTNET_ORDER_HOSTS[u.hostname.toLowerCase()] !== undefined) {
    if (u.protocol !== 'https:') return refuse('Binance testnet hosts must be reached over https');
    if (u.port !== '') return refuse('Binance testnet hosts are reached on the default https port');
    return { ok: true, value: origin };
  }
  return refuse('order endpoints must be a Binance testnet host or loopback');
}
