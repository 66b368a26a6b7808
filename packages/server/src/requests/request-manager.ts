/**
 * The request manager: what every protocol (the original's, simpod's, the native API) calls.
 * It takes requests already prepared (checked on their input, see request-preparation),
 * de-duplicates submits through store keys, coalesces identical runs, and answers
 * get/status/cancel.
 */
import type { Args, Caller, Request, RequestKind, Table, TableStream, TimeRange } from '../domain.js';
import { ConflictError, JobFailedError, NotFoundError, StoreUnavailableError } from '../errors.js';
import type { JobCatalog } from '../jobs/job-catalog.js';
import type { Job } from '../jobs/job.js';
import type { RequestQueue } from '../queue/request-queue.js';
import type { RequestFilter, Store } from '../store/store.js';
import { AbortReason } from './abort-reason.js';
import { assertCanExecute, assertCanRead, canRead } from './permissions.js';
import { prepareLookup, prepareRun, prepareSubmit, type PreparedLookup, type PreparedRun, type PreparedSubmit, type RequestLookup } from './request-preparation.js';
import { argsKey, canonicalJson, labelKey } from './request-keys.js';
import { normalizeSource } from './request-names.js';
import { timeOrderedId } from './time-ordered-id.js';
import type { RequestRunner } from './request-runner.js';
import { RunDeadlines } from './run-deadlines.js';
import { statusTable } from './status-table.js';
import { UnconfirmedSubmits } from './unconfirmed-submits.js';

export interface RequestManagerOptions {
  store: Store;
  queue: RequestQueue;
  jobs: JobCatalog;
  runner: RequestRunner;
  runTimeoutSec: number;
  /** This process's instance id: the owner of the requests it creates. */
  instanceId: string;
}

/** How many requests a listing returns at most. */
export const MAX_LISTED_REQUESTS = 500;

export class RequestManager {
  /** Runs under way by coalescing key → request id, so identical runs share one execution. */
  private readonly runsInFlight = new Map<string, string>();
  private readonly runDeadlines: RunDeadlines<Request>;
  private readonly unconfirmed: UnconfirmedSubmits;

  constructor(private readonly options: RequestManagerOptions) {
    this.runDeadlines = new RunDeadlines(options.runTimeoutSec * 1000, (request) => void this.stop(request, AbortReason.runTimeout(options.runTimeoutSec)));
    this.unconfirmed = new UnconfirmedSubmits(options.store, (request, reason) => void options.runner.finishUnstarted(request, 'failed', reason));
  }

  /** Shutdown: stops waiting for the store to fail unconfirmed submits. */
  shutdown(): void {
    this.unconfirmed.stop();
  }

  get jobs(): JobCatalog {
    return this.options.jobs;
  }

  prepareRun(caller: Caller, jobName: string, rawArgs: unknown, range: TimeRange | null): PreparedRun {
    return prepareRun(this.options.jobs, caller, jobName, rawArgs, range);
  }

  prepareSubmit(caller: Caller, jobName: string, rawArgs: unknown, options: { label?: unknown; source?: unknown; rerun?: boolean }): PreparedSubmit {
    return prepareSubmit(this.options.jobs, caller, jobName, rawArgs, options);
  }

  prepareLookup(caller: Caller, lookup: RequestLookup, purpose: 'read' | 'cancel'): PreparedLookup {
    return prepareLookup(this.options.jobs, caller, lookup, purpose);
  }

  /** Runs a job and waits for its table (the `run` request type). */
  async run({ caller, job, args, range }: PreparedRun): Promise<Table> {
    const coalescingKey = `${job.name}\u0000${canonicalJson(args)}\u0000${range ? `${range.from}-${range.to}` : ''}`;
    const joined = this.runsInFlight.get(coalescingKey);
    if (joined) return this.options.runner.runWaiters.wait(joined);

    const request = newRequest('run', job, args, caller.user, null, '*', this.options.instanceId);
    const { queue, runner } = this.options;
    queue.assertRoom();
    const table = runner.runWaiters.wait(request.id);
    this.runsInFlight.set(coalescingKey, request.id);
    this.runDeadlines.add(request);
    try {
      this.enqueue(request, false, range);
      return await table;
    } finally {
      this.runDeadlines.delete(request);
      this.runsInFlight.delete(coalescingKey);
    }
  }

  /** Starts a job in the background, or returns the request that already covers it. */
  async submit({ caller, job, args, label, source, rerun }: PreparedSubmit): Promise<{ request: Request; created: boolean }> {
    this.options.queue.assertRoom();
    const candidate = newRequest('submit', job, args, caller.user, label, source, this.options.instanceId);
    const key = label === null ? argsKey(job.name, args) : labelKey(source, caller.user, label);
    const argsJson = canonicalJson(args);
    let outcome: { request: Request; created: boolean };
    try {
      outcome = await this.options.store.insertUnlessKeyHeld(key, candidate, (existing) => {
        const usable = (existing.state === 'queued' && !this.unconfirmed.has(existing.id)) || existing.state === 'running' || existing.state === 'complete';
        if (!usable) return false;
        const sameWork = existing.job === job.name && canonicalJson(existing.args) === argsJson;
        if (label !== null && !sameWork && !rerun) {
          throw new ConflictError(
            `label "${label}" already names a ${existing.state} request of job "${existing.job}" with other arguments; choose another label, or set rerun: true to replace it`,
          );
        }
        return !rerun;
      });
    } catch (error) {
      if (error instanceof StoreUnavailableError) this.unconfirmed.add(candidate); // it may have landed all the same
      throw error;
    }
    if (outcome.created) this.enqueue(outcome.request);
    return outcome;
  }

