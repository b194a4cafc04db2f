import { basename } from 'node:path';
import type { EngineHandle } from './core/engineHandle.js';
import type { EngineCommand } from './core/events.js';
import type { PlayerView, Snapshot } from './core/snapshot.js';
import type { TradingEngine } from './engine.js';
import { countDecisions } from './verify/findBar.js';
import { showValue } from './verify/recordDiff.js';
import { isoTime } from './verify/text.js';
import type { VerifyOutcome } from './verify/verifyTypes.js';
import { verifySteps } from './verify/verifyJournal.js';
import type { VerifyStep } from './verify/verifyJournal.js';

/** Playback speeds, as multiples of real time (600 = ten 1-minute bars a second); `+`/`-` walk this ladder. */
export const PLAYER_SPEEDS: readonly (number | 'max')[] = [1, 10, 60, 600, 6000, 'max'];

export interface PlayerOptions {
  /** Policy package to re-decide with instead of the recorded directory (same sha256 only). */
  readonly modelDir?: string | null;
  /** Start playing at this speed (default 600x). */
  readonly speed?: number | 'max';
  /** Open paused at this decision (0-based), reached at full speed. */
  readonly startAt?: number;
  readonly wallNow?: () => number;
}

type Steps = AsyncGenerator<VerifyStep, VerifyOutcome, undefined>;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const speedLabel = (s: number | 'max'): string => (s === 'max' ? 'max' : `${s}x`);

/** One line for the header about how the re-run compares with the recording. */
function outcomeNote(o: VerifyOutcome): string {
  switch (o.status) {
    case 'identical':
      return `end of journal: identical, fingerprint ${o.segments.at(-1)?.fingerprint.slice(0, 16) ?? '-'}…`;
    case 'partial':
      return `end of what can be replayed: ${o.reason}`;
    case 'diverged':
      return `DIVERGED at ${o.bar === null ? 'the start' : isoTime(o.bar)} line ${o.line}: ${o.field} recorded ${showValue(o.recorded)}, recomputed ${showValue(o.recomputed)}`;
  }
}

/**
 * Plays a recorded session on the console: every bar is re-decided by a fresh engine built from
 * the journal's header (verify's re-run, so the screen shows the real panels, and any difference
 * from the recording stops the playback and is shown). Pause, step, jump and speed are the
 * player's; jumping back rebuilds the engine and re-runs to the target at full speed, since an
 * engine cannot run backwards. Looks like an engine to the UI: the snapshot carries `player`.
 */
export class JournalPlayer implements EngineHandle {
  readonly file: string;
  readonly total: number;
  private steps: Steps | null = null;
  private engine: TradingEngine | null = null;
  private unsubscribeEngine: (() => void) | null = null;
  private readonly listeners = new Set<() => void>();
  private readonly quitHandlers = new Set<() => void>();
  private state: PlayerView['state'] = 'paused';
  private speed: number | 'max';
  private bar = 0;
  private target: number | null = null;
  private note = 'identical to the recording so far';
  private wake: (() => void) | null = null;
  private stopped = false;
  private cache: { base: Snapshot; seq: number; snapshot: Snapshot } | null = null;
  private seq = 0;

  constructor(
    private readonly path: string,
    private readonly opts: PlayerOptions = {},
  ) {
    this.file = basename(path);
    this.total = countDecisions(path);
    this.speed = opts.speed ?? 600;
  }

  /**
   * Open the journal and run to the start bar; then play (or stay paused with `startAt`). Throws
   * a one-line Error when the journal cannot be replayed at all (no header, wrong model).
   */
  async start(): Promise<void> {
    await this.open();
    if (this.opts.startAt !== undefined && this.opts.startAt > 0) {
      await this.seek(this.opts.startAt + 1);
      if (this.state === 'paused') this.changed();
    } else {
      if (this.state === 'paused') this.state = 'playing';
      this.changed();
    }
    void this.loop();
  }

  /** The engine re-deciding the bars now (for the session report's figures). */
  get current(): TradingEngine | null {
    return this.engine;
  }

  toggle(): void {
    if (this.state === 'playing') this.pause();
    else if (this.state === 'paused') this.state = 'playing';
    this.changed();
    this.wake?.();
  }

  /** One bar forward, then hold. */
  step(): void {
    if (this.state === 'playing') this.pause();
    this.jumpTo(this.bar + 1);
  }

  /** Move by `bars` decisions (negative: back), held at the same play/pause state. */
  jump(bars: number): void {
    this.jumpTo((this.target ?? this.bar) + bars);
  }

  faster(): void {
    const cur = this.speed;
    this.speed = cur === 'max' ? 'max' : (PLAYER_SPEEDS.find((x) => x === 'max' || x > cur) ?? 'max');
    this.changed();
    this.wake?.();
  }

  slower(): void {
    const cur = this.speed;
    const below = PLAYER_SPEEDS.filter((x): x is number => x !== 'max' && (cur === 'max' || x < cur));
    this.speed = below.at(-1) ?? PLAYER_SPEEDS[0]!;
    this.changed();
    this.wake?.();
  }

  onQuit(handler: () => void): void {
    this.quitHandlers.add(handler);
  }

  stop(): void {
    this.stopped = true;
    this.unsubscribeEngine?.();
    this.wake?.();
    void this.steps?.return(this.finalOutcome());
  }

