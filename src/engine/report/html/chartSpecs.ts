import type { TopLevelSpec } from 'vega-lite';
import type { AgentRow, EquityPoint, FillMarker, LinePoint, OutcomeRow, TimelineRow } from './chartData.js';

/** Vega-Lite specs for the report's charts: declarative, one function per chart, data inline. */

const WIDTH = 880;
const HEIGHT = 220;
export const COLORS = {
  strategy: '#1f6fb4',
  hold: '#9a9a9a',
  loss: '#c0392b',
  gain: '#1e8449',
  price: '#4a4a4a',
  position: '#7d3c98',
} as const;

const CONFIG = {
  // No per-mark ARIA descriptions: they would add a formatted label to each of thousands of points.
  aria: false,
  font: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  view: { stroke: '#ddd' },
  axis: { labelFontSize: 11, titleFontSize: 11, gridColor: '#eee' },
  // The same room for every y axis, so the time axes of the stacked charts line up.
  axisY: { minExtent: 56 },
  legend: { labelFontSize: 11, titleFontSize: 11, orient: 'top-left' as const },
  title: { fontSize: 13, anchor: 'start' as const },
};

/** UTC label format for a time axis spanning `spanMs`: dates for weeks and more, times within days. */
export function timeFormat(spanMs: number): string {
  if (spanMs > 20 * 86_400_000) return '%b %d';
  if (spanMs > 86_400_000) return '%b %d %H:%M';
  return '%H:%M';
}

function timeX(format: string) {
  return {
    field: 't',
    type: 'temporal' as const,
    title: null,
    scale: { type: 'utc' as const },
    // A utc scale formats its labels in UTC; `format` only picks the fields.
    axis: { format, labelOverlap: true as const },
  };
}

export function equitySpec(rows: EquityPoint[], log: boolean, quote: string, fmt: string): TopLevelSpec {
  return {
    width: WIDTH,
    height: 260,
    config: CONFIG,
    title: `Equity vs buy-and-hold (${log ? 'log' : 'linear'} scale, ${quote})`,
    data: { values: rows },
    mark: { type: 'line', strokeWidth: 1.25 },
    encoding: {
      x: timeX(fmt),
      y: {
        field: 'v',
        type: 'quantitative',
        title: quote,
        scale: log ? { type: 'log' } : { zero: false },
      },
      color: {
        field: 's',
        type: 'nominal',
        title: null,
        scale: { domain: ['strategy', 'buy & hold'], range: [COLORS.strategy, COLORS.hold] },
      },
    },
  };
}

export function drawdownSpec(rows: LinePoint[], maxPct: number, fmt: string): TopLevelSpec {
  return {
    width: WIDTH,
    height: HEIGHT,
    config: CONFIG,
    title: `Drawdown (underwater): max ${maxPct.toFixed(2)} %`,
    data: { values: rows },
    mark: { type: 'area', color: COLORS.loss, opacity: 0.55, line: { color: COLORS.loss, strokeWidth: 1 } },
    encoding: {
      x: timeX(fmt),
      y: { field: 'v', type: 'quantitative', title: '% under peak', scale: { domainMax: 0 } },
    },
  };
}

export function priceSpec(
  price: LinePoint[],
  fills: FillMarker[],
  subtitle: string,
  fmt: string,
): TopLevelSpec {
  return {
    width: WIDTH,
    height: 260,
    config: CONFIG,
    title: { text: 'Price with buy/sell fills', subtitle },
    layer: [
      {
        data: { values: price },
        mark: { type: 'line', color: COLORS.price, strokeWidth: 1 },
        encoding: {
          x: timeX(fmt),
          y: { field: 'v', type: 'quantitative', title: 'close', scale: { zero: false } },
        },
      },
      // No fills (a combined account, a run that never traded): no layer, or vega warns of an empty extent.
      ...(fills.length === 0
        ? []
        : [
            {
              data: { values: fills },
              mark: { type: 'point' as const, filled: true, size: 18, opacity: 0.8 },
              encoding: {
                x: timeX(fmt),
                y: { field: 'price', type: 'quantitative' as const },
                shape: {
                  field: 'side',
                  type: 'nominal' as const,
                  title: null,
                  scale: { domain: ['BUY', 'SELL'], range: ['triangle-up', 'triangle-down'] },
                },
                color: {
                  field: 'side',
                  type: 'nominal' as const,
                  title: null,
                  scale: { domain: ['BUY', 'SELL'], range: [COLORS.gain, COLORS.loss] },
                },
              },
            },
          ]),
    ],
  };
}

