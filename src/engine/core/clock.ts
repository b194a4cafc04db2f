import type { Clock } from './types.js';

/** Wall clock for live trading. The only place the engine may read the system time. */
export const wallClock: Clock = { now: () => Date.now() };

/** A clock that is moved by the driver (backtest/replay: the close time of the bar being processed). */
export class ManualClock implements Clock {
  constructor(private t = 0) {}
  now(): number {
    return this.t;
  }
  set(t: number): void {
    this.t = t;
  }
}
