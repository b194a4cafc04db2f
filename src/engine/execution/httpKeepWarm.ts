/**
 * Keeps an order connection open between orders that may be minutes apart: `ping()` right away
 * (at start-up, so the first order does not pay the TCP/TLS handshake), then again whenever no
 * request used the connection for `everyMs`. `canPing` says no while the exchange asked us to
 * wait (429/418): a ban counts every request. Pings never keep the process alive.
 */
export class KeepWarm {
  private timer: ReturnType<typeof setInterval> | null = null;
  private used = false;

  constructor(
    private readonly ping: () => Promise<unknown>,
    private readonly canPing: () => boolean,
    private readonly everyMs: number,
  ) {}

  /** Pings now (awaited) and starts the idle pings; a failed ping only means the next order dials. */
  async start(): Promise<void> {
    await this.warm();
    if (this.everyMs <= 0 || this.timer !== null) return;
    this.timer = setInterval(() => {
      if (this.used) this.used = false;
      else void this.warm();
    }, this.everyMs);
    this.timer.unref();
  }

  /** A request went out on the connection: no ping needed this round. */
  touch(): void {
    this.used = true;
  }

  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }

  private async warm(): Promise<void> {
    if (this.canPing()) await this.ping();
  }
}
