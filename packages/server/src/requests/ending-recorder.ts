/**
 * Records how requests ended — a run's one record, a submit's final state — and keeps trying
 * while the store is unreachable. Without the retries, a submit that ended during an outage would
 * show `running` for good (its owner, this process, is alive, so no restart recovery takes it
 * over), and a run would be missing from the history.
 *
 * Retries back off as store-retry-delay.ts says. On shutdown the pending
 * ones are dropped: restart recovery then fails such a submit as interrupted.
 */
import type { Logger } from 'pino';
import type { Request } from '../domain.js';
import { StoreUnavailableError } from '../errors.js';
import type { RequestUpdate, Store } from '../store/store.js';
import { FIRST_STORE_RETRY_MS, nextStoreRetryMs } from './store-retry-delay.js';


export class EndingRecorder {
  private readonly retries = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly store: Store,
    private readonly log: Logger,
  ) {}

  /** Resolves once the first attempt is over; while the store is away, retries in the background. */
  record(request: Request, ending: RequestUpdate): Promise<void> {
    return this.attempt(request, ending, FIRST_STORE_RETRY_MS);
  }

  stop(): void {
    for (const timer of this.retries.values()) clearTimeout(timer);
    this.retries.clear();
  }

  private async attempt(request: Request, ending: RequestUpdate, nextDelayMs: number): Promise<void> {
    try {
      // A run is recorded once, when it ends: one write instead of three on the hottest path.
      if (request.kind === 'run') await this.store.insertRequest({ ...request, ...ending });
      else await this.store.updateRequest(request.id, ending);
      this.retries.delete(request.id);
    } catch (error) {
      if (!(error instanceof StoreUnavailableError)) {
        this.retries.delete(request.id);
        this.log.error({ err: error, requestId: request.id }, 'could not record how a request ended');
        return;
      }
      this.log.warn({ requestId: request.id, state: ending.state, retryInMs: nextDelayMs, err: error }, 'the store is unreachable: will record how the request ended once it answers');
      const timer = setTimeout(() => void this.attempt(request, ending, nextStoreRetryMs(nextDelayMs)), nextDelayMs);
      timer.unref();
      this.retries.set(request.id, timer);
    }
  }
}
