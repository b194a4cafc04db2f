import type { ReactNode } from 'react';
import { Box, Text } from 'ink';
import { fit } from './format.js';

export interface Column<R> {
  readonly header?: string;
  readonly width: number;
  readonly align?: 'left' | 'right';
  readonly cell: (row: R) => string;
  readonly color?: (row: R) => string | undefined;
  readonly dim?: (row: R) => boolean;
}

export interface TableProps<R> {
  readonly columns: readonly Column<R>[];
  readonly rows: readonly R[];
  readonly rowKey: (row: R, index: number) => string;
  readonly showHeader?: boolean;
}

/**
 * A fixed-width table: every cell is padded or cut to its column's width, one space between
 * columns, one <Text> per row. Callers size the columns so the row fits their panel.
 */
export function Table<R>({ columns, rows, rowKey, showHeader = false }: TableProps<R>): ReactNode {
  return (
    <Box flexDirection="column">
      {showHeader ? (
        <Text dimColor wrap="truncate">
          {columns.map((c) => fit(c.header ?? '', c.width, c.align)).join(' ')}
        </Text>
      ) : null}
      {rows.map((row, index) => (
        <Text key={rowKey(row, index)} wrap="truncate">
          {columns.map((c, i) => (
            <Text key={i} color={c.color?.(row)} dimColor={c.dim?.(row) ?? false}>
              {(i > 0 ? ' ' : '') + fit(c.cell(row), c.width, c.align)}
            </Text>
          ))}
        </Text>
      ))}
    </Box>
  );
}

/** Width left for a last, flexible column after the fixed ones and the gaps between columns. */
export function remainingWidth(total: number, fixed: readonly number[]): number {
  return Math.max(1, total - fixed.reduce((a, b) => a + b, 0) - fixed.length);
}
