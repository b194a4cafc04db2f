import type { ReactNode } from 'react';
import { Box, Text } from 'ink';
import type { PositionView } from '../engine/core/snapshot.js';
import { fmtNum, fmtSigned } from './format.js';
import { Command, keysLabel } from './keys.js';

/**
 * The y/n prompt after `f`, drawn where the footer was so the screen keeps its height. It only
 * draws; useKeys owns the answer (its prompt handler is the only active one while this shows).
 */
export function ConfirmFlatten({
  position,
  width,
}: {
  readonly position: PositionView;
  readonly width: number;
}): ReactNode {
  const what =
    position.side === 'FLAT'
      ? 'position is already flat'
      : `${position.side} ${fmtNum(position.quantity, 10, 4)} (${fmtSigned(position.fraction)}) at market`;
  return (
    <Box width={width}>
      <Text wrap="truncate">
        <Text bold inverse color="yellow">
          {' Flatten position? y/n '}
        </Text>{' '}
        {what} · <Text bold>{keysLabel(Command.CONFIRM_YES)}</Text> yes ·{' '}
        <Text bold>{keysLabel(Command.CONFIRM_NO)}</Text> no
      </Text>
    </Box>
  );
}
