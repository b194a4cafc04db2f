import { afterEach, describe, expect, it } from 'vitest';
import { runMultiReplay } from '../../src/engine/multiReplay.js';
import { renderApp } from '../ui/renderApp.js';
import type { Rendered } from '../ui/renderApp.js';
import { twoSymbols } from './support.js';

let app: Rendered | null = null;
afterEach(() => app?.unmount());

describe('the console with two symbols: a tab each and the summary', () => {
  it('returns the summary first, each symbol on 1 and 2, Tab cycling, and p acting on the symbol shown', async () => {
    const { set, sources, clock } = await twoSymbols();
    await runMultiReplay(set, sources, { speed: 'max', clock, signal: new AbortController().signal });
    for (const e of set.engines) e.flushSnapshot();
    set.publish();
    const tabs = { symbols: set.symbols.map((symbol, k) => ({ symbol, engine: set.engines[k]! })), set };
    app = await renderApp(undefined, { tabs, columns: 120, rows: 40 });
    let frame = await app.waitFor((f) => f.includes('SYMBOLS'), 'the summary tab');
    expect(frame).toMatch(/ 0 Summary .*│ +1 ETHUSDT .*│ +2 BTCUSDT/);
    expect(frame).toContain('ACCOUNT 2 symbols');
    expect(frame).toMatch(/1 ETHUSDT +\d+\.\d\d /);
    expect(frame).toMatch(/2 BTCUSDT +\d+\.\d\d /);
    expect(frame, 'the tab keys in the footer').toMatch(/s sent(iment)? Tab 0–9 tabs \? help q quit/);

    await app.press('2');
    frame = await app.waitFor((f) => /^BTCUSDT 1m REPLAY/m.test(f), 'the BTCUSDT tab');
    expect(frame).toContain('STATE 15-D');
    await app.press('p');
    expect(
      set.engines.map((e) => e.trading),
      'p pauses only the symbol shown',
    ).toEqual(['TRADING', 'PAUSED']);

    await app.press('\t');
    frame = await app.waitFor(
      (f) => f.includes('ACCOUNT 2 symbols'),
      'Tab from the last symbol: the summary',
    );
    await app.press('\t');
    await app.waitFor((f) => /^ETHUSDT 1m REPLAY/m.test(f), 'Tab again: ETHUSDT');
    await app.press('0');
    await app.waitFor((f) => f.includes('ACCOUNT 2 symbols'), '0: the summary');
    await app.press('p');
    expect(
      set.engines.map((e) => e.trading),
      'p on the summary: every symbol',
    ).toEqual(['PAUSED', 'PAUSED']);
    await app.press('9');
    expect(app.frame(), 'a tab that does not exist changes nothing').toContain('ACCOUNT 2 symbols');
    set.stop();
  });
});
