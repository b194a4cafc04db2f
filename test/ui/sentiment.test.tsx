import { afterEach, describe, expect, it } from 'vitest';
import { CONFIGURED_SENTIMENT, UNCONFIGURED_SENTIMENT, makeSnapshot } from './fakeEngine.js';
import { renderApp } from './renderApp.js';
import type { Rendered } from './renderApp.js';

let app: Rendered | null = null;
afterEach(() => app?.unmount());

describe('sentiment panel', () => {
  it('returns "not configured" with the reason, and s changes nothing on screen', async () => {
    app = await renderApp(makeSnapshot({ sentiment: UNCONFIGURED_SENTIMENT }));
    expect(app.frame()).toContain('SENTIMENT not configured');
    expect(app.frame()).toContain('VADER — · combined 0.00');
    expect(app.frame()).toContain('s1..s5 — — — — —');
    expect(app.frame()).toContain('[not configured] no subreddits or LLM');
    await app.press('s');
    expect(app.engine.sent, 's is still sent: the engine decides').toEqual([{ type: 'rerunSentiment' }]);
    expect(app.frame()).toContain('SENTIMENT not configured');
  });

  it('returns the configuration hint in the roomy layout', async () => {
    app = await renderApp(makeSnapshot({ sentiment: UNCONFIGURED_SENTIMENT }), { columns: 120, rows: 40 });
    expect(app.frame()).toContain('Configure subreddits/LLM models');
  });

  it('returns progress while a rerun is running', async () => {
    app = await renderApp(
      makeSnapshot({
        sentiment: { ...CONFIGURED_SENTIMENT, state: 'running', progress: 'fetching r/ethfinance 2/6' },
      }),
    );
    expect(app.frame()).toContain('[running] fetching r/ethfinance 2/6');
    app.engine.publish({
      sentiment: { ...CONFIGURED_SENTIMENT, state: 'running', progress: 'scoring 200/400 with s1' },
    });
    await app.waitFor((f) => f.includes('[running] scoring 200/400 with s1'), 'updated progress');
  });

  it('returns a day older than yesterday marked old', async () => {
    const snap = makeSnapshot();
    app = await renderApp(makeSnapshot({ sentiment: { ...CONFIGURED_SENTIMENT, day: '2022-08-11' } }));
    expect(app.frame(), 'age counts from the end of the day').toContain(
      'SENTIMENT day 2022-08-11, 2d05h ago OLD',
    );
    expect(snap.sentiment.day, 'the fixture day is yesterday').toBe('2022-08-13');
  });

  it('returns "no day scored yet" while pending', async () => {
    app = await renderApp(
      makeSnapshot({
        sentiment: { ...UNCONFIGURED_SENTIMENT, state: 'pending', progress: 'backfilling 2022-08-13' },
      }),
    );
    expect(app.frame()).toContain('SENTIMENT no day scored yet');
    expect(app.frame()).toContain('[pending] backfilling 2022-08-13');
  });
});
