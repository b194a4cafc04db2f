/**
 * At most one frame every `frameMs`, and only after something changed, for as long as anyone
 * listens: the timer behind every snapshot the screen reads (one engine's, the several-symbol
 * summary's). `rebuild` makes the new snapshot; listeners hear about it afterwards.
 */
export class FrameThrottle {
  private readonly listeners = new Set<() => void>();
  private timer: NodeJS.Timeout | null = null;
  /** Something changed since the last frame. */
  dirty: boolean;

  constructor(
    private readonly frameMs: number,
    private readonly rebuild: () => void,
    private readonly hooks: { readonly onStart?: () => void; readonly onStop?: () => void } = {},
    dirty = false,
  ) {
    this.dirty = dirty;
  }

  markDirty(): void {
    this.dirty = true;
  }

  /** The first listener starts the timer (and `onStart`); the last one to leave stops it. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    if (this.timer === null) {
      this.timer = setInterval(() => {
        if (this.dirty) this.publishNow();
      }, this.frameMs);
      this.timer.unref();
      this.hooks.onStart?.();
    }
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.stop();
    };
  }

  /** A frame now, changed or not (end of a replay, quit: the throttle would hold the last one back). */
  publishNow(): void {
    this.dirty = false;
    this.rebuild();
    for (const l of [...this.listeners]) l();
  }

  stop(): void {
    if (this.timer === null) return;
    clearInterval(this.timer);
    this.timer = null;
    this.hooks.onStop?.();
  }
}
