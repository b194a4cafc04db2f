import type { ReactNode } from 'react';
import { Text } from 'ink';
import type { Snapshot } from '../engine/core/snapshot.js';
import type { AgentName, Vote } from '../engine/core/types.js';
import { AGENT_NAMES } from '../engine/core/types.js';
import { DASH, fit, fmtNum, fmtSigned, oneLine, signColor, truncate } from './format.js';
import { Panel, innerWidth } from './Panel.js';
import { Table, remainingWidth } from './Table.js';
import type { Column } from './Table.js';

export type VotesData = Pick<
  Snapshot,
  'votes' | 'ensembleTarget' | 'riskTarget' | 'riskNote' | 'position' | 'weights' | 'trading' | 'model'
>;

const LONG_NAMES: Record<AgentName, string> = {
  drl: 'DRL',
  rsi: 'RSI',
  macd: 'MACD',
  bollinger: 'Bollinger',
};
const SHORT_NAMES: Record<AgentName, string> = { drl: 'DRL', rsi: 'RSI', macd: 'MACD', bollinger: 'Boll' };

interface VoteRow {
  readonly agent: AgentName;
  readonly vote: Vote | null;
  readonly weight: number | undefined;
}

/** A missing vote still gets its row, so the four agents never shift position. */
function voteRows(data: VotesData): VoteRow[] {
  return AGENT_NAMES.map((agent) => ({
    agent,
    vote: data.votes.find((v) => v.agent === agent) ?? null,
    weight: data.weights[agent],
  }));
}

function missingReason(agent: AgentName, data: VotesData): string {
  if (agent === 'drl' && data.model.status !== 'loaded')
    return data.model.status === 'refused' ? 'model refused' : 'no model';
  return 'no vote yet';
}

export function VotesPanel(props: {
  readonly data: VotesData;
  readonly width: number;
  readonly bordered: boolean;
}): ReactNode {
  const { data, width, bordered } = props;
  const inner = innerWidth(width, bordered);
  const roomy = bordered;
  const names = roomy ? LONG_NAMES : SHORT_NAMES;
  const nameW = roomy ? 9 : 4;
  const fixed = roomy ? [nameW, 5, 4, 4] : [nameW, 5, 4];
  const reasonW = remainingWidth(inner, fixed);
  const columns: Column<VoteRow>[] = [
    { header: 'agent', width: nameW, cell: (r) => names[r.agent] },
    {
      header: 'tgt',
      width: 5,
      align: 'right',
      cell: (r) => (r.vote ? fmtSigned(r.vote.target) : DASH),
      color: (r) => signColor(r.vote?.target ?? 0),
    },
    {
      header: 'conf',
      width: 4,
      align: 'right',
      cell: (r) => (r.vote ? r.vote.confidence.toFixed(2).replace(/^0/, '') : DASH),
    },
    ...(roomy
      ? [
          {
            header: 'wt',
            width: 4,
            align: 'right' as const,
            cell: (r: VoteRow) => (r.weight === undefined ? DASH : r.weight.toFixed(2).replace(/^0/, '')),
          },
        ]
      : []),
    {
      header: 'reason',
      width: reasonW,
      cell: (r) => truncate(r.vote ? r.vote.reason : missingReason(r.agent, data), reasonW),
      dim: (r) => r.vote === null,
    },
  ];
  const pos = data.position;
  const labelW = roomy ? 10 : 4;
  const paused = roomy && data.trading !== 'TRADING';
  return (
    <Panel title="VOTES" width={width} bordered={bordered}>
      <Table columns={columns} rows={voteRows(data)} rowKey={(r) => r.agent} showHeader={roomy} />
      <Text wrap="truncate">
        {fit(roomy ? 'ensemble' : 'ens', labelW)}
        <Text color={signColor(data.ensembleTarget)}>{fmtSigned(data.ensembleTarget)}</Text>
        {' → risk '}
        <Text bold color={signColor(data.riskTarget)}>
          {fmtSigned(data.riskTarget)}
        </Text>
        {data.riskNote ? <Text color="yellow">{` ${oneLine(data.riskNote)}`}</Text> : null}
      </Text>
      <Text wrap="truncate">
        {fit(roomy ? 'position' : 'pos', labelW)}
        <Text bold color={pos.side === 'LONG' ? 'green' : pos.side === 'SHORT' ? 'red' : undefined}>
          {pos.side}
        </Text>
        {pos.side === 'FLAT'
          ? ''
          : ` ${fmtSigned(pos.fraction)} ${fmtNum(pos.quantity, 9, 4)}@${fmtNum(pos.avgPrice, 10, 2)} `}
        {pos.side === 'FLAT' ? null : (
          <Text color={signColor(pos.unrealizedPnl)}>
            {roomy ? 'uPnL ' : ''}
            {fmtSigned(pos.unrealizedPnl)}
          </Text>
        )}
        {paused ? <Text color="yellow">{` · ${data.trading.toLowerCase()}`}</Text> : null}
      </Text>
    </Panel>
  );
}
