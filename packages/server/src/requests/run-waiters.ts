/**
 * Callers waiting for the table of a run. Several callers can wait on one run: that is how
 * twenty panels refreshing the same query share one execution.
 */
import type { Table } from '../domain.js';

interface Waiting {
  promise: Promise<Table>;
  resolve(table: Table): void;
  reject(error: Error): void;
}

export class RunWaiters {
  private readonly waiting = new Map<string, Waiting>();

  /** The table of run `requestId` once it completes; register before the run can start. */
  wait(requestId: string): Promise<Table> {
    let entry = this.waiting.get(requestId);
    if (!entry) {
      let resolve!: (table: Table) => void;
      let reject!: (error: Error) => void;
      const promise = new Promise<Table>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      // A run nobody waits for any more (timed out) must not surface as an unhandled rejection.
      promise.catch(() => undefined);
      entry = { promise, resolve, reject };
      this.waiting.set(requestId, entry);
    }
    return entry.promise;
  }

  resolve(requestId: string, table: Table): void {
    this.waiting.get(requestId)?.resolve(table);
    this.waiting.delete(requestId);
  }

  reject(requestId: string, error: Error): void {
    this.waiting.get(requestId)?.reject(error);
    this.waiting.delete(requestId);
  }
}
