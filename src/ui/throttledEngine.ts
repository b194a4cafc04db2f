import type { EngineHandle } from '../engine/core/engineHandle.js';
import type { Snapshot } from '../engine/core/snapshot.js';

export interface ThrottledEngine extends EngineHandle {
  /** Stop listening upstream and drop any pending frame. */
  dispose(): void;
}

/**
 * Gate the engine's notifications to at most one per `frameMs`, whatever its publish rate, so a
 * `--speed max` replay cannot make React reconcile thousands of times a second. The first change
 * after a quiet period goes out at once (keys feel instant); changes inside a frame are merged
 * into one trailing notification carrying the latest snapshot. `getSnapshot` returns the snapshot
 * of the last notification, so every component in a frame draws the same picture.
 * `frameMs <= 0` passes everything through.
 */
export function throttleEngine(engine: EngineHandle, frameMs: number): ThrottledEngine {
  const listeners = new Set<() => void>();
  let current: Snapshot = engine.getSnapshot();
  let timer: ReturnType<typeof setTimeout> | null = null;
  let dirty = false;
  let unsubscribeUpstream: (() => void) | null = null;

  const publish = (): void => {
    current = engine.getSnapshot();
    for (const listener of [...listeners]) listener();
  };
  const startFrame = (): void => {
    timer = setTimeout(endFrame, frameMs);
    // A pending frame must never keep the process alive after the engine is done.
    timer.unref?.();
  };
  const endFrame = (): void => {
    timer = null;
    if (!dirty) return;
    dirty = false;
    publish();
    startFrame();
  };
  const onUpstream = (): void => {
    if (frameMs <= 0) return publish();
    if (timer) {
      dirty = true;
      return;
    }
    publish();
    startFrame();
  };
  const stop = (): void => {
    unsubscribeUpstream?.();
    unsubscribeUpstream = null;
    if (timer) clearTimeout(timer);
    timer = null;
    dirty = false;
  };

  return {
    getSnapshot: () => (unsubscribeUpstream ? current : engine.getSnapshot()),
    subscribe(listener) {
      listeners.add(listener);
      if (!unsubscribeUpstream) {
        current = engine.getSnapshot();
        unsubscribeUpstream = engine.subscribe(onUpstream);
      }
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) stop();
      };
    },
    send: (command) => engine.send(command),
    dispose: () => {
      listeners.clear();
      stop();
    },
  };
}
