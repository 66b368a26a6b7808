/**
 * Executes queued requests: the queue's worker. For each request it moves the state to running,
 * gives the executor an abort signal (cancel, `timeoutSec`, run timeout, shutdown), stores a
 * submit's result or hands a run's table to its waiters, and records how it ended.
 *
 * Submits are recorded when they are queued and updated as they move; runs live in memory while
 * they execute and are recorded once, when they end (their caller is waiting; a restart could
 * not resume them anyway).
 *
 * State machine of one execution:
 *   queued → failed                        (the store did not take the claim: an outage)
 *   queued → running → complete            (executor returned, result stored/delivered)
 *                    → failed               (executor threw, or the store refused the result)
 *                    → cancelled            (abort reason: cancel)
 *                    → timed-out            (abort reason: job timeout or run timeout)
 *                    → (left as running)    (abort reason: shutdown; restart recovery decides)
 */
import type { Logger } from 'pino';
import type { Request, Row, StoredColumn, TableStream, TimeRange } from '../domain.js';
import { coerceError, JobFailedError } from '../errors.js';
import type { JobCatalog } from '../jobs/job-catalog.js';
import type { Job } from '../jobs/job.js';
import type { ExecutionResult } from '../executors/executor.js';
import type { QueueEntry } from '../queue/request-queue.js';
import type { Store, RequestUpdate } from '../store/store.js';
import { AbortReason } from './abort-reason.js';
import { EndingRecorder } from './ending-recorder.js';
import { Execution } from './execution.js';
import { LiveExecutionContext } from './execution-context.js';
import { ExecutionScope } from './execution-scope.js';
import { ProgressReporter } from './progress-reporter.js';
import { RunWaiters } from './run-waiters.js';

async function closeRows(rows: TableStream['rows']): Promise<void> {
  const iterator = rows as Partial<AsyncIterator<unknown>>;
  await Promise.resolve(iterator.return?.()).catch(() => undefined);
}

export interface RequestRunnerOptions {
  store: Store;
  jobs: JobCatalog;
  log: Logger;
  /** Default result lifetime; a job's own `cacheTTLMins` wins. */
  cacheTTLMins: number;
}

export class RequestRunner {
  /** Executions under way in this process, for cancel and shutdown. */
  private readonly live = new Map<string, Execution>();
  /** Callers waiting for the table of a run. */
  readonly runWaiters = new RunWaiters();
  /** Runs executing here, which the registry has not seen yet. */
  private readonly liveRuns = new Map<string, Request>();
  private readonly endings: EndingRecorder;

  constructor(private readonly options: RequestRunnerOptions) {
    this.endings = new EndingRecorder(options.store, options.log);
  }

  /**
   * Aborts a running execution in this process and resolves once its end is recorded; false
   * when it is not running here.
   */
  async abort(requestId: string, reason: AbortReason): Promise<boolean> {
    const execution = this.live.get(requestId);
    if (!execution) return false;
    execution.abort(reason);
    await execution.settled;
    return true;
  }

  /**
   * Aborts everything under way, leaving it `running` in the registry for restart recovery, and
   * stops retrying ends the store has not taken yet (recovery fails those requests).
   */
  abortAll(): void {
    for (const execution of this.live.values()) execution.abort(AbortReason.shutdown());
    this.endings.stop();
  }

  execute = (entry: QueueEntry): Promise<void> => {
    const execution = new Execution();
    this.live.set(entry.requestId, execution);
    execution.settled = this.executeWith(entry.request, entry.runRange, execution).finally(() => this.live.delete(entry.requestId));
    return execution.settled;
  };

  private async executeWith(queued: Request, runRange: TimeRange | null, execution: Execution): Promise<void> {
    const job = this.options.jobs.find(queued.job);
    if (!job) return this.finish(queued, null, { state: 'failed', error: `job "${queued.job}" is no longer configured` });
    const startedAt = Date.now();
    const scope = new ExecutionScope(this.options.log, queued, job);
    if (queued.kind === 'submit' && !(await this.claim(queued, job, startedAt, scope))) return;
    const request: Request = { ...queued, state: 'running', startedAt };
    if (request.kind === 'run') this.liveRuns.set(request.id, request);
    const timeout = job.timeoutSec ? setTimeout(() => execution.abort(AbortReason.jobTimeout(job.timeoutSec!)), job.timeoutSec * 1000) : null;
    // A run's caller is waiting for its table, not its progress: only submits record progress.
    const progress = request.kind === 'submit' ? new ProgressReporter(this.options.store, request.id, scope.log) : null;
    const context = new LiveExecutionContext(request, job, runRange, execution, scope, progress?.report);
    try {
      execution.throwIfAborted();
      const completion = await new Promise<RequestUpdate>((resolve, reject) => {
        execution.stopWaiting = reject;
        this.produce(request, job, execution, context, scope).then(resolve, reject);
      });
      if (progress) await progress.stop(); // a run has none: no turn spent awaiting undefined
      await this.finish(request, job, completion, { keptLog: context.keptLog });
    } catch (thrown) {
      if (progress) await progress.stop();
      const reason = execution.abortedWith;
      if (reason) {
        if (reason.kind === 'shutdown') return this.runWaiters.reject(request.id, reason.toError(job.name));
        const state = reason.kind === 'cancel' ? 'cancelled' : 'timed-out';
        return this.finish(request, job, { state, error: reason.message(job.name) }, { waiterError: reason.toError(job.name), keptLog: context.keptLog });
      }
      const error = coerceError(thrown);
      scope.log.info({ err: error }, 'request failed');
      await this.finish(request, job, { state: 'failed', error: error.message }, { keptLog: context.keptLog });
    } finally {
      if (timeout) clearTimeout(timeout);
      this.liveRuns.delete(request.id);
    }
  }

