import { afterEach, describe, expect, it, vi } from 'vitest';
import { FrameThrottle } from '../../src/engine/frameThrottle.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('FrameThrottle', () => {
  it('returns one frame per interval while something changed, none while nothing did', () => {
    vi.useFakeTimers();
    let built = 0;
    const heard: number[] = [];
    const f = new FrameThrottle(100, () => built++);
    const off = f.subscribe(() => heard.push(built));
    vi.advanceTimersByTime(300);
    expect(built, 'nothing changed: no frame').toBe(0);
    f.markDirty();
    f.markDirty();
    vi.advanceTimersByTime(100);
    expect(built, 'two changes in one interval: one frame').toBe(1);
    expect(heard, 'listeners hear after the rebuild').toEqual([1]);
    vi.advanceTimersByTime(500);
    expect(built).toBe(1);
    off();
  });

  it('returns a frame at once on publishNow, and stops with the last listener (start and stop hooks once each)', () => {
    vi.useFakeTimers();
    const events: string[] = [];
    let built = 0;
    const f = new FrameThrottle(100, () => built++, {
      onStart: () => events.push('start'),
      onStop: () => events.push('stop'),
    });
    const a = f.subscribe(() => {});
    const b = f.subscribe(() => {});
    f.publishNow();
    expect(built).toBe(1);
    expect(f.dirty).toBe(false);
    a();
    expect(events).toEqual(['start']);
    b();
    expect(events).toEqual(['start', 'stop']);
    f.markDirty();
    vi.advanceTimersByTime(1000);
    expect(built, 'nobody listens: no timer, no frame').toBe(1);
    f.stop();
    expect(events, 'stopping a stopped throttle does not call the hook again').toEqual(['start', 'stop']);
  });
});
