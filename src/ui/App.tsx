import { useEffect, useMemo } from 'react';
import type { ReactNode } from 'react';
import { Box } from 'ink';
import type { EngineHandle } from '../engine/core/engineHandle.js';
import type { Snapshot } from '../engine/core/snapshot.js';
import { EngineProvider, useSnapshot } from './useEngineSnapshot.js';
import { throttleEngine } from './throttledEngine.js';
import { useTerminalSize } from './useTerminalSize.js';
import { useKeys } from './useKeys.js';
import { computeLayout } from './layout.js';
import { Header } from './Header.js';
import { Dashboard } from './Dashboard.js';
import { HelpOverlay } from './HelpOverlay.js';
import { ConfirmFlatten } from './ConfirmFlatten.js';
import { Footer } from './Footer.js';
import type { ConsoleKind } from './keys.js';

export interface AppProps {
  readonly engine: EngineHandle;
  /** `--keep-position`: quit without flattening. */
  readonly keepPosition: boolean;
  /** Called on the second Ctrl+C. */
  readonly onForceExit: () => void;
  /** Minimum time between redraws caused by the engine; 100 ms = at most 10 frames a second. */
  readonly frameMs?: number;
}

const whole = (snapshot: Snapshot): Snapshot => snapshot;

/** The console: provides the (throttled) engine and draws the screen for the terminal's size. */
export function App({ engine, keepPosition, onForceExit, frameMs = 100 }: AppProps): ReactNode {
  const throttled = useMemo(() => throttleEngine(engine, frameMs), [engine, frameMs]);
  useEffect(() => () => throttled.dispose(), [throttled]);
  return (
    <EngineProvider engine={throttled}>
      <Screen engine={engine} keepPosition={keepPosition} onForceExit={onForceExit} />
    </EngineProvider>
  );
}

/** Keys act on the unthrottled engine, so `p` decides pause/resume on the newest state. */
function Screen(props: Omit<AppProps, 'frameMs'>): ReactNode {
  const snapshot = useSnapshot(whole);
  const { columns, rows } = useTerminalSize();
  const layout = computeLayout(columns, rows);
  const kind: ConsoleKind = { journal: snapshot.player !== undefined, tabs: false };
  const keys = useKeys({ ...props, kind });
  return (
    <Box flexDirection="column" width={layout.columns}>
      <Header data={snapshot} width={layout.columns} />
      {keys.help ? (
        <HelpOverlay width={layout.columns} kind={kind} />
      ) : (
        <Dashboard snapshot={snapshot} layout={layout} />
      )}
      {keys.confirming ? (
        <ConfirmFlatten position={snapshot.position} width={layout.columns} />
      ) : (
        <Footer
          data={snapshot}
          width={layout.columns}
          roomy={layout.kind === 'roomy'}
          quitting={keys.quitting}
          interactive={keys.interactive}
          kind={kind}
        />
      )}
    </Box>
  );
}