  // ---- EngineHandle ---------------------------------------------------------------------------

  getSnapshot(): Snapshot {
    const base = this.engine?.getSnapshot();
    if (!base) throw new Error('the journal player has not started');
    const hit = this.cache;
    if (hit && hit.base === base && hit.seq === this.seq) return hit.snapshot;
    const player: PlayerView = {
      file: this.file,
      state: this.state,
      bar: this.bar,
      total: this.total,
      speed: speedLabel(this.speed),
      note: this.note,
    };
    const snapshot: Snapshot = Object.freeze({ ...base, player });
    this.cache = { base, seq: this.seq, snapshot };
    return snapshot;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The console's keys: `p` plays/pauses, quit ends; trading commands mean nothing in a recording. */
  send(command: EngineCommand): void {
    switch (command.type) {
      case 'pause':
      case 'resume':
        return this.toggle();
      case 'quit':
        this.stop();
        for (const h of this.quitHandlers) h();
        return;
      case 'play':
        if (command.action === 'toggle') return this.toggle();
        if (command.action === 'step') return this.step();
        return command.action === 'faster' ? this.faster() : this.slower();
      case 'seek':
        return this.jump(command.bars);
      case 'flatten':
      case 'rerunSentiment':
        return;
    }
  }

  // ---- playback -------------------------------------------------------------------------------

  private jumpTo(bar: number): void {
    if (this.state === 'diverged' || this.state === 'error') return;
    this.target = Math.max(1, Math.min(this.total, bar));
    if (this.state === 'ended' && this.target < this.bar) this.state = 'paused';
    this.wake?.();
  }

  /** Hold: the engine publishes at frame rate, so show the exact bar the playback stopped on. */
  private pause(): void {
    this.state = 'paused';
    this.engine?.flushSnapshot();
  }

  private changed(): void {
    this.seq++;
    for (const l of [...this.listeners]) l();
  }

  private finalOutcome(): VerifyOutcome {
    return { status: 'identical', segments: [], notes: [] };
  }

  /** A fresh re-run from the journal's first record. */
  private async open(): Promise<void> {
    void this.steps?.return(this.finalOutcome());
    this.steps = verifySteps(this.path, { modelDir: this.opts.modelDir ?? null, screen: true });
    this.bar = 0;
    await this.advance();
  }

  /** Re-decide one bar; false at the end of the journal (or a divergence, shown in the note). */
  private async advance(): Promise<boolean> {
    const steps = this.steps;
    if (!steps) return false;
    let r: IteratorResult<VerifyStep, VerifyOutcome>;
    try {
      r = await steps.next();
    } catch (e) {
      this.state = 'error';
      this.note = e instanceof Error ? e.message : String(e);
      this.changed();
      throw e;
    }
    if (r.done) {
      this.note = outcomeNote(r.value);
      this.state = r.value.status === 'diverged' ? 'diverged' : 'ended';
      this.engine?.flushSnapshot();
      this.changed();
      return false;
    }
    if (r.value.engine !== this.engine) this.attach(r.value.engine);
    this.bar = r.value.decisions;
    return true;
  }

  private attach(engine: TradingEngine): void {
    this.unsubscribeEngine?.();
    this.engine = engine;
    this.unsubscribeEngine = engine.subscribe(() => this.changed());
  }

  /** Run at full speed to decision `target` (rebuilding from the start to go back). */
  private async seek(target: number): Promise<void> {
    const wasPlaying = this.state === 'playing';
    if (target < this.bar) {
      await this.open();
      if (this.state === 'ended') this.state = 'paused';
    }
    let n = 0;
    while (this.bar < target && !this.stopped && (await this.advance())) {
      // Let keys and the screen breathe during a long seek.
      if (++n % 2048 === 0) await new Promise<void>((r) => setImmediate(r));
    }
    if (this.state !== 'ended' && this.state !== 'diverged' && this.state !== 'error')
      this.state = wasPlaying ? 'playing' : 'paused';
    this.engine?.flushSnapshot();
    this.changed();
  }

  private async loop(): Promise<void> {
    try {
      await this.play();
    } catch {
      // advance() has put the one-line reason in the note; the screen shows it and stays up.
    }
  }

  private async play(): Promise<void> {
    const wallNow = this.opts.wallNow ?? (() => performance.now());
    let due = wallNow();
    let n = 0;
    while (!this.stopped) {
      if (this.target !== null) {
        const t = this.target;
        this.target = null;
        await this.seek(t);
        due = wallNow();
        continue;
      }
      if (this.state !== 'playing') {
        await new Promise<void>((r) => (this.wake = r));
        this.wake = null;
        due = wallNow();
        continue;
      }
      if (!(await this.advance())) continue;
      const speed = this.speed;
      if (speed === 'max') {
        if (++n % 512 === 0) await new Promise<void>((r) => setImmediate(r));
        continue;
      }
      due += 60_000 / speed;
      const wait = due - wallNow();
      if (wait > 1) await this.sleepOrWake(wait);
      else if (++n % 256 === 0) await new Promise<void>((r) => setImmediate(r));
    }
  }

  /** Sleep until the next bar is due, but wake at once for a key (a jump or a pause). */
  private async sleepOrWake(ms: number): Promise<void> {
    await Promise.race([sleep(ms), new Promise<void>((r) => (this.wake = r))]);
    this.wake = null;
  }
}
