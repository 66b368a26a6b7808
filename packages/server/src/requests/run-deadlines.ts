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
    if (!this.timer) this.wakeIn(this.timeoutMs);
  }

  /**
   * The timer stays set when the last run ends: a quick run is over within the same tick it
   * began, so clearing the timer on every empty list would make one per run again. It does not
   * keep the process alive (unref), and finding nothing due it simply stops.
   */
  delete(run: Run): void {
    this.deadlines.delete(run);
  }

  private wakeIn(delayMs: number): void {
    this.timer = setTimeout(this.expireDue, delayMs);
    this.timer.unref();
  }

  private readonly expireDue = (): void => {
    this.timer = null;
    const now = Date.now();
    for (const [run, deadline] of this.deadlines) {
      if (deadline > now) return this.wakeIn(deadline - now);
      this.deadlines.delete(run);
      this.expire(run);
    }
  };
}
