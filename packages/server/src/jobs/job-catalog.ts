/**
 * The configured jobs, with their executors created, plus the built-in `requests` job. The only
 * way the rest of the server finds a job by name.
 */
import type { Logger } from 'pino';
import { closestNames } from '../config/closest-names.js';
import type { JobConfig } from '../config/scheduler-config.js';
import { NotFoundError } from '../errors.js';
import type { ExecutorServices } from '../executors/executor.js';
import type { StoreAccess } from '../store/store.js';
import { findExecutorDefinition } from '../executors/registry.js';
import type { Job } from './job.js';

/** The original's built-in job: anyone may ask it for the status of their own requests. */
export const REQUESTS_JOB: JobConfig = {
  name: 'requests',
  type: 'requests',
  description: "the status table of the caller's requests",
  executorConfig: {},
  argSet: null,
  fixedArgs: {},
  executeUsers: null,
  readUsers: null,
  timeoutSec: null,
  maxConcurrent: null,
  cacheTTLMins: null,
  retryOnRestart: false,
};

/** What executors are created with, besides their own config. */
export interface JobCatalogContext {
  log: Logger;
  services: ExecutorServices;
  baseDir: string;
  store: StoreAccess;
}

export class JobCatalog {
  private constructor(private readonly jobs: Map<string, Job>) {}

  static async create(configs: JobConfig[], context: JobCatalogContext): Promise<JobCatalog> {
    const jobs = new Map<string, Job>();
    try {
      await JobCatalog.createEach(configs, context, jobs);
    } catch (error) {
      // Executors already created hold pools or connections: release them before giving up.
      await new JobCatalog(jobs).close();
      throw error;
    }
    return new JobCatalog(jobs);
  }

  private static async createEach(configs: JobConfig[], context: JobCatalogContext, jobs: Map<string, Job>): Promise<void> {
    for (const [index, config] of [...configs, REQUESTS_JOB].entries()) {
      const definition = findExecutorDefinition(config.type);
      if (!definition) throw new Error(`job "${config.name}": unknown executor type "${config.type}"`);
      const executor = await definition.create(config.executorConfig, {
        log: context.log.child({ job: config.name }),
        jobName: config.name,
        configPath: `jobsConfigList[${index}]`,
        baseDir: context.baseDir,
        store: context.store,
        services: context.services,
      });
      jobs.set(config.name, {
        name: config.name,
        type: definition.type,
        description: config.description ?? definition.description,
        executor,
        argumentSpecs: config.argSet ?? executor.argumentSpecs ?? definition.argumentSpecs?.(config.executorConfig) ?? null,
        fixedArgs: config.fixedArgs,
        executeUsers: config.executeUsers,
        readUsers: config.readUsers,
        timeoutSec: config.timeoutSec,
        maxConcurrent: config.maxConcurrent,
        cacheTTLMins: config.cacheTTLMins,
        retryOnRestart: config.retryOnRestart,
        runOnly: definition.runOnly ?? false,
        argumentsReachCommandLine: definition.argumentsReachCommandLine ?? false,
      });
    }
  }

  /** The job, or a 404 that names it and suggests close names. */
  get(name: string): Job {
    const job = this.jobs.get(name);
    if (job) return job;
    const close = closestNames(name, [...this.jobs.keys()]);
    const hint = close.length > 0 ? `; did you mean ${close.map((candidate) => `"${candidate}"`).join(' or ')}?` : '';
    throw new NotFoundError(`unknown job "${name}"${hint} (POST /scheduler/search lists the jobs)`);
  }

  find(name: string): Job | undefined {
    return this.jobs.get(name);
  }

  list(): Job[] {
    return [...this.jobs.values()];
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.list().map((job) => job.executor.close?.()));
  }
}
