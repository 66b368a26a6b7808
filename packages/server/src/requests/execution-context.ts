/**
 * What the runner hands an executor (the {@link ExecutionContext} of executor.ts) for one
 * execution. A class rather than an object literal with getters: it is made for every run, and
 * a literal's getters and callbacks are new closures each time.
 */
import type { Logger } from 'pino';
import type { Args, Request, TimeRange } from '../domain.js';
import type { ExecutionContext } from '../executors/executor.js';
import type { Job } from '../jobs/job.js';
import type { Execution } from './execution.js';
import type { ExecutionScope } from './execution-scope.js';

const ignoreProgress = (): void => undefined;

export class LiveExecutionContext implements ExecutionContext {
  readonly request: ExecutionContext['request'];
  readonly args: Readonly<Args>;
  readonly progress: ExecutionContext['progress'];
  /** What the executor asked to keep of its output, if anything. */
  keptLog: string | undefined;

  constructor(
    request: Request,
    job: Job,
    readonly timeRange: TimeRange | null,
    private readonly execution: Execution,
    private readonly scope: ExecutionScope,
    progress: ExecutionContext['progress'] | undefined,
  ) {
    this.request = { id: request.id, job: job.name, user: request.user, label: request.label, source: request.source };
    this.args = hasAny(job.fixedArgs) ? { ...request.args, ...job.fixedArgs } : request.args;
    this.progress = progress ?? ignoreProgress;
  }

  get signal(): AbortSignal {
    return this.execution.signal;
  }

  get log(): Logger {
    return this.scope.log;
  }

  get resultTable(): string {
    return this.scope.resultTable;
  }

  keepLog(text: string): void {
    this.keptLog = text;
  }
}

function hasAny(args: Args): boolean {
  for (const _name in args) return true;
  return false;
}
