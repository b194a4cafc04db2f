import type { ReactNode } from 'react';
import { Box, Text } from 'ink';
import { Command, keyRows, keysLabel } from './keys.js';

/** Every binding in keys.ts with its description; it replaces the panels until `?` or Esc. */
export function HelpOverlay({ width }: { readonly width: number }): ReactNode {
  const rows = keyRows();
  const keyW = Math.max(...rows.map((r) => r.keys.length)) + 2;
  return (
    <Box flexDirection="column" width={width} borderStyle="round" borderColor="cyan" paddingX={1}>
      <Text bold color="cyan">
        KEYS
      </Text>
      {rows.map((row) => (
        <Box key={row.command}>
          <Box width={keyW} flexShrink={0}>
            <Text bold>{row.keys}</Text>
          </Box>
          <Box flexGrow={1} flexShrink={1}>
            <Text>{row.description}</Text>
          </Box>
        </Box>
      ))}
      <Text dimColor wrap="truncate">
        {keysLabel(Command.HELP)} or Esc closes this help.
      </Text>
    </Box>
  );
}
