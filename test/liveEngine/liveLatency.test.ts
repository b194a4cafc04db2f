import { describe, expect, it } from 'vitest';
import { benchLiveLatency } from './liveLatencyBench.js';

describe('live latency bench (real engine)', () => {
  it('returns p50/p99 for bars whose decision sent an order on the wire', async () => {
    const r = await benchLiveLatency({ bars: 120, discard: 10 });
    expect(r.samples, 'the busy strategy orders on most bars').toBeGreaterThan(30);
    expect(r.p50Ms).toBeGreaterThan(0);
    expect(r.p99Ms).toBeGreaterThanOrEqual(r.p50Ms);
    expect(r.maxMs).toBeGreaterThanOrEqual(r.p99Ms);
    // Every order is marked as written before the exchange's handler sees it, so each percentile is too.
    expect(r.atExchange.p50Ms, 'the exchange reads what was already written').toBeGreaterThanOrEqual(r.p50Ms);
    expect(r.atExchange.p99Ms).toBeGreaterThanOrEqual(r.p99Ms);
    expect(r.stages.feed + r.stages.decide + r.stages.send).toBeGreaterThan(0);
  });
});
