import { useCallback, useSyncExternalStore } from 'react';
import type { ReactNode } from 'react';
import { Box, Text } from 'ink';
import type { AccountSnapshot, SymbolRow, SymbolSet } from '../engine/symbolSet.js';
import type { Snapshot } from '../engine/core/snapshot.js';
import { EquityChart } from './EquityChart.js';
import { fmtDateTime, fmtNum, fmtPct, fmtSigned, oneLine, signColor } from './format.js';
import type { Layout } from './layout.js';
import { Panel, innerWidth } from './Panel.js';
import { Table } from './Table.js';
import type { Column } from './Table.js';

/** The account as the summary tab reads it, re-rendered when any engine or the account changes. */
export function useAccount(set: SymbolSet): AccountSnapshot {
  const subscribe = useCallback((l: () => void) => set.subscribe(l), [set]);
  const get = useCallback(() => set.getAccountSnapshot(), [set]);
  return useSyncExternalStore(subscribe, get, get);
}

const money = (x: number): string => fmtNum(x, 12, 2).trim();
const side = (f: number): string => (f > 1e-9 ? 'LONG' : f < -1e-9 ? 'SHORT' : 'FLAT');

const COLUMNS: readonly Column<SymbolRow & { n: number }>[] = [
  { header: '#', width: 1, cell: (r) => String(r.n) },
  { header: 'symbol', width: 9, cell: (r) => r.symbol },
  { header: 'price', width: 10, align: 'right', cell: (r) => fmtNum(r.price, 10, 2) },
  {
    header: 'position',
    width: 11,
    cell: (r) => `${side(r.positionFraction)} ${fmtSigned(r.positionFraction)}`,
  },
  { header: 'equity', width: 10, align: 'right', cell: (r) => fmtNum(r.equity, 10, 2) },
  {
    header: 'return',
    width: 8,
    align: 'right',
    cell: (r) => fmtPct(r.returnPct / 100),
    color: (r) => signColor(r.returnPct),
  },
  { header: 'trades', width: 6, align: 'right', cell: (r) => String(r.trades) },
  { header: 'fees', width: 8, align: 'right', cell: (r) => fmtNum(r.fees, 8, 2) },
  {
    header: 'state',
    width: 7,
    cell: (r) => r.trading,
    color: (r) => (r.trading === 'TRADING' ? 'green' : r.trading === 'PAUSED' ? 'yellow' : 'red'),
  },
  {
    header: 'last candle',
    width: 16,
    cell: (r) => (r.lastCandleTs === null ? r.feed : fmtDateTime(r.lastCandleTs - 60_000)),
  },
];

/**
 * The summary tab: the shared account (one engine per symbol, startCash / N each) — its combined
 * equity curve and figures, then one row per symbol and each symbol's newest event.
 */
export function AccountScreen({
  set,
  all,
  layout,
}: {
  readonly set: SymbolSet;
  /** The account's snapshot as a single engine's (combined equity curve, P&L). */
  readonly all: Snapshot;
  readonly layout: Layout;
}): ReactNode {
  const a = useAccount(set);
  const t = a.totals;
  const { bordered } = layout;
  const basket = t.startCash > 0 ? a.basket / t.startCash - 1 : null;
  const rows = a.rows.map((r, i) => ({ ...r, n: i + 1 }));
  const tableWidth = COLUMNS.reduce((w, c) => w + c.width + 1, 0);
  // No 15-D state or votes here: the chart takes the rows the symbol table leaves.
  const fixed = 4 + (bordered ? 6 : 2) + 1 + 2 * rows.length;
  const chartHeight = Math.max(layout.chartHeight, Math.min(30, layout.rows - fixed - (bordered ? 3 : 1)));
  return (
    <Box flexDirection="column" width={layout.columns}>
      <Box columnGap={1}>
        <EquityChart data={all} width={layout.chartWidth} height={chartHeight} bordered={bordered} />
        <Panel
          title="ACCOUNT"
          note={`${set.symbols.length} symbols`}
          width={layout.chartWidth}
          bordered={bordered}
        >
          <Text wrap="truncate">
            equity <Text bold>{fmtNum(t.equity, 10, 2)}</Text> of {money(t.startCash)}{' '}
            <Text color={signColor(t.returnPct)}>{fmtPct(t.returnPct / 100)}</Text>
          </Text>
          <Text wrap="truncate">
            buy-and-hold basket <Text color={signColor(basket ?? 0)}>{fmtPct(basket)}</Text>
            <Text dimColor> (equal weights, no fees)</Text>
          </Text>
          <Text wrap="truncate">
            realized {fmtSigned(t.realizedPnl)} · fees {money(t.fees)} · fills {t.fills}
          </Text>
          <Text wrap="truncate">
            exposure gross {money(t.grossExposure)} · net {fmtSigned(t.netExposure)}
          </Text>
          <Text dimColor wrap="truncate">
            each symbol trades {money(set.account.startCashPerSymbol)} of its own; minutes {t.minutes}
          </Text>
        </Panel>
      </Box>
      <Panel title="SYMBOLS" note="1–9 opens one" width={layout.columns} bordered={bordered}>
        <Table columns={COLUMNS} rows={rows} rowKey={(r) => r.symbol} showHeader />
        {rows.map((r) => (
          <Text key={r.symbol} dimColor wrap="truncate">
            {`${r.symbol}: ${r.lastEvent ? oneLine(r.lastEvent) : 'no events yet'}`.slice(
              0,
              Math.max(tableWidth, innerWidth(layout.columns, bordered)),
            )}
          </Text>
        ))}
      </Panel>
    </Box>
  );
}
