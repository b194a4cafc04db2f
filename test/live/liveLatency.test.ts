import { describe, expect, it } from 'vitest';
import { measureLiveLatency } from '../bench/liveLatency.js';

describe('live latency bench helper', () => {
  it('returns p50/p99 of closed candle received → order on the wire for every measured bar', async () => {
    const r = await measureLiveLatency({ bars: 40, discard: 5 });
    expect(r.samples, 'one order per measured bar').toBe(40);
    expect(r.barsWithoutOrder).toBe(0);
    expect(r.p50Ms).toBeGreaterThan(0);
    expect(r.p99Ms).toBeGreaterThanOrEqual(r.p50Ms);
    expect(r.maxMs).toBeGreaterThanOrEqual(r.p99Ms);
  });

  it('returns a sample only for bars whose decision sent an order (usdm)', async () => {
    const r = await measureLiveLatency({
      market: 'usdm',
      bars: 10,
      discard: 0,
      onBar: async (bar, ex, i) => {
        if (i % 2 === 1) return; // the decision says "hold"
        await ex.place(
          {
            clientOrderId: `lat-${i}`,
            symbol: 'ETHUSDT',
            side: 'SELL',
            quantity: '0.010',
            barOpenTime: bar.openTime,
            targetPosition: -0.1,
            reduceOnly: false,
          },
          bar.close,
          bar.closeTime + 1,
        );
      },
    });
    expect(r.samples).toBe(5);
    expect(r.barsWithoutOrder).toBe(5);
  });
});
