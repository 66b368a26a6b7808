/**
 * One execution under way in this process: what cancel, timeouts and shutdown abort.
 *
 * Its AbortSignal is made only when the executor asks for it (or when the execution is aborted):
 * making one costs more than a trivial job's whole run, and most runs end without anyone
 * looking at it. The runner waits on {@link Execution.abortedWith} and {@link stopWaiting}
 * instead of listening to the signal.
 */
import { AbortReason } from './abort-reason.js';

const ignoreAbort = (): void => undefined;

export class Execution {
  /** Why it was aborted, once it was. */
  abortedWith: AbortReason | null = null;
  /** Stops the runner's wait for the executor, which is told through the signal and may take its time. */
  stopWaiting: (reason: AbortReason) => void = ignoreAbort;
  /** Resolves once the execution is over and its end recorded (a run's: handed to the recorder). */
  settled: Promise<void> = Promise.resolve();
  private controller: AbortController | null = null;

  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.abortedWith) this.controller.abort(this.abortedWith);
    }
    return this.controller.signal;
  }

  /** The first reason wins: a cancel after a timeout does not make it a cancel. */
  abort(reason: AbortReason): void {
    if (this.abortedWith) return;
    this.abortedWith = reason;
    this.controller?.abort(reason);
    this.stopWaiting(reason);
  }

  /** Throws the abort reason if the execution was aborted. */
  throwIfAborted(): void {
    if (this.abortedWith) throw this.abortedWith;
  }
}
