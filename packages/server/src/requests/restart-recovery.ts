/**
 * What happens at start to requests the last process left unfinished, so nothing is lost
 * silently: queued submits keep their place in the queue; submits that were running are failed
 * with "interrupted by restart", or queued again when their job says a retry is safe
 * (`retryOnRestart`). Runs are recorded only once they end, so none is ever left unfinished.
 *
 * One process per store for now: with several processes on one database, this would also touch
 * requests the others are running (the shared-queue backend will own that).
 */
import type { Logger } from 'pino';
import type { JobCatalog } from '../jobs/job-catalog.js';
import type { Store } from '../store/store.js';
import type { RequestManager } from './request-manager.js';
import type { RequestRunner } from './request-runner.js';

export interface RecoveryReport {
  requeued: number;
  failed: number;
}

export async function recoverUnfinishedRequests(store: Store, jobs: JobCatalog, manager: RequestManager, runner: RequestRunner, log: Logger): Promise<RecoveryReport> {
  const report: RecoveryReport = { requeued: 0, failed: 0 };
  for (const request of await store.requestsInStates(['queued', 'running'])) {
    const job = jobs.find(request.job);
    let failure: string | null = null;
    if (!job) failure = `job "${request.job}" is no longer configured`;
    else if (request.state === 'running' && !job.retryOnRestart) {
      failure = "interrupted by restart (set the job's retryOnRestart: true to queue such requests again)";
    }
    if (failure) {
      await runner.finishUnstarted(request, 'failed', failure);
      report.failed++;
      continue;
    }
    if (request.state === 'running') await store.updateRequest(request.id, { state: 'queued', startedAt: null, progress: null, progressMessage: null });
    manager.enqueue({ ...request, state: 'queued' }, true);
    report.requeued++;
  }
  if (report.requeued + report.failed > 0) log.info(report, 'recovered requests left unfinished by the previous process');
  return report;
}
