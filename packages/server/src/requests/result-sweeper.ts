/**
 * Expires results past their TTL (drops the table, marks the request expired, frees its key so
 * the same work can be submitted again) and forgets expired requests after `historyTTLMins`.
 * A failing sweep is logged and tried again at the next tick: it must never stop the server.
 */
import type { Logger } from 'pino';
import type { Store } from '../store/store.js';

export class ResultSweeper {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly store: Store,
    private readonly options: { intervalSec: number; historyTTLMins: number },
    private readonly log: Logger,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.sweep(), this.options.intervalSec * 1000);
    this.timer.unref();
  }

  /** One sweep; concurrent calls share the one under way. */
  sweep(now = Date.now()): Promise<void> {
    this.running ??= this.sweepOnce(now).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  private async sweepOnce(now: number): Promise<void> {
    try {
      const expired = await this.store.expireRequests(now);
      const forgotten = await this.store.purgeExpired(now - this.options.historyTTLMins * 60_000);
      if (expired + forgotten > 0) this.log.info({ expired, forgotten }, 'swept expired results');
    } catch (error) {
      this.log.error({ err: error }, 'sweeping expired results failed; will retry');
    }
  }
}
