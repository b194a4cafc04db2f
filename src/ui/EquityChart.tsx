import type { ReactNode } from 'react';
import { Text } from 'ink';
import type { Snapshot } from '../engine/core/snapshot.js';
import { fmtNum, fmtPct, signColor } from './format.js';
import { Panel, innerWidth } from './Panel.js';
import { Sparkline } from './Sparkline.js';

export type EquityData = Pick<Snapshot, 'equity' | 'equityCurve' | 'startEquity'>;

export function sessionReturn(data: Pick<Snapshot, 'equity' | 'startEquity'>): number | null {
  return data.startEquity > 0 ? data.equity / data.startEquity - 1 : null;
}

export function EquityChart(props: {
  readonly data: EquityData;
  readonly width: number;
  readonly height: number;
  readonly bordered: boolean;
}): ReactNode {
  const { data, width, height, bordered } = props;
  const change = sessionReturn(data);
  const note = (
    <Text>
      <Text bold>{fmtNum(data.equity, 11, 2)}</Text>{' '}
      <Text color={signColor(change ?? 0)}>{fmtPct(change)}</Text>
      <Text dimColor> since start</Text>
    </Text>
  );
  return (
    <Panel title="EQUITY" note={note} width={width} bordered={bordered}>
      <Sparkline
        series={data.equityCurve}
        width={innerWidth(width, bordered)}
        height={height}
        color={change !== null && change < 0 ? 'red' : 'green'}
        empty="no equity yet"
      />
    </Panel>
  );
}
