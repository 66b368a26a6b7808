/**
 * The run timeout (`runTimeoutSec`) of every run under way, kept by one timer. Every run has the
 * same timeout, so runs in the order they started are also in the order they must end: the timer
 * waits only for the oldest. (A timer per run, made and cleared for each, was a measurable share
 * of a trivial run's cost.)
 */
export class RunDeadlines<Run> {
  /** Runs under way → their deadline (epoch ms), oldest first: a Map keeps insertion order. */
  private readonly deadlines = new Map<Run, number>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly timeoutMs: number,
    private readonly expire: (run: Run) => void,
  ) {}

  add(run: Run): void {
    this.deadlines.set(run, Date.now() + this.timeoutMs);
    this.timer ??= setTimeout(this.expireDue, this.timeoutMs);
  }

  delete(run: Run): void {
    this.deadlines.delete(run);
    // Nothing left to time: the timer must not hold the process, nor fire for nothing.
    if (this.deadlines.size === 0 && this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
  }

  private readonly expireDue = (): void => {
    this.timer = null;
    const now = Date.now();
    for (const [run, deadline] of this.deadlines) {
      if (deadline > now) {
        this.timer ??= setTimeout(this.expireDue, deadline - now);
        return;
      }
      this.deadlines.delete(run);
      this.expire(run);
    }
  };
}
