/**
 * The time limit of one HTTP exchange (`requestTimeoutSec`): connecting, redirects, the answer's
 * headers and its whole body. Its signal aborts the exchange when the limit passes or when the
 * execution itself is aborted (cancel, the job's `timeoutSec`, shutdown), and it turns what the
 * abort throws into a message that says which of those happened.
 *
 * A CSV answer is still being read after `execute` has returned, so the deadline lives until
 * the body is read to its end or the exchange fails, whoever comes first calls `clear`.
 */
export class RequestDeadline {
  private readonly controller = new AbortController();
  private readonly timer: NodeJS.Timeout;
  private expired = false;
  private readonly forwardAbort = () => this.controller.abort(this.execution.reason);

  constructor(
    private readonly timeoutSec: number,
    private readonly execution: AbortSignal,
  ) {
    this.timer = setTimeout(() => {
      this.expired = true;
      this.controller.abort(new Error('requestTimeoutSec passed'));
    }, timeoutSec * 1000);
    if (execution.aborted) this.forwardAbort();
    else execution.addEventListener('abort', this.forwardAbort, { once: true });
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** The exchange is over (read or failed): stop the timer. */
  clear(): void {
    clearTimeout(this.timer);
    this.execution.removeEventListener('abort', this.forwardAbort);
  }

  /**
   * What to report for an error thrown during the exchange: the execution's own abort reason
   * (the runner knows what to record for it), the deadline's message, or the error itself.
   */
  explain(error: unknown, target: string): unknown {
    if (this.execution.aborted) return this.execution.reason;
    if (this.expired) {
      return new Error(`no complete answer from ${target} within requestTimeoutSec=${this.timeoutSec} s; raise requestTimeoutSec if the API is that slow`);
    }
    return error;
  }
}
