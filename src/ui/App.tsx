import { useEffect, useMemo, useState } from 'react';
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
import type { SymbolSet } from '../engine/symbolSet.js';
import { AccountScreen } from './AccountScreen.js';
import { TabBar } from './TabBar.js';
import { sessionReturn } from './EquityChart.js';

/** Several symbols (`--symbols`): a tab each, and the summary tab over the shared account. */
export interface TabsModel {
  readonly symbols: readonly { readonly symbol: string; readonly engine: EngineHandle }[];
  readonly set: SymbolSet;
}

export interface AppProps {
  readonly engine: EngineHandle;
  readonly tabs?: TabsModel;
  /** `--keep-position`: quit without flattening. */
  readonly keepPosition: boolean;
  /** Called on the second Ctrl+C. */
  readonly onForceExit: () => void;
  /** Minimum time between redraws caused by the engine; 100 ms = at most 10 frames a second. */
  readonly frameMs?: number;
}

const whole = (snapshot: Snapshot): Snapshot => snapshot;

/**
 * The console: provides the (throttled) engine of the tab shown and draws the screen for the
 * terminal's size. With tabs, tab 0 is the summary (the account) and tab k the k-th symbol.
 */
export function App({ engine, tabs, keepPosition, onForceExit, frameMs = 100 }: AppProps): ReactNode {
  const [tab, setTab] = useState(0);
  const shown = tabs ? (tab === 0 ? tabs.set.all : tabs.symbols[tab - 1]!.engine) : engine;
  const throttled = useMemo(() => throttleEngine(shown, frameMs), [shown, frameMs]);
  useEffect(() => () => throttled.dispose(), [throttled]);
  const onTab = (t: number | 'next'): void => {
    if (!tabs) return;
    const n = tabs.symbols.length + 1;
    setTab((cur) => (t === 'next' ? (cur + 1) % n : t < n ? t : cur));
  };
  return (
    <EngineProvider engine={throttled}>
      <Screen
        engine={shown}
        keepPosition={keepPosition}
        onForceExit={onForceExit}
        {...(tabs ? { tabs } : {})}
        tab={tab}
        onTab={onTab}
      />
    </EngineProvider>
  );
}

interface ScreenProps extends Omit<AppProps, 'frameMs'> {
  readonly tab: number;
  readonly onTab: (t: number | 'next') => void;
}

/** Keys act on the unthrottled engine, so `p` decides pause/resume on the newest state. */
function Screen(props: ScreenProps): ReactNode {
  const snapshot = useSnapshot(whole);
  const { columns, rows } = useTerminalSize();
  const { tabs, tab } = props;
  // The tab row takes one line from the panels.
  const layout = computeLayout(columns, tabs && rows !== undefined ? rows - 1 : rows);
  const kind: ConsoleKind = { journal: snapshot.player !== undefined, tabs: tabs !== undefined };
  const keys = useKeys({ ...props, kind });
  const body =
    tabs && tab === 0 ? (
      <AccountScreen set={tabs.set} all={snapshot} layout={layout} />
    ) : (
      <Dashboard snapshot={snapshot} layout={layout} />
    );
  return (
    <Box flexDirection="column" width={layout.columns}>
      {tabs ? <Tabs tabs={tabs} active={tab} width={layout.columns} /> : null}
      <Header data={snapshot} width={layout.columns} />
      {keys.help ? <HelpOverlay width={layout.columns} kind={kind} /> : body}
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

/** The tab row: each tab's return since start, read from the engines' latest snapshots. */
function Tabs({
  tabs,
  active,
  width,
}: {
  readonly tabs: TabsModel;
  readonly active: number;
  readonly width: number;
}): ReactNode {
  // Redrawn with the shown tab's frames; the other tabs' figures are as fresh as their last frame.
  const infos = [
    { label: 'Summary', change: sessionReturn(tabs.set.all.getSnapshot()) },
    ...tabs.symbols.map((s) => ({ label: s.symbol, change: sessionReturn(s.engine.getSnapshot()) })),
  ];
  return <TabBar tabs={infos} active={active} width={width} />;
}
