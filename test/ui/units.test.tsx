import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ReactNode } from 'react';
import { Text } from 'ink';
import { render } from 'ink-testing-library';
import { centeredBar, fmtAge, fmtNum, fmtPct, fmtSigned, truncate } from '../../src/ui/format.js';
import { downsample, plotSparkline } from '../../src/ui/plotSparkline.js';
import { throttleEngine } from '../../src/ui/throttledEngine.js';
import { EngineProvider, useEngine, useEngineSnapshot } from '../../src/ui/useEngineSnapshot.js';
import type { Snapshot } from '../../src/engine/core/snapshot.js';
import { FakeEngine, makeSnapshot } from './fakeEngine.js';
import { stripAnsi } from './renderApp.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('format', () => {
  it('returns numbers that never exceed their width', () => {
    for (const v of [0, 0.1234567, -0.5, 1987.116, -2406.8, 123456.7, -9876543.21, 1.5e12, NaN, Infinity]) {
      for (const w of [6, 8, 11]) expect(fmtNum(v, w).length, `${v} in ${w}`).toBeLessThanOrEqual(w);
    }
    expect(fmtNum(1987.116, 8)).toBe('1987.116');
    expect(fmtNum(-9876543.21, 8)).toBe('-9876543');
    expect(fmtNum(-9876543.21, 6)).toBe('-9.88M');
    expect(fmtNum(null)).toBe('—');
    expect(fmtNum(NaN), 'a NaN is shown, not hidden').toBe('NaN');
  });

  it('returns signed values, percentages and ages', () => {
    expect(fmtSigned(0.1)).toBe('+0.10');
    expect(fmtSigned(-0.001)).toBe('0.00');
    expect(fmtPct(0.0123)).toBe('+1.23%');
    expect(fmtPct(0.00005), 'small changes keep a decimal').toBe('+0.005%');
    expect([fmtAge(-5), fmtAge(42_000), fmtAge(185_000), fmtAge(7_260_000), fmtAge(100_000_000)]).toEqual([
      '0s',
      '42s',
      '3m05s',
      '2h01m',
      '1d03h',
    ]);
    expect(truncate('abcdef', 4)).toBe('abc…');
  });

  it('returns a zero-centred bar that marks clipping', () => {
    expect(centeredBar(0, 7)).toBe('···│···');
    expect(centeredBar(1, 7)).toBe('···│███');
    expect(centeredBar(-0.34, 7)).toBe('··█│···');
    expect(centeredBar(3, 7), 'beyond +1 ends in an arrow').toBe('···│██▶');
    expect(centeredBar(-3, 7)).toBe('◀██│···');
  });
});

describe('sparkline', () => {
  it('returns the last value of each bucket when downsampling', () => {
    expect(downsample([1, 2, 3, 4, 5, 6], 3)).toEqual([2, 4, 6]);
    expect(downsample([1, 2], 5)).toEqual([1, 2]);
  });

  it('returns exactly height + 1 lines no wider than the width, for real prices', () => {
    const prices = makeSnapshot().prices;
    for (const [width, height] of [
      [39, 2],
      [57, 5],
      [120, 10],
    ] as const) {
      const lines = plotSparkline(prices, width, height);
      expect(lines).toHaveLength(height + 1);
      for (const line of lines) expect([...line].length).toBeLessThanOrEqual(width);
    }
    expect(plotSparkline([10_000, 10_000, 10_000], 30, 3), 'a flat series keeps its height').toHaveLength(4);
    expect(plotSparkline([NaN], 30, 3), 'nothing finite, nothing drawn').toEqual([]);
  });
});

describe('throttleEngine', () => {
  it('returns one leading and one trailing notification per frame, with the newest snapshot', () => {
    vi.useFakeTimers();
    const engine = new FakeEngine();
    const gated = throttleEngine(engine, 100);
    const seen: number[] = [];
    const unsubscribe = gated.subscribe(() => seen.push(gated.getSnapshot().seq));
    const first = engine.getSnapshot().seq;
    for (let i = 0; i < 50; i++) engine.publish({});
    expect(seen, 'the first change goes out at once').toEqual([first + 1]);
    expect(gated.getSnapshot().seq, 'components keep drawing the published frame').toBe(first + 1);
    vi.advanceTimersByTime(100);
    expect(seen, 'the other 49 merge into one trailing frame').toEqual([first + 1, first + 50]);
    vi.advanceTimersByTime(1000);
    expect(seen).toHaveLength(2);
    unsubscribe();
    expect(engine.listenerCount, 'the last unsubscribe lets go of the engine').toBe(0);
    gated.send({ type: 'pause' });
    expect(engine.sent).toEqual([{ type: 'pause' }]);
  });

  it('returns every notification when frameMs is 0', () => {
    const engine = new FakeEngine();
    const gated = throttleEngine(engine, 0);
    let calls = 0;
    gated.subscribe(() => calls++);
    engine.publish({});
    engine.publish({});
    expect(calls).toBe(2);
    gated.dispose();
    expect(engine.listenerCount).toBe(0);
  });
});

describe('useEngineSnapshot / EngineProvider', () => {
  it('returns an error from useEngine outside the provider', () => {
    function Orphan(): null {
      useEngine();
      return null;
    }
    const errors: unknown[] = [];
    const spy = vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void errors.push(args));
    const { lastFrame, unmount } = render(<Orphan />);
    expect(stripAnsi(lastFrame() ?? '') + stripAnsi(String(errors))).toContain(
      'useEngine() must be used inside <EngineProvider>',
    );
    unmount();
    spy.mockRestore();
  });

  it('returns the selected slice and follows published snapshots through an unbound engine', async () => {
    const engine = new FakeEngine();
    const selects: Snapshot[] = [];
    function Price(): ReactNode {
      const e = useEngine();
      const view = useEngineSnapshot(e, (s) => {
        selects.push(s);
        return { price: s.lastPrice, trading: s.trading };
      });
      return <Text>{`${view.price} ${view.trading}`}</Text>;
    }
    const { lastFrame, unmount } = render(
      <EngineProvider engine={engine}>
        <Price />
      </EngineProvider>,
    );
    expect(lastFrame()).toBe(`${engine.getSnapshot().lastPrice} TRADING`);
    const before = selects.length;
    engine.publish({ trading: 'PAUSED' });
    for (let i = 0; i < 50 && !lastFrame()?.includes('PAUSED'); i++)
      await new Promise((r) => setTimeout(r, 10));
    expect(lastFrame()).toContain('PAUSED');
    expect(
      selects.length - before,
      'a fresh object per snapshot, not per getSnapshot call',
    ).toBeLessThanOrEqual(2);
    unmount();
    expect(engine.listenerCount).toBe(0);
  });
});
