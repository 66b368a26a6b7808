/**
 * The per-execution things most runs never use, made on first use: a child logger, and a result
 * table name (only submits and executors that write their own table need one). Making both for
 * every run was a measurable share of a run's cost.
 */
import type { Logger } from 'pino';
import type { Request } from '../domain.js';
import type { Job } from '../jobs/job.js';
import { resultTableName } from '../store/result-table-name.js';

export class ExecutionScope {
  private childLog: Logger | undefined;
  private tableName: string | undefined;

  constructor(
    private readonly parentLog: Logger,
    private readonly request: Request,
    private readonly job: Job,
  ) {}

  get log(): Logger {
    return (this.childLog ??= this.parentLog.child({ requestId: this.request.id, job: this.job.name }));
  }

  get resultTable(): string {
    return (this.tableName ??= resultTableName(this.job.name));
  }

  /** Whether a table name was handed out, so a failure knows whether there may be a table to drop. */
  get hasResultTable(): boolean {
    return this.tableName !== undefined;
  }
}
