import type { ReactNode } from 'react';
import { Text } from 'ink';
import { fmtPct, signColor } from './format.js';

export interface TabInfo {
  readonly label: string;
  /** Return since start, as a fraction (null before the first bar). */
  readonly change: number | null;
}

/** One row of tabs: `0 Summary │ 1 ETHUSDT +0.12% │ 2 BTCUSDT -0.30%`, the shown one in inverse. */
export function TabBar({
  tabs,
  active,
  width,
}: {
  readonly tabs: readonly TabInfo[];
  /** Index into tabs (0 = the summary). */
  readonly active: number;
  readonly width: number;
}): ReactNode {
  return (
    <Text wrap="truncate">
      {tabs.map((t, i) => (
        <Text key={t.label}>
          {i > 0 ? <Text dimColor> │ </Text> : null}
          <Text inverse={i === active} bold={i === active}>
            {` ${i} ${t.label} `}
          </Text>
          {t.change === null ? null : <Text color={signColor(t.change)}>{fmtPct(t.change)}</Text>}
        </Text>
      ))}
      <Text dimColor>{width >= 100 ? '   Tab / 0–9 switch' : ''}</Text>
    </Text>
  );
}
