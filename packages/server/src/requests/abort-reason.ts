/**
 * Why an execution was aborted. The reason travels as the AbortSignal's reason, so the runner
 * knows which final state to record and what to tell the caller.
 */
import { JobFailedError, RunTimeoutError, type SchedulerError } from '../errors.js';

export type AbortKind = 'cancel' | 'job-timeout' | 'run-timeout' | 'shutdown';

export class AbortReason {
  private constructor(
    readonly kind: AbortKind,
    private readonly detail: string,
  ) {}

  static cancel(user: string): AbortReason {
    return new AbortReason('cancel', `cancelled by user "${user}"`);
  }

  static jobTimeout(timeoutSec: number): AbortReason {
    return new AbortReason('job-timeout', `stopped after its timeoutSec of ${timeoutSec} s; raise the job's timeoutSec if it needs longer`);
  }

  static runTimeout(runTimeoutSec: number): AbortReason {
    return new AbortReason(
      'run-timeout',
      `did not finish within runTimeoutSec=${runTimeoutSec} s, before Grafana's data proxy would give up; submit it instead (type "submit", then "get"), or raise runTimeoutSec together with Grafana's dataproxy.timeout`,
    );
  }

  static shutdown(): AbortReason {
    return new AbortReason('shutdown', 'interrupted because the server is shutting down');
  }

  message(job: string): string {
    return `job "${job}" ${this.detail}`;
  }

  toError(job: string): SchedulerError {
    return this.kind === 'run-timeout' ? new RunTimeoutError(this.message(job)) : new JobFailedError(this.message(job));
  }
}
