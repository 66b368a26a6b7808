/**
 * The validated configuration the rest of the server works with. Key names follow the original
 * Java server's settings (see the configuration reference), except `jobs`, which is built from
 * `jobsConfigList`. Every value here has been checked; nothing downstream re-validates.
 */
import type { Args } from '../domain.js';
import type { ArgumentSpecs } from '../jobs/argument-spec.js';
import type { StoreSettings } from './store-settings.js';

/** pino's levels; `silent` turns logging off. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface SchedulerConfig {
  /**
   * The folder relative paths in job configs (scripts, modules, working directories) are
   * resolved against: the config file's folder, or the working directory without a file.
   */
  baseDir: string;
  /** Where the HTTP server listens; Grafana's datasource URL is `http://HOST:PORT/scheduler`. */
  server: { port: number; host: string };
  /** The value the `schedulerKey` header must carry; null (no key required) when absent or empty. */
  apiKeyValue: string | null;
  /** How long a submitted request's result is kept, in minutes. */
  cacheTTLMins: number;
  /** How long expired requests stay listed (status only, result gone), in minutes. */
  historyTTLMins: number;
  /**
   * The result store, resolved from `store.*`, the original's `cacheJdbcConfig.*`, or the
   * embedded SQLite store of `cacheSqliteConfig.*` / `inMemoryCache`.
   */
  store: StoreSettings;
  /** Requests executing at once, over all jobs. */
  maxConcurrentJobs: number;
  /** Requests waiting for a slot before new ones are refused. */
  maxQueuedRequests: number;
  /** How long a `run` may take before it is answered with a timeout, in seconds. */
  runTimeoutSec: number;
  /** Targets of one Grafana query answered; the original answered only the first. */
  maxTargetsPerQuery: number;
  /** Largest accepted HTTP request body, in bytes. */
  bodyLimitBytes: number;
  /** How often expired results and requests are removed, in seconds. */
  sweepIntervalSec: number;
  /**
   * How often this process tells the store it is alive and looks for requests of stopped
   * processes to take over, in seconds (see requests/instance-lease.ts).
   */
  instanceHeartbeatSec: number;
  logLevel: LogLevel;
  /** The configured jobs, from `jobsConfigList`, in file order. */
  jobs: JobConfig[];
}

/** One entry of `jobsConfigList`, with its executor type resolved and its config validated. */
export interface JobConfig {
  /** Unique; what Grafana targets. */
  name: string;
  /** The executor's canonical type (`test` is given as `dummy`). */
  type: string;
  description: string | null;
  /** The job's `config` without the common keys below, parsed by the executor's schema. */
  executorConfig: unknown;
  /** Arguments accepted from requests; null when not configured. An empty `argSet=` is `{}`. */
  argSet: ArgumentSpecs | null;
  /** Arguments added to every call; `{}` when none. */
  fixedArgs: Args;
  /** Who may run and submit (and so read); null means everyone, `*` in the list too. */
  executeUsers: string[] | null;
  /** Who may read results and status; null means everyone. An empty `readUsers=` means nobody. */
  readUsers: string[] | null;
  /** Longest a request of this job may execute, in seconds; null: no job-specific limit. */
  timeoutSec: number | null;
  /** Requests of this job executing at once; null: only the global limit applies. */
  maxConcurrent: number | null;
  /** Overrides the global `cacheTTLMins` for this job's results. */
  cacheTTLMins: number | null;
  /** Whether a request left running by a crash or restart is run again on start. */
  retryOnRestart: boolean;
}
