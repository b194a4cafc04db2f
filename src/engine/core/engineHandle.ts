import type { EngineCommand } from './events.js';
import type { Snapshot } from './snapshot.js';

/**
 * What the UI (and the headless driver) may hold of the engine: read the latest immutable snapshot,
 * be told when a new one is published (at a bounded rate), and send commands down.
 * Shaped for React's useSyncExternalStore.
 */
export interface EngineHandle {
  getSnapshot(): Snapshot;
  subscribe(listener: () => void): () => void;
  send(command: EngineCommand): void;
}
