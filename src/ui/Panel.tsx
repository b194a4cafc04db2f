import type { ReactNode } from 'react';
import { Box, Text } from 'ink';

export interface PanelProps {
  readonly title: string;
  /** Short text after the title on the same line (e.g. a day, a count). */
  readonly note?: ReactNode;
  readonly width: number;
  readonly bordered: boolean;
  readonly children?: ReactNode;
}

/**
 * A titled section of fixed width. Bordered in the roomy layout; in compact the bold title line
 * alone separates panels, because two border rows per panel do not fit in 24 lines.
 */
export function Panel({ title, note, width, bordered, children }: PanelProps): ReactNode {
  return (
    <Box
      flexDirection="column"
      width={width}
      flexShrink={0}
      {...(bordered ? { borderStyle: 'round' as const, borderColor: 'gray' } : {})}
    >
      <Text wrap="truncate">
        <Text bold color="cyan">
          {title}
        </Text>
        {note ? <Text> {note}</Text> : null}
      </Text>
      {children}
    </Box>
  );
}

/** The width inside a panel's borders. */
export function innerWidth(width: number, bordered: boolean): number {
  return bordered ? width - 2 : width;
}
