import { createContext, createElement, useCallback, useContext, useRef, useSyncExternalStore } from 'react';
import type { ReactNode } from 'react';
import type { EngineHandle } from '../engine/core/engineHandle.js';
import type { Snapshot } from '../engine/core/snapshot.js';

interface Selected<T> {
  readonly snapshot: Snapshot;
  readonly selector: (snapshot: Snapshot) => T;
  readonly value: T;
}

/**
 * Read a slice of the engine's latest snapshot and re-render when it changes. Snapshots are
 * immutable, so the selected value is recomputed only when the snapshot object (or the selector)
 * changes; a selector may therefore build a fresh object without looping useSyncExternalStore.
 */
export function useEngineSnapshot<T>(engine: EngineHandle, selector: (snapshot: Snapshot) => T): T {
  const cache = useRef<Selected<T> | null>(null);
  // Bound here because engine classes may define subscribe as a prototype method.
  const subscribe = useCallback((listener: () => void) => engine.subscribe(listener), [engine]);
  const getSelected = (): T => {
    const snapshot = engine.getSnapshot();
    const hit = cache.current;
    if (hit && hit.snapshot === snapshot && hit.selector === selector) return hit.value;
    const value = selector(snapshot);
    cache.current = { snapshot, selector, value };
    return value;
  };
  return useSyncExternalStore(subscribe, getSelected, getSelected);
}

const EngineContext = createContext<EngineHandle | null>(null);

export function EngineProvider(props: {
  readonly engine: EngineHandle;
  readonly children?: ReactNode;
}): ReactNode {
  return createElement(EngineContext.Provider, { value: props.engine }, props.children);
}

/** The engine of the nearest EngineProvider; throws outside one, since nothing can be drawn without it. */
export function useEngine(): EngineHandle {
  const engine = useContext(EngineContext);
  if (!engine) throw new Error('useEngine() must be used inside <EngineProvider>');
  return engine;
}

/** useEngineSnapshot on the provider's engine. */
export function useSnapshot<T>(selector: (snapshot: Snapshot) => T): T {
  return useEngineSnapshot(useEngine(), selector);
}
