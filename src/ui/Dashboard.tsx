import type { ReactNode } from 'react';
import { Box } from 'ink';
import type { Snapshot } from '../engine/core/snapshot.js';
import type { Layout } from './layout.js';
import { PriceChart } from './PriceChart.js';
import { EquityChart } from './EquityChart.js';
import { StatePanel } from './StatePanel.js';
import { VotesPanel } from './VotesPanel.js';
import { SentimentPanel } from './SentimentPanel.js';
import { EventsPanel } from './EventsPanel.js';

/** The panels between header and footer, placed by a Layout (compact or roomy). */
export function Dashboard({
  snapshot,
  layout,
}: {
  readonly snapshot: Snapshot;
  readonly layout: Layout;
}): ReactNode {
  const { bordered } = layout;
  const events = (width: number): ReactNode => (
    <EventsPanel data={snapshot} width={width} rows={layout.eventRows} bordered={bordered} />
  );
  return (
    <Box flexDirection="column" width={layout.columns}>
      <Box columnGap={1}>
        <PriceChart
          data={snapshot}
          width={layout.chartWidth}
          height={layout.chartHeight}
          bordered={bordered}
        />
        <EquityChart
          data={snapshot}
          width={layout.chartWidth}
          height={layout.chartHeight}
          bordered={bordered}
        />
      </Box>
      <Box columnGap={1} alignItems="flex-start">
        <StatePanel data={snapshot} width={layout.stateWidth} bordered={bordered} />
        <Box flexDirection="column" width={layout.rightWidth} flexShrink={0}>
          <VotesPanel data={snapshot} width={layout.rightWidth} bordered={bordered} />
          <SentimentPanel
            data={snapshot}
            width={layout.rightWidth}
            bordered={bordered}
            rows={layout.sentimentRows}
          />
          {layout.eventsFullWidth ? null : events(layout.rightWidth)}
        </Box>
      </Box>
      {layout.eventsFullWidth ? events(layout.columns) : null}
    </Box>
  );
}
