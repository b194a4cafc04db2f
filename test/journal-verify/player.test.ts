import { describe, expect, it } from 'vitest';
import { JournalPlayer } from '../../src/engine/journalPlayer.js';
import type { PlayerView } from '../../src/engine/core/snapshot.js';
import { backtestJournal, flipLowestBit, plant, records, tempFolder } from './support.js';
import type { Rec } from './support.js';

const dir = tempFolder('player');
const { path } = await backtestJournal(dir, 'ensemble', { strategy: 'ensemble', model: null });
const decisions = records(path).filter((r) => r.type === 'decision');

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const view = (p: JournalPlayer): PlayerView => p.getSnapshot().player!;

/** Poll until the player shows what the test waits for (it plays on timers). */
async function until(p: JournalPlayer, ok: (v: PlayerView) => boolean, what: string): Promise<PlayerView> {
  for (let i = 0; i < 400; i++) {
    if (ok(view(p))) return view(p);
    await sleep(25);
  }
  throw new Error(`the player never showed ${what}: ${JSON.stringify(view(p))}`);
}

/** What the screen shows at the current bar must be what the journal recorded for that bar. */
function expectScreenAt(p: JournalPlayer, bar: number): void {
  const s = p.getSnapshot();
  const d: Rec = decisions[bar - 1]!;
  expect(s.player!.bar).toBe(bar);
  expect(s.feed.lastCandleTs, 'the last bar shown is the recorded one').toBe(d.bar.openTime + 60_000);
  expect(s.lastPrice).toBe(d.bar.close);
  expect(s.ensembleTarget, 'the ensemble target re-decided equals the recorded one').toBe(d.ensembleTarget);
  expect(s.riskTarget).toBe(d.risk.target);
}

describe('the journal player (--journal) on a real backtest journal (ETHUSDT 2024-03-29)', () => {
  it('returns the recorded bar after a start at --at, steps, jumps forward and back', async () => {
    const p = new JournalPlayer(path, { startAt: 99 });
    expect(p.total).toBe(1440);
    await p.start();
    try {
      expect(view(p).state, '--at opens paused').toBe('paused');
      expectScreenAt(p, 100);
      p.step();
      await until(p, (v) => v.bar === 101, 'bar 101');
      p.jump(600);
      await until(p, (v) => v.bar === 701, 'bar 701 after +600');
      p.jump(-650);
      await until(p, (v) => v.bar === 51, 'bar 51 after -650 (a rebuild from the start)');
      expect(view(p).state, 'a jump keeps the playback paused').toBe('paused');
      expectScreenAt(p, 51);
      p.jump(-10_000);
      await until(p, (v) => v.bar === 1, 'bar 1: a jump stops at the first bar');
      expectScreenAt(p, 1);
    } finally {
      p.stop();
    }
  });

  it('returns end of journal with the identical verdict after playing at max speed', async () => {
    const p = new JournalPlayer(path, { speed: 'max' });
    await p.start();
    const v = await until(p, (x) => x.state === 'ended', 'the end');
    expect(v.bar).toBe(1440);
    expect(v.note).toMatch(/^end of journal: identical, fingerprint [0-9a-f]{16}…$/);
    expectScreenAt(p, 1440);
    p.faster();
    expect(view(p).speed, 'max is the top of the ladder').toBe('max');
    p.slower();
    expect(view(p).speed).toBe('6000x');
    p.stop();
  });

  it('returns diverged, with the line and field, where one bit of a recorded price was changed', async () => {
    const planted = plant(
      path,
      `${dir}/planted.jsonl`,
      (r) => r.type === 'decision',
      300,
      (r) => {
        r.bar.close = flipLowestBit(r.bar.close as number);
      },
    );
    const p = new JournalPlayer(planted.path, { speed: 'max' });
    await p.start();
    const v = await until(p, (x) => x.state === 'diverged', 'the divergence');
    expect(v.note).toContain(`line ${planted.line}`);
    expect(v.bar, 'the playback stops at the bar that differs').toBeLessThanOrEqual(300);
    p.jump(-50);
    expect(view(p).state, 'a diverged playback does not move').toBe('diverged');
    p.stop();
  });

  it('returns toggle, step and seek from the console keys, and calls onQuit on quit', async () => {
    const p = new JournalPlayer(path, { startAt: 9 });
    await p.start();
    let quit = 0;
    p.onQuit(() => quit++);
    p.send({ type: 'play', action: 'step' });
    await until(p, (v) => v.bar === 11, 'bar 11');
    p.send({ type: 'seek', bars: 60 });
    await until(p, (v) => v.bar === 71, 'bar 71');
    p.send({ type: 'flatten' });
    p.send({ type: 'pause' });
    await until(p, (v) => v.state === 'playing', 'p plays a paused journal');
    p.send({ type: 'play', action: 'toggle' });
    await until(p, (v) => v.state === 'paused', 'paused again');
    p.send({ type: 'quit', keepPosition: true });
    expect(quit).toBe(1);
  });
});
