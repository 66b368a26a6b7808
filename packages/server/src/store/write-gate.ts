/**
 * Bounds how many result writes hold a pooled connection at once. A write on a server store is
 * one transaction on one connection for as long as its executor produces rows — minutes,
 * possibly — so without a bound, a few big jobs would take every connection of the pool and
 * leave none for the short registry statements (claims, progress, status, health), which would
 * then wait for the jobs to finish. Writes beyond the bound wait here, and their executor with
 * them (its rows are not read meanwhile).
 */
export class WriteGate {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly limit: number) {}

  /** The bound for a pool: leave two connections to the registry when the pool allows it. */
  static forPool(poolSize: number): WriteGate {
    return new WriteGate(Math.max(1, poolSize - 2));
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running++;
    try {
      return await work();
    } finally {
      // Hand the slot straight to the next waiter, so a newcomer cannot take it in between.
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}
