import type { ReactNode } from 'react';
import { Box, Text } from 'ink';
import { Command, keyRows, keysLabel, scopeActive } from './keys.js';
import type { ConsoleKind } from './keys.js';

/** The bindings of this kind of console with their descriptions; it replaces the panels until `?` or Esc. */
export function HelpOverlay({
  width,
  kind,
}: {
  readonly width: number;
  readonly kind: ConsoleKind;
}): ReactNode {
  const rows = keyRows().filter((r) => scopeActive(r.scope, kind));
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
