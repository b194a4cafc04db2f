import type { ReactNode } from 'react';
import { Text } from 'ink';
import type { Snapshot, SentimentView } from '../engine/core/snapshot.js';
import { DASH, fmtAge, fmtSigned, oneLine, signColor } from './format.js';
import { Panel } from './Panel.js';

export type SentimentData = Pick<Snapshot, 'sentiment' | 'now'>;

const DAY_MS = 86_400_000;

/** How long ago the scored UTC day ended, or null when the day is unknown/unparseable. */
export function dayAge(day: string | null, now: number): number | null {
  if (!day) return null;
  const start = Date.parse(`${day}T00:00:00Z`);
  return Number.isFinite(start) ? now - (start + DAY_MS) : null;
}

function stateColor(state: SentimentView['state']): string {
  switch (state) {
    case 'running':
      return 'cyan';
    case 'degraded':
    case 'not configured':
      return 'yellow';
    case 'faulted':
      return 'red';
    default:
      return 'gray';
  }
}

function Score({ value }: { readonly value: number | null }): ReactNode {
  return (
    <Text color={value === null ? 'gray' : signColor(value)}>{value === null ? DASH : fmtSigned(value)}</Text>
  );
}

/** VADER and s1..s5 for the day in use (T+1), the combined score the feature uses, and the runner's progress. */
export function SentimentPanel(props: {
  readonly data: SentimentData;
  readonly width: number;
  readonly bordered: boolean;
  readonly rows: number;
}): ReactNode {
  const { data, width, bordered, rows } = props;
  const s = data.sentiment;
  const age = dayAge(s.day, data.now);
  // Yesterday's scores are at most one day past their end; anything older means a missed run.
  const old = age !== null && age > DAY_MS;
  const note =
    s.state === 'not configured' ? (
      <Text color="yellow">not configured</Text>
    ) : s.day ? (
      <Text color={old ? 'yellow' : undefined}>
        day {s.day}, {age === null ? '?' : fmtAge(age)} ago{old ? ' OLD' : ''}
      </Text>
    ) : (
      <Text dimColor>no day scored yet</Text>
    );
  const columns = [0, 1, 2, 3, 4].map((i) => s.s[i] ?? null);
  const lines: ReactNode[] = [
    <Text key="main" wrap="truncate">
      VADER <Score value={s.vader} /> · combined{' '}
      <Text bold color={signColor(s.combined)}>
        {fmtSigned(s.combined)}
      </Text>
    </Text>,
    rows >= 5 ? (
      <Text key="llm" wrap="truncate">
        {columns.map((v, i) => (
          <Text key={i}>
            {i > 0 ? '  ' : ''}s{i + 1} <Score value={v} />
          </Text>
        ))}
      </Text>
    ) : (
      <Text key="llm" wrap="truncate">
        s1..s5
        {columns.map((v, i) => (
          <Text key={i}>
            {' '}
            <Score value={v} />
          </Text>
        ))}
      </Text>
    ),
    <Text key="progress" wrap="truncate">
      <Text color={stateColor(s.state)}>[{s.state}]</Text>{' '}
      {oneLine(s.progress) || (s.state === 'not configured' ? 'no sources set' : '')}
    </Text>,
  ];
  if (rows >= 4) {
    lines.push(
      <Text key="t1" dimColor wrap="truncate">
        Scores of the previous UTC day (T+1); age counts from its end.
      </Text>,
    );
  }
  if (rows >= 5 && s.state === 'not configured') {
    lines.push(
      <Text key="hint" dimColor wrap="truncate">
        Configure subreddits/LLM models to score; `s` reruns yesterday.
      </Text>,
    );
  }
  return (
    <Panel title="SENTIMENT" note={note} width={width} bordered={bordered}>
      {lines.slice(0, rows)}
    </Panel>
  );
}
