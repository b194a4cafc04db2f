import type { ReactNode } from 'react';
import { Box, Text } from 'ink';
import type { Snapshot } from '../engine/core/snapshot.js';
import { fmtNum, fmtPct, fmtSigned, signColor } from './format.js';
import { footerHints } from './keys.js';
import type { ConsoleKind } from './keys.js';
import { sessionReturn } from './EquityChart.js';

export type FooterData = Pick<
  Snapshot,
  'trading' | 'equity' | 'startEquity' | 'realizedPnl' | 'fees' | 'trades' | 'player'
>;

export interface FooterProps {
  readonly data: FooterData;
  readonly width: number;
  readonly roomy: boolean;
  readonly quitting: boolean;
  /** False when stdin is not a terminal: keys cannot be read, so none are advertised. */
  readonly interactive: boolean;
  readonly kind: ConsoleKind;
}

/** Key hints (from keys.ts) on the left, P&L / return / trades / fees on the right. */
export function Footer({ data, width, roomy, quitting, interactive, kind }: FooterProps): ReactNode {
  const pnl = data.equity - data.startEquity;
  const ret = sessionReturn(data);
  let left: ReactNode;
  if (quitting) {
    left = (
      <Text bold color="yellow" wrap="truncate">
        {kind.journal ? 'stopping…' : `quitting…, writing report${roomy ? ' · Ctrl+C again exits now' : ''}`}
      </Text>
    );
  } else if (!interactive) {
    left = (
      <Text dimColor wrap="truncate">
        keys off: stdin is not a terminal
      </Text>
    );
  } else {
    left = (
      <Text wrap="truncate">
        {footerHints({ trading: data.trading, playing: data.player?.state === 'playing' }, kind, !roomy).map(
          (h, i) => (
            <Text key={h.key}>
              {i > 0 ? ' ' : ''}
              <Text bold color="cyan">
                {h.key}
              </Text>
              <Text dimColor> {h.label}</Text>
            </Text>
          ),
        )}
      </Text>
    );
  }
  return (
    <Box width={width}>
      <Box flexGrow={1} flexShrink={1}>
        {left}
      </Box>
      <Box flexShrink={0}>
        <Text wrap="truncate">
          {' P&L '}
          <Text bold color={signColor(pnl)}>
            {fmtSigned(pnl)}
          </Text>{' '}
          <Text color={signColor(ret ?? 0)}>{fmtPct(ret)}</Text>
          {roomy
            ? ` · realized ${fmtSigned(data.realizedPnl)} · trades ${data.trades} · fees ${fmtNum(data.fees, 10, 2)}`
            : ` trades ${data.trades} fees ${fmtNum(data.fees, 8, 2)}`}
        </Text>
      </Box>
    </Box>
  );
}