  /**
   * Moves a queued submit to running; false when it must not run: cancelled while it waited, or
   * the store did not take the claim. Such a claim may still have been applied — the answer can
   * be lost rather than the UPDATE — so the request is not run or retried but ends failed,
   * recorded once the store answers, instead of staying queued or running for good.
   */
  private async claim(queued: Request, job: Job, startedAt: number, scope: ExecutionScope): Promise<boolean> {
    try {
      return await this.options.store.claimQueued(queued.id, startedAt, scope.resultTable);
    } catch (thrown) {
      const error = coerceError(thrown);
      scope.log.warn({ err: error }, 'could not start the request: the store did not take it');
      await this.finish(queued, job, { state: 'failed', error: `could not start: ${error.message}` });
      return false;
    }
  }

  /** A run under way in this process (runs are recorded only once they end). */
  liveRun(requestId: string): Request | undefined {
    return this.liveRuns.get(requestId);
  }

  /** Runs the executor and stores or delivers what it returns; resolves to the complete request's update. */
  private async produce(request: Request, job: Job, execution: Execution, context: LiveExecutionContext, scope: ExecutionScope): Promise<RequestUpdate> {
    const { store } = this.options;
    let result: ExecutionResult | undefined;
    try {
      const produced = await job.executor.execute(context);
      result = produced;
      const stored =
        'writtenToResultTable' in produced
          ? await this.adoptWrittenTable(job, scope.resultTable)
          : request.kind === 'submit'
            ? await store.writeResult(scope.resultTable, produced.columns, produced.rows)
            : null;
      // Aborted while the rows were being written: the request ends cancelled or timed out, so
      // the table it was writing must not outlive it.
      execution.throwIfAborted();
      if (request.kind === 'submit') return { state: 'complete', progress: 100, resultTable: scope.resultTable, resultColumns: stored!.columns, rowCount: stored!.rowCount };

      // A run answers its caller and keeps nothing.
      const source = stored ? { columns: stored.columns, rows: store.readResult(scope.resultTable, stored.columns) } : (produced as TableStream);
      let rows: Row[];
      if (Array.isArray(source.rows)) rows = source.rows;
      else {
        rows = [];
        for await (const row of source.rows) rows.push(row);
      }
      if (stored) await store.dropResult(scope.resultTable);
      this.runWaiters.resolve(request.id, { columns: source.columns.map(({ name, type }) => ({ name, type })), rows });
      return { state: 'complete', progress: 100, rowCount: rows.length };
    } catch (error) {
      // Rows nobody will read any more must be told so: a program writing them would block.
      if (result && 'rows' in result) await closeRows(result.rows);
      if (scope.hasResultTable) await store.dropResult(scope.resultTable).catch(() => undefined);
      throw error;
    }
  }

  private async adoptWrittenTable(job: Job, resultTable: string): Promise<{ columns: StoredColumn[]; rowCount: number }> {
    const adopted = await this.options.store.adoptResult(resultTable);
    if (!adopted) throw new Error(`job "${job.name}" finished without writing its result table "${resultTable}"`);
    return adopted;
  }

  /** Records the end of a request that never started here (cancelled while queued, refused). */
  finishUnstarted(request: Request, state: 'cancelled' | 'timed-out' | 'failed', error: string, waiterError?: Error): Promise<void> {
    return this.finish(request, this.options.jobs.find(request.job) ?? null, { state, error }, { waiterError });
  }

  /**
   * `ending`: the caller's own new object, completed here with the end times rather than
   * copied (V8 spreads objects of so many shapes slowly: the copy was ~5% of a trivial run).
   * `keptLog`: what the execution asked to keep of its output; `waiterError`: what a run's
   * callers are told.
   */
  private async finish(request: Request, job: Job | null, ending: RequestUpdate, { waiterError, keptLog }: { waiterError?: Error; keptLog?: string } = {}): Promise<void> {
    const now = Date.now();
    const ttlMins = job?.cacheTTLMins ?? this.options.cacheTTLMins;
    ending.finishedAt = now;
    ending.expiresAt = now + ttlMins * 60_000;
    if (keptLog !== undefined) ending.log = keptLog;
    // The table named when the submit was claimed is dropped by now (or queued to be dropped
    // once the store answers): only a complete request keeps a result table.
    if (ending.state !== 'complete') ending.resultTable = null;
    const recorded = this.endings.record(request, ending);
    // A complete run's record is history: its caller has the table already, and its queue slot
    // goes to the next run without waiting for the write (the store writes what it accepted
    // before it closes). Other ends are awaited, so a cancel answers with the recorded state.
    if (request.kind !== 'run' || ending.state !== 'complete') await recorded;
    if (ending.state !== 'complete') {
      this.runWaiters.reject(request.id, waiterError ?? new JobFailedError(`job "${request.job}" failed: ${ending.error ?? 'no reason given'}`));
    }
  }
}