  /** The request a lookup names; for a label, the caller must (still) be allowed to read its job. */
  async find({ caller, key, described, job }: PreparedLookup): Promise<Request> {
    const request = await this.options.store.findByKey(key);
    if (!request) throw new NotFoundError(`no request ${described} was submitted (or it was forgotten after expiring); submit it first`);
    if (!job) assertCanRead(this.options.jobs.get(request.job), caller.user);
    return request;
  }

  /** A request by id, for the native API. */
  async findById(caller: Caller, id: string): Promise<Request> {
    const request = this.options.runner.liveRun(id) ?? (await this.options.store.getRequest(id));
    const job = request && this.options.jobs.find(request.job);
    if (!request || (job && !canRead(job, caller.user)) || (request.label !== null && request.user !== caller.user)) {
      throw new NotFoundError(`no request with id "${id}" that user "${caller.user}" may read`);
    }
    return request;
  }

  /**
   * The `get` request type: the stored table when complete, the status table while it is
   * queued or running, and the job's error when it failed — never an empty answer.
   */
  async get(lookup: PreparedLookup): Promise<Table | TableStream> {
    const request = await this.find(lookup);
    if (request.state === 'queued' || request.state === 'running') return statusTable([request]);
    return this.result(request);
  }

  /** The stored result of a complete request, or an error saying why there is none. */
  result(request: Request): TableStream {
    if (request.state === 'complete' && request.resultTable && request.resultColumns) {
      return { columns: request.resultColumns, rows: this.options.store.readResult(request.resultTable, request.resultColumns) };
    }
    switch (request.state) {
      case 'queued':
      case 'running':
        throw new ConflictError(`request ${request.id} is ${request.state}; its result is not ready yet`);
      case 'expired':
        throw new NotFoundError(`the result of request ${request.id} (job "${request.job}") expired; submit it again`);
      case 'complete':
        throw new NotFoundError(`request ${request.id} was a run: runs answer their caller and keep no result`);
      default:
        throw new JobFailedError(`job "${request.job}" ${request.state}: ${request.error ?? 'no reason was recorded'}`);
    }
  }

  /** The caller's requests, newest first, filtered as given. */
  async list(caller: Caller, filter: Omit<RequestFilter, 'user' | 'limit'> & { limit?: number }): Promise<Request[]> {
    const limit = Math.min(filter.limit ?? 100, MAX_LISTED_REQUESTS);
    const requests = await this.options.store.listRequests({ ...filter, user: caller.user, limit });
    return requests.filter((request) => {
      const job = this.options.jobs.find(request.job);
      return !job || canRead(job, caller.user);
    });
  }

  /** Stops a queued or running request; a finished one is returned as it is. */
  async cancel(caller: Caller, request: Request): Promise<Request> {
    const job = this.options.jobs.get(request.job);
    assertCanExecute(job, caller.user, 'cancel');
    if (request.label !== null && request.user !== caller.user) {
      throw new NotFoundError(`no request with id "${request.id}" that user "${caller.user}" may cancel`);
    }
    if (request.state === 'queued' || request.state === 'running') await this.stop(request, AbortReason.cancel(caller.user));
    return (await this.options.store.getRequest(request.id)) ?? request;
  }

  async labels(caller: Caller, source: unknown): Promise<string[]> {
    return this.options.store.labels(caller.user, normalizeSource(source));
  }

  /** Puts a queued request on the queue; if the queue refuses, the request fails saying why. */
  enqueue(request: Request, evenIfFull = false, runRange: TimeRange | null = null): void {
    try {
      this.options.queue.enqueue({ requestId: request.id, job: request.job, kind: request.kind, request, runRange }, evenIfFull);
    } catch (error) {
      void this.options.runner.finishUnstarted(request, 'failed', (error as Error).message);
      throw error;
    }
  }

  private async stop(request: Request, reason: AbortReason): Promise<void> {
    const { queue, runner } = this.options;
    if (queue.remove(request.id)) {
      await runner.finishUnstarted(request, reason.kind === 'cancel' ? 'cancelled' : 'timed-out', reason.message(request.job), reason.toError(request.job));
    } else if (!(await runner.abort(request.id, reason))) {
      // Not in this process's hands (another machine, or already over): record the cancel only
      // if it is still active, so a finished request keeps its result.
      const current = await this.options.store.getRequest(request.id);
      if (current && (current.state === 'queued' || current.state === 'running')) {
        await runner.finishUnstarted(current, 'cancelled', reason.message(request.job));
      }
    }
  }
}

function newRequest(kind: RequestKind, job: Job, args: Args, user: string, label: string | null, source: string, owner: string): Request {
  return {
    id: timeOrderedId(),
    kind,
    job: job.name,
    args,
    label,
    source,
    user,
    state: 'queued',
    progress: null,
    progressMessage: null,
    error: null,
    rowCount: null,
    resultTable: null,
    resultColumns: null,
    submittedAt: Date.now(),
    startedAt: null,
    finishedAt: null,
    expiresAt: null,
    log: null,
    owner,
  };
}
