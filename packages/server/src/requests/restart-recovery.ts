/**
 * Takes over the unfinished requests of Scheduler processes that are gone (see
 * instance-lease.ts), so nothing is lost silently: at start — which covers this process's own
 * previous run — and after every heartbeat, which covers a peer on the same database that
 * crashed. Requests a live process holds are never touched.
 *
 * What happens to a request taken over: a queued submit keeps its place in the queue (here); a
 * submit that was running is failed with "interrupted by restart", or queued again when its job
 * says a retry is safe (`retryOnRestart`). Runs are recorded only once they end, so none is ever
 * left unfinished. Taking over is atomic per request, so two processes noticing the same gone
 * peer never both take a request.
 */
import type { Logger } from 'pino';
import type { JobCatalog } from '../jobs/job-catalog.js';
import type { Store } from '../store/store.js';
import type { InstanceLease } from './instance-lease.js';
import type { RequestManager } from './request-manager.js';
import type { RequestRunner } from './request-runner.js';

export interface RecoveryReport {
  requeued: number;
  failed: number;
}

export interface RecoveryParts {
  store: Store;
  lease: InstanceLease;
  jobs: JobCatalog;
  manager: RequestManager;
  runner: RequestRunner;
  log: Logger;
}

export async function recoverOrphanedRequests({ store, lease, jobs, manager, runner, log }: RecoveryParts): Promise<RecoveryReport> {
  const report: RecoveryReport = { requeued: 0, failed: 0 };
  const owners = await lease.owners();
  for (const request of await store.unfinishedRequestsNotOwnedBy(owners.live)) {
    const job = jobs.find(request.job);
    let failure: string | null = null;
    if (!job) failure = `job "${request.job}" is no longer configured`;
    else if (request.state === 'running' && !job.retryOnRestart) {
      failure = "interrupted by restart: the Scheduler process running it stopped (set the job's retryOnRestart: true to queue such requests again)";
    }
    // Taken and queued again in one statement: an outage between the two would leave it taken
    // by this process but running, which no recovery looks at again.
    const requeue = request.state === 'running' && failure === null;
    if (!(await store.takeOver(request.id, request.owner, lease.id, requeue))) continue; // finished meanwhile, or a peer took it
    const taken = { ...request, owner: lease.id };
    // A table the interrupted execution was writing is dropped; a failed request keeps its name,
    // so the sweep tries again when it expires should the store not answer now.
    if (request.state === 'running' && request.resultTable) await store.dropResult(request.resultTable).catch(() => undefined);
    if (failure) {
      await runner.finishUnstarted(taken, 'failed', failure);
      report.failed++;
      continue;
    }
    manager.enqueue({ ...taken, state: 'queued' }, true);
    report.requeued++;
  }
  // Their requests are taken: forget them, so the next check does not look at them again.
  for (const instance of owners.gone) await store.removeInstance(instance.id);
  if (report.requeued + report.failed > 0) {
    const stopped = owners.gone.map(({ id, host, pid, heartbeatAt }) => ({ id, host, pid, lastHeartbeat: new Date(heartbeatAt).toISOString() }));
    log.info({ ...report, stopped }, 'took over requests left unfinished by stopped Scheduler processes');
  }
  return report;
}
