import type { ReactNode } from 'react';
import { Text } from 'ink';
import type { EventLine, Snapshot } from '../engine/core/snapshot.js';
import { assertNever } from '../engine/core/types.js';
import { fit, fmtClock } from './format.js';
import { Panel, innerWidth } from './Panel.js';

export type EventsData = Pick<Snapshot, 'events' | 'trades'>;

export function eventTag(kind: EventLine['kind']): { readonly tag: string; readonly color: string } {
  switch (kind) {
    case 'fill':
      return { tag: 'FILL', color: 'green' };
    case 'skip':
      return { tag: 'SKIP', color: 'gray' };
    case 'reject':
      return { tag: 'REJECT', color: 'red' };
    case 'reconnect':
      return { tag: 'RECONN', color: 'yellow' };
    case 'backfill':
      return { tag: 'BACKFL', color: 'cyan' };
    case 'info':
      return { tag: 'INFO', color: 'blue' };
    case 'error':
      return { tag: 'ERROR', color: 'red' };
    case 'would':
      return { tag: 'WOULD', color: 'magenta' };
    default:
      return assertNever(kind);
  }
}

/**
 * Fills, skips with their reasons, rejects, reconnects and — while paused — what would have been
 * traded, newest first. A live box rather than Ink's <Static>: the console is a fixed-height
 * dashboard, and <Static> output would scroll it off the screen.
 */
export function EventsPanel(props: {
  readonly data: EventsData;
  readonly width: number;
  readonly rows: number;
  readonly bordered: boolean;
}): ReactNode {
  const { data, width, rows, bordered } = props;
  const inner = innerWidth(width, bordered);
  const withSeconds = inner >= 60;
  const shown = data.events.slice(0, rows);
  const textW = Math.max(1, inner - (withSeconds ? 8 : 5) - 1 - 6 - 1);
  return (
    <Panel
      title="EVENTS"
      note={<Text dimColor>newest first · trades {data.trades}</Text>}
      width={width}
      bordered={bordered}
    >
      {shown.length === 0 ? <Text dimColor>nothing yet</Text> : null}
      {shown.map((e, i) => {
        const { tag, color } = eventTag(e.kind);
        return (
          <Text key={`${e.ts}-${i}`} wrap="truncate">
            <Text dimColor>{fmtClock(e.ts, withSeconds)}</Text> <Text color={color}>{fit(tag, 6)}</Text>{' '}
            {fit(e.text, textW).trimEnd()}
          </Text>
        );
      })}
    </Panel>
  );
}
