/**
 * Terminal size -> panel sizes. Pure, so the row budget can be checked without rendering.
 *
 * Both layouts stack: header, the two charts side by side, a middle row (15-D state on the left;
 * votes, sentiment and — in compact — events on the right), then the footer. Compact (80×24) has
 * no borders and small charts; roomy (≥120×40) draws borders and gives the spare rows to taller
 * charts and a full-width events list. The total never exceeds rows − 1, so the terminal does not
 * scroll and Ink can redraw in place.
 */

export const COMPACT = { columns: 80, rows: 24 } as const;
export const ROOMY = { columns: 120, rows: 40 } as const;

export interface Layout {
  readonly kind: 'compact' | 'roomy';
  readonly columns: number;
  readonly rows: number;
  readonly bordered: boolean;
  /** Width of each chart box (two side by side). */
  readonly chartWidth: number;
  /** asciichart height: the plot spans chartHeight + 1 text rows. */
  readonly chartHeight: number;
  readonly stateWidth: number;
  readonly rightWidth: number;
  /** Lines of events shown. */
  readonly eventRows: number;
  /** Events sit under votes/sentiment in the right column (compact) or span the width (roomy). */
  readonly eventsFullWidth: boolean;
  /** Extra lines the sentiment panel may use (per-model rows in roomy). */
  readonly sentimentRows: number;
}

const HEADER_ROWS = 2;
const FOOTER_ROWS = 1;
const STATE_ROWS = 16; // title + 15 features
const VOTES_ROWS = 7; // title + 4 agents + ensemble/risk + position
const SENTIMENT_ROWS = 4; // title + 3 lines
const GAP = 1;

export function computeLayout(columnsIn: number | undefined, rowsIn: number | undefined): Layout {
  const columns = Math.max(40, Math.floor(columnsIn ?? COMPACT.columns));
  const rows = Math.max(12, Math.floor(rowsIn ?? COMPACT.rows));
  const budget = rows - 1;
  if (columns >= ROOMY.columns && rows >= ROOMY.rows) return roomy(columns, rows, budget);
  return compact(columns, rows, budget);
}

function compact(columns: number, rows: number, budget: number): Layout {
  const stateWidth = Math.min(48, Math.max(34, Math.floor(columns / 2)));
  const rightWidth = columns - stateWidth - GAP;
  const middle = Math.max(STATE_ROWS, VOTES_ROWS + SENTIMENT_ROWS + 1 + 4);
  // Minimal chart: title + 3 plot rows (height 2).
  let spare = budget - (HEADER_ROWS + FOOTER_ROWS + middle + 1 + 3);
  const extraChart = Math.max(0, Math.min(4, Math.floor(spare / 2)));
  spare -= extraChart;
  const eventRows = middle - VOTES_ROWS - SENTIMENT_ROWS - 1 + Math.max(0, spare);
  return {
    kind: 'compact',
    columns,
    rows,
    bordered: false,
    chartWidth: Math.floor((columns - GAP) / 2),
    chartHeight: 2 + extraChart,
    stateWidth,
    rightWidth,
    eventRows: Math.max(1, eventRows),
    eventsFullWidth: false,
    sentimentRows: SENTIMENT_ROWS - 1,
  };
}

function roomy(columns: number, rows: number, budget: number): Layout {
  const border = 2;
  const stateWidth = 52;
  const rightWidth = columns - stateWidth - GAP;
  const middle = STATE_ROWS + border;
  const votes = VOTES_ROWS + 1 + border; // + a column header row
  const sentimentRows = Math.max(SENTIMENT_ROWS - 1, middle - votes - border - 1);
  // Header and footer are unbordered; charts and events are bordered and share what is left.
  const free = budget - (HEADER_ROWS + FOOTER_ROWS + middle) - (1 + border) - (1 + 1 + border);
  const chartHeight = Math.max(4, Math.min(12, Math.floor(free / 2)));
  const eventRows = Math.max(3, free - chartHeight);
  return {
    kind: 'roomy',
    columns,
    rows,
    bordered: true,
    chartWidth: Math.floor((columns - GAP) / 2),
    chartHeight,
    stateWidth,
    rightWidth,
    eventRows,
    eventsFullWidth: true,
    sentimentRows,
  };
}
