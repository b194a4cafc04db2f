import { describe, expect, it } from 'vitest';
import { useBinanceServer } from '../support/useBinanceServer.js';
import { openTestSession, spotExecutorFor, useTmpDir } from './support.js';

const tmp = useTmpDir();
const startServer = useBinanceServer();

describe('several symbols on one testnet account (--testnet spot --symbols A,B): the quote balance is shared', () => {
  it('returns a fresh session holding its share of the USDT and all of its own base asset', async () => {
    const s = await startServer({ spotBalances: { USDT: '10000', ETH: '1', BNB: '0' } });
    const live = await openTestSession(tmp(), s, { venue: 'spot-testnet', executor: spotExecutorFor(s), quoteShare: 0.5 }); // prettier-ignore
    const p = live.engine.parts.portfolio;
    expect(p.cash, 'half of the 10,000 USDT: the other symbol trades the other half').toBe(5_000);
    expect(p.qty, 'the base asset is this symbol’s alone').toBe(1);
    live.close();
  });

  it('returns no cash reconciliation at a restart (the other symbols spend the same USDT), but the base quantity is still checked', async () => {
    const s = await startServer({ spotBalances: { USDT: '10000', ETH: '1', BNB: '0' } });
    const dir = tmp();
    const a = await openTestSession(dir, s, { venue: 'spot-testnet', executor: spotExecutorFor(s), quoteShare: 0.5 }); // prettier-ignore
    a.close();
    // Another symbol bought with 3,000 USDT of the shared balance while this one was stopped.
    const usdt = s.spot.balances.get('USDT')!;
    s.spot.balances.set('USDT', usdt - (usdt * 3n) / 10n);
    const b = await openTestSession(dir, s, { venue: 'spot-testnet', executor: spotExecutorFor(s), quoteShare: 0.5 }); // prettier-ignore
    expect(b.reconciled, 'a quote balance shared by several symbols is not one symbol’s cash').toBeNull();
    expect(b.engine.parts.portfolio.cash, 'its own cash, as saved').toBe(5_000);
    b.close();
    // Its own base asset moved (sold elsewhere): that is checked, and adopted from the exchange.
    s.spot.balances.set('ETH', 0n);
    const c = await openTestSession(dir, s, { venue: 'spot-testnet', executor: spotExecutorFor(s), quoteShare: 0.5 }); // prettier-ignore
    expect(c.reconciled?.reason).toMatch(/differs from the saved position \(qty 1 vs 0\)/);
    expect(c.engine.parts.portfolio.qty).toBe(0);
    expect(c.engine.parts.portfolio.cash, 'the cash is still not taken from the shared balance').toBe(5_000);
    c.close();
  });
});
