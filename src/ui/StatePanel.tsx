import type { ReactNode } from 'react';
import type { FeatureRow, Snapshot } from '../engine/core/snapshot.js';
import { centeredBar, fmtNum, fmtSigned, signColor } from './format.js';
import { Panel, innerWidth } from './Panel.js';
import { Table, remainingWidth } from './Table.js';
import type { Column } from './Table.js';

export type StateData = Pick<Snapshot, 'features' | 'model'>;

/** The 15-D observation: name, raw value, value after the policy's scaler, and a bar of the scaled value. */
export function StatePanel(props: {
  readonly data: StateData;
  readonly width: number;
  readonly bordered: boolean;
}): ReactNode {
  const { data, width, bordered } = props;
  const inner = innerWidth(width, bordered);
  const roomy = inner >= 48;
  const nameW = 16;
  const rawW = roomy ? 11 : 8;
  const scaledW = roomy ? 7 : 6;
  const barW = remainingWidth(inner, [nameW, rawW, scaledW]);
  const columns: Column<FeatureRow>[] = [
    { header: 'feature', width: nameW, cell: (f) => f.name },
    { header: 'raw', width: rawW, align: 'right', cell: (f) => fmtNum(f.raw, rawW) },
    { header: 'scaled', width: scaledW, align: 'right', cell: (f) => fmtSigned(f.scaled, 2) },
    {
      header: '-1 … +1',
      width: barW,
      cell: (f) => centeredBar(f.scaled, barW),
      color: (f) => signColor(f.scaled) ?? 'gray',
    },
  ];
  const note =
    data.model.status === 'loaded'
      ? `${data.features.length}-D`
      : `${data.features.length}-D, unscaled (no model)`;
  return (
    <Panel title="STATE" note={note} width={width} bordered={bordered}>
      {data.features.length === 0 ? (
        <Table
          columns={[{ width: inner, cell: (s: string) => s }]}
          rows={['warming up: no features yet']}
          rowKey={(s) => s}
        />
      ) : (
        <Table columns={columns} rows={data.features} rowKey={(f) => f.name} />
      )}
    </Panel>
  );
}
