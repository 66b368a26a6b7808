/**
 * The composition root: builds the store, jobs, queue, runner, manager, sweeper and HTTP app
 * from a validated config, and starts and stops them in the right order.
 */
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { SchedulerConfig } from './config/scheduler-config.js';
import type { ExecutorServices } from './executors/executor.js';
import { buildApp } from './http/app.js';
import { JobCatalog } from './jobs/job-catalog.js';
import { InProcessQueue } from './queue/in-process-queue.js';
import { canonicalJson } from './requests/request-keys.js';
import { RequestManager } from './requests/request-manager.js';
import { RequestRunner } from './requests/request-runner.js';
import { InstanceLease } from './requests/instance-lease.js';
import { recoverOrphanedRequests } from './requests/restart-recovery.js';
import { ResultSweeper } from './requests/result-sweeper.js';
import { statusTable } from './requests/status-table.js';
import { createStore } from './store/create-store.js';
import type { Store } from './store/store.js';
import { SCHEDULER_VERSION } from './version.js';

export interface Scheduler {
  app: FastifyInstance;
  manager: RequestManager;
  store: Store;
  sweeper: ResultSweeper;
  /** Recovers unfinished requests, starts the queue and the sweeper, then listens. */
  start(): Promise<{ url: string }>;
  /** Stops taking work, aborts executions (left for restart recovery), closes everything. */
  stop(): Promise<void>;
}

export async function createScheduler(config: SchedulerConfig, log: Logger): Promise<Scheduler> {
  const store = await createStore(config);
  try {
    return await assemble(config, log, store);
  } catch (error) {
    await store.close(); // a job that cannot be created stops the start; the store must not stay open
    throw error;
  }
}

async function assemble(config: SchedulerConfig, log: Logger, store: Store): Promise<Scheduler> {
  const services: ExecutorServices = {
    requestStatusTable: async (filter) =>
      statusTable(
        await store.listRequests({
          user: filter.user,
          source: filter.source,
          label: filter.label,
          job: filter.job,
          argsJson: filter.args ? canonicalJson(filter.args) : undefined,
          limit: 100,
        }),
      ),
  };
  const jobs = await JobCatalog.create(config.jobs, { log, services, baseDir: config.baseDir, store: store.access });
  const queue = new InProcessQueue({
    maxConcurrentJobs: config.maxConcurrentJobs,
    maxQueuedRequests: config.maxQueuedRequests,
    maxConcurrentPerJob: new Map(jobs.list().flatMap((job) => (job.maxConcurrent ? [[job.name, job.maxConcurrent] as const] : []))),
  });
  const runner = new RequestRunner({ store, jobs, log, cacheTTLMins: config.cacheTTLMins });
  const lease = new InstanceLease(store, config.instanceHeartbeatSec * 1000);
  const manager = new RequestManager({ store, queue, jobs, runner, runTimeoutSec: config.runTimeoutSec, instanceId: lease.id });
  const recovery = { store, lease, jobs, manager, runner, log };
  const sweeper = new ResultSweeper(store, { intervalSec: config.sweepIntervalSec, historyTTLMins: config.historyTTLMins }, log);
  const app = await buildApp({
    manager,
    store,
    queue,
    log,
    apiKey: config.apiKeyValue,
    bodyLimitBytes: config.bodyLimitBytes,
    maxTargetsPerQuery: config.maxTargetsPerQuery,
    version: SCHEDULER_VERSION,
  });

  return {
    app,
    manager,
    store,
    sweeper,
    async start() {
      await lease.register();
      await recoverOrphanedRequests(recovery);
      lease.start(async () => void (await recoverOrphanedRequests(recovery)), log);
      queue.start(runner.execute);
      sweeper.start();
      await sweeper.sweep();
      const address = await app.listen({ port: config.server.port, host: config.server.host });
      return { url: address };
    },
    async stop() {
      const drained = queue.stop();
      runner.abortAll();
      manager.shutdown();
      await drained;
      await app.close();
      await sweeper.stop();
      // Requests still queued here stay ours until a restart (or a peer) takes them over.
      await lease.stop();
      await jobs.close();
      await store.close();
    },
  };
}
