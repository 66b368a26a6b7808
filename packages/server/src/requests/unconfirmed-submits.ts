/**
 * Submits the store failed to confirm. When the connection breaks as a submit commits, the
 * database may have kept it and lost only its answer: the caller is told the store is
 * unreachable, yet a queued request may be there that no queue holds. Left alone, it would stay
 * queued while this process lives, and hold its label or arguments, so the same submit sent
 * again would be handed that stuck request.
 *
 * So such a request is never handed to the same submit sent again (it takes the key over), and
 * each one is failed once the store answers again. One probe per interval covers them all,
 * however many submits an outage refuses; a submit that never landed makes that update a no-op.
 * On shutdown the pending ones are dropped: restart recovery then queues any that landed.
 */
import type { Request } from '../domain.js';
import type { Store } from '../store/store.js';
import { FIRST_STORE_RETRY_MS, nextStoreRetryMs } from './store-retry-delay.js';

/** Why a submit that landed while its caller was told the store was unreachable never runs. */
const NOT_STARTED = 'not started: the result store became unreachable as it was submitted, and its submitter was told so; submit it again';

export class UnconfirmedSubmits {
  private readonly pending = new Map<string, Request>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly store: Store,
    /** Records the request as failed (retrying by itself should the store go away again). */
    private readonly fail: (request: Request, reason: string) => void,
  ) {}

  add(request: Request): void {
    this.pending.set(request.id, request);
    if (!this.timer) this.probeIn(FIRST_STORE_RETRY_MS);
  }

  /** True for a submit refused as unreachable that has not been failed yet: never to be reused. */
  has(requestId: string): boolean {
    return this.pending.has(requestId);
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.pending.clear();
  }

  private probeIn(delayMs: number): void {
    this.timer = setTimeout(() => void this.probe(delayMs), delayMs);
    this.timer.unref();
  }

  private async probe(delayMs: number): Promise<void> {
    if (!(await this.store.ping())) {
      if (this.timer) this.probeIn(nextStoreRetryMs(delayMs)); // not stopped meanwhile
      return;
    }
    this.timer = null;
    for (const request of this.pending.values()) this.fail(request, NOT_STARTED);
    this.pending.clear();
  }
}