export function positionSpec(rows: LinePoint[], fmt: string): TopLevelSpec {
  return {
    width: WIDTH,
    height: 160,
    config: CONFIG,
    title: 'Position (fraction of equity; + long, - short)',
    data: { values: rows },
    mark: {
      type: 'area',
      interpolate: 'step-after',
      color: COLORS.position,
      opacity: 0.45,
      line: { color: COLORS.position, strokeWidth: 0.8 },
    },
    encoding: {
      x: timeX(fmt),
      y: { field: 'v', type: 'quantitative', title: 'position', scale: { domain: [-1, 1], nice: false } },
    },
  };
}

export function dailyHistogramSpec(rows: { day: string; r: number }[]): TopLevelSpec {
  return {
    width: WIDTH,
    height: HEIGHT,
    config: CONFIG,
    title: `Daily returns (${rows.length} UTC days)`,
    data: { values: rows },
    transform: [
      { bin: { maxbins: 40 }, field: 'r', as: ['r0', 'r1'] },
      { calculate: "datum.r0 < 0 ? 'down day' : 'up day'", as: 'sign' },
    ],
    mark: { type: 'bar', opacity: 0.85, binSpacing: 1 },
    encoding: {
      x: { field: 'r0', type: 'quantitative', bin: 'binned', title: 'daily return, %' },
      x2: { field: 'r1' },
      y: { aggregate: 'count', type: 'quantitative', title: 'days' },
      color: {
        field: 'sign',
        type: 'nominal',
        title: null,
        scale: { domain: ['down day', 'up day'], range: [COLORS.loss, COLORS.gain] },
      },
    },
  };
}

export function agentsSpec(rows: AgentRow[], quote: string): TopLevelSpec {
  const y = { field: 'agent', type: 'nominal' as const, title: null, sort: null };
  return {
    config: CONFIG,
    title: 'Agents: vote agreement with the ensemble and agreed-bar P&L attribution',
    data: { values: rows },
    hconcat: [
      {
        width: 380,
        height: 24 * Math.max(rows.length, 1),
        mark: { type: 'bar', color: COLORS.strategy },
        encoding: {
          y,
          x: {
            field: 'agreementPct',
            type: 'quantitative',
            title: 'agrees with ensemble, %',
            scale: { domain: [0, 100] },
          },
        },
      },
      {
        width: 380,
        height: 24 * Math.max(rows.length, 1),
        mark: { type: 'bar' },
        encoding: {
          y,
          x: { field: 'pnl', type: 'quantitative', title: `agreed-bar P&L, ${quote}` },
          color: {
            condition: { test: 'datum.pnl < 0', value: COLORS.loss },
            value: COLORS.gain,
          },
        },
      },
    ],
  };
}

export function outcomesSpec(rows: OutcomeRow[]): TopLevelSpec {
  return {
    width: 760,
    height: 22 * Math.max(rows.length, 1),
    config: CONFIG,
    title: 'Orders skipped or rejected, by reason',
    data: { values: rows },
    mark: { type: 'bar' },
    encoding: {
      y: { field: 'reason', type: 'nominal', title: null, sort: '-x' },
      x: { field: 'count', type: 'quantitative', title: 'intents' },
      color: {
        field: 'kind',
        type: 'nominal',
        title: null,
        scale: { domain: ['skipped', 'rejected'], range: [COLORS.hold, COLORS.loss] },
        legend: { orient: 'bottom', direction: 'horizontal' },
      },
    },
  };
}

export function timelineSpec(
  rows: TimelineRow[],
  title: string,
  fmt: string,
  span: readonly [number, number] | null,
): TopLevelSpec {
  const x = timeX(fmt);
  return {
    width: WIDTH,
    height: 120,
    config: CONFIG,
    title,
    data: { values: rows },
    mark: { type: 'tick', thickness: 2 },
    encoding: {
      x: span ? { ...x, scale: { ...x.scale, domain: [span[0], span[1]] } } : x,
      y: {
        field: 'kind',
        type: 'nominal',
        title: null,
        scale: { domain: ['reconnect', 'reject', 'unknown', 'trading'] },
      },
      color: {
        field: 'kind',
        type: 'nominal',
        legend: null,
        scale: {
          domain: ['reconnect', 'reject', 'unknown', 'trading'],
          range: ['#d68910', COLORS.loss, '#6c3483', COLORS.strategy],
        },
      },
    },
  };
}
