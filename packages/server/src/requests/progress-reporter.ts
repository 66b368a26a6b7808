/**
 * Turns an executor's progress calls into registry updates, at most one per interval: an
 * executor may report on every row, and the registry must not be written that often.
 */
import type { Logger } from 'pino';
import type { Store } from '../store/store.js';

/** Fast enough for a status panel refreshing every few seconds, cheap for the store. */
const WRITE_INTERVAL_MS = 500;

export class ProgressReporter {
  private latest: { progress: number; message: string | null } | null = null;
  private lastWrite = 0;
  private timer: NodeJS.Timeout | null = null;
  private inFlight: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly store: Store,
    private readonly requestId: string,
    private readonly log: Logger,
  ) {}

  report = (percent: number, message?: string): void => {
    if (this.stopped) return;
    const progress = Number.isFinite(percent) ? Math.max(0, Math.min(100, Math.round(percent))) : 0;
    this.latest = { progress, message: message === undefined ? null : String(message).slice(0, 500) };
    const wait = this.lastWrite + WRITE_INTERVAL_MS - Date.now();
    if (wait <= 0) this.write();
    else this.timer ??= setTimeout(() => this.write(), wait);
  };

  /** Stops further writes and waits for one under way, so it cannot land after the final state. */
  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.latest = null;
    this.stopped = true;
    await this.inFlight;
  }

  private write(): void {
    this.timer = null;
    const latest = this.latest;
    if (!latest) return;
    this.lastWrite = Date.now();
    this.inFlight = this.store
      .updateRequest(this.requestId, { progress: latest.progress, progressMessage: latest.message })
      .catch((error: unknown) => this.log.warn({ err: error }, 'could not record progress'));
  }
}
