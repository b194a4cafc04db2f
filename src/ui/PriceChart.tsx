import type { ReactNode } from 'react';
import { Text } from 'ink';
import type { Snapshot } from '../engine/core/snapshot.js';
import { fmtNum, fmtPct, signColor } from './format.js';
import { Panel, innerWidth } from './Panel.js';
import { Sparkline } from './Sparkline.js';

export type PriceData = Pick<Snapshot, 'lastPrice' | 'prices'>;

/** Change over the window on screen: first to last close of the ring. */
export function windowChange(series: readonly number[]): number | null {
  const first = series[0];
  const last = series[series.length - 1];
  if (first === undefined || last === undefined || first === 0) return null;
  return last / first - 1;
}

export function PriceChart(props: {
  readonly data: PriceData;
  readonly width: number;
  readonly height: number;
  readonly bordered: boolean;
}): ReactNode {
  const { data, width, height, bordered } = props;
  const change = windowChange(data.prices);
  const note = (
    <Text>
      <Text bold>{fmtNum(data.lastPrice, 10, 2)}</Text>{' '}
      <Text color={signColor(change ?? 0)}>{fmtPct(change)}</Text>
      <Text dimColor> over {data.prices.length} bars</Text>
    </Text>
  );
  return (
    <Panel title="PRICE" note={note} width={width} bordered={bordered}>
      <Sparkline
        series={data.prices}
        width={innerWidth(width, bordered)}
        height={height}
        color="cyan"
        empty="waiting for candles…"
      />
    </Panel>
  );
}
