import type { ReactNode } from 'react';
import { Box, Text } from 'ink';
import { plotSparkline } from './plotSparkline.js';

export interface SparklineProps {
  readonly series: readonly number[];
  readonly width: number;
  readonly height: number;
  readonly color: string;
  readonly empty: string;
}

/** An asciichart plot that always occupies height + 1 lines, so panels do not jump as data arrives. */
export function Sparkline({ series, width, height, color, empty }: SparklineProps): ReactNode {
  const lines = plotSparkline(series, width, height);
  const rows = lines.length > 0 ? lines : [empty, ...new Array<string>(height).fill('')];
  return (
    <Box flexDirection="column" width={width}>
      {rows.map((line, i) => (
        <Text key={i} color={lines.length > 0 ? color : 'gray'} wrap="truncate">
          {line || ' '}
        </Text>
      ))}
    </Box>
  );
}
