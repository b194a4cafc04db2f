import type { ReactNode } from 'react';
import { Box, Text } from 'ink';
import type { PlayerView, Snapshot } from '../engine/core/snapshot.js';
import type { FeedStatus, TradingState } from '../engine/core/types.js';
import { assertNever } from '../engine/core/types.js';
import { fmtAge, fmtDateTime, oneLine } from './format.js';

export type HeaderData = Pick<
  Snapshot,
  | 'symbol'
  | 'interval'
  | 'mode'
  | 'market'
  | 'feed'
  | 'executor'
  | 'model'
  | 'trading'
  | 'now'
  | 'replaySpeed'
  | 'player'
>;

interface Badge {
  readonly text: string;
  readonly color: string;
  /** Inverse video for states the user must not miss. */
  readonly loud: boolean;
}

export function feedBadge(feed: HeaderData['feed'], now: number): Badge {
  const status: FeedStatus = feed.status;
  const age = feed.lastCandleTs === null ? null : fmtAge(now - feed.lastCandleTs);
  switch (status) {
    case 'connecting':
      return { text: ' CONNECTING… ', color: 'yellow', loud: true };
    case 'reconnecting':
      return { text: ' RECONNECTING… ', color: 'yellow', loud: true };
    case 'stale':
      return { text: ` STALE FEED${age ? `: no candle for ${age}` : ''} `, color: 'red', loud: true };
    case 'live':
      return { text: 'LIVE', color: 'green', loud: false };
    case 'replay':
      return { text: 'REPLAY FEED', color: 'cyan', loud: false };
    case 'ended':
      return { text: ' FEED ENDED ', color: 'blue', loud: true };
    default:
      return assertNever(status);
  }
}

export function tradingColor(state: TradingState): string {
  switch (state) {
    case 'TRADING':
      return 'green';
    case 'PAUSED':
      return 'yellow';
    case 'HALTED':
      return 'red';
    default:
      return assertNever(state);
  }
}

function modelText(model: HeaderData['model']): { text: string; color: string | undefined } {
  const hash = model.sha256 ? ` ${model.sha256.slice(0, 8)}` : '';
  if (model.status === 'loaded') return { text: `model ${oneLine(model.name)}${hash}`, color: undefined };
  if (model.status === 'no model') return { text: 'no model: rule agents only', color: 'yellow' };
  return { text: `model ${model.name} refused`, color: 'red' };
}

const PLAYER_BADGE: Readonly<Record<PlayerView['state'], Badge>> = {
  playing: { text: '▶ PLAYING', color: 'cyan', loud: false },
  paused: { text: ' ❚❚ PAUSED ', color: 'yellow', loud: true },
  ended: { text: ' ■ END ', color: 'blue', loud: true },
  diverged: { text: ' ✗ DIVERGED ', color: 'red', loud: true },
  error: { text: ' ✗ ERROR ', color: 'red', loud: true },
};

/** A journal playing: where the playback is, instead of the feed line (there is no feed). */
function PlayerLine({
  player,
  barTime,
}: {
  readonly player: PlayerView;
  readonly barTime: number | null;
}): ReactNode {
  const badge = PLAYER_BADGE[player.state];
  const bad = player.state === 'diverged' || player.state === 'error';
  return (
    <Text wrap="truncate">
      <Text bold={badge.loud} inverse={badge.loud} color={badge.color}>
        {badge.text}
      </Text>
      {` ${player.speed} · bar ${player.bar.toLocaleString('en-US')}/${player.total.toLocaleString('en-US')} · ${barTime === null ? 'no bar yet' : `${fmtDateTime(barTime)} UTC`} · `}
      <Text color={bad ? 'red' : player.state === 'ended' ? 'green' : undefined}>{oneLine(player.note)}</Text>
    </Text>
  );
}

/** Two lines: who/what (symbol, mode, model, trading state) and the feed's health (or the journal playback). */
export function Header({ data, width }: { readonly data: HeaderData; readonly width: number }): ReactNode {
  const badge = feedBadge(data.feed, data.now);
  const model = modelText(data.model);
  const speed = data.mode === 'REPLAY' && data.replaySpeed && !data.player ? ` ${data.replaySpeed}` : '';
  const mode = data.player ? `JOURNAL ${oneLine(data.player.file)} (recorded ${data.mode})` : data.mode;
  const lastCandle =
    data.feed.lastCandleTs === null
      ? 'no candle yet'
      : `last candle ${fmtDateTime(data.feed.lastCandleTs)} UTC, ${fmtAge(data.now - data.feed.lastCandleTs)} ago`;
  const executorBad = data.executor.state !== 'running' && data.executor.state !== 'ready';
  return (
    <Box flexDirection="column" width={width}>
      <Box>
        <Box flexGrow={1}>
          <Text wrap="truncate">
            <Text bold>{data.symbol}</Text> {data.interval}{' '}
            <Text bold color="magenta">
              {mode}
              {speed}
            </Text>{' '}
            {data.market} <Text color={model.color}>{model.text}</Text>
          </Text>
        </Box>
        <Box flexShrink={0}>
          <Text bold inverse color={tradingColor(data.trading)}>
            {` ${data.trading} `}
          </Text>
        </Box>
      </Box>
      {data.player ? (
        <PlayerLine
          player={data.player}
          barTime={data.feed.lastCandleTs === null ? null : data.feed.lastCandleTs - 60_000}
        />
      ) : (
        <Text wrap="truncate">
          <Text bold={badge.loud} inverse={badge.loud} color={badge.color}>
            {badge.text}
          </Text>
          {executorBad ? (
            <Text bold color="red">
              {` executor ${data.executor.state}${data.executor.detail ? `: ${oneLine(data.executor.detail)}` : ''} ·`}
            </Text>
          ) : null}
          {` ${lastCandle} · reconnects ${data.feed.reconnects}`}
          {data.feed.detail ? ` · ${oneLine(data.feed.detail)}` : ''}
        </Text>
      )}
    </Box>
  );
}
