/**
 * The executor seam: what every executor — built-in or a user's own module — implements.
 *
 * An executor type is described by an {@link ExecutorDefinition}: its config schema (validated
 * once at start, errors reported like every other config error) and a factory that turns a
 * validated config into an {@link Executor}. The executor then runs one request at a time per
 * call to `execute`, and may be called concurrently for different requests.
 */
import type { Logger } from 'pino';
import type { z } from 'zod';
import type { Args, TableStream, TimeRange } from '../domain.js';
import type { ArgumentSpecs } from '../jobs/argument-spec.js';
import type { StoreAccess } from '../store/store.js';

/** Everything one execution gets. */
export interface ExecutionContext {
  /** The request being executed. */
  request: { id: string; job: string; user: string; label: string | null; source: string };
  /** Validated arguments, with the job's defaults and fixed arguments applied. */
  args: Readonly<Args>;
  /** Grafana's dashboard range, when the request came from a panel query. */
  timeRange: TimeRange | null;
  /** Aborted on cancel, on the job's `timeoutSec` and at shutdown: stop promptly when it fires. */
  signal: AbortSignal;
  /** Reports progress (0–100) and an optional message, shown in the request's status. */
  progress(percent: number, message?: string): void;
  /** A logger already bound to the request id and job. */
  log: Logger;
  /**
   * Keeps what the job printed (its stderr, say; bounded by the executor) with the request, where
   * the status API shows it. The last call wins.
   */
  keepLog(text: string): void;
  /**
   * The SQL table this request's result is stored as. An executor whose work writes the table
   * itself (a script given this name) returns {@link RESULT_WRITTEN_TO_TABLE}.
   */
  resultTable: string;
}

/** Returned by an executor whose work wrote `resultTable` itself in the store. */
export const RESULT_WRITTEN_TO_TABLE = Object.freeze({ writtenToResultTable: true as const });

/** The result: columns known up front, rows produced as the executor goes — or a written table. */
export type ExecutionResult = TableStream | typeof RESULT_WRITTEN_TO_TABLE;

export interface Executor {
  execute(context: ExecutionContext): Promise<ExecutionResult>;
  /**
   * Arguments this instance accepts, for executors that only know them once created (custom
   * modules); otherwise the definition's `argumentSpecs` applies. A job's `argSet` wins over both.
   */
  argumentSpecs?: ArgumentSpecs;
  /**
   * Problems with a request's arguments that only the executor can see (a value that would leave
   * a URL path segment, a name the executor reserves), each naming the argument. Called with the
   * validated arguments and fixed arguments before the request is stored or queued; any problem
   * refuses it with a 400, so nothing runs.
   */
  checkArguments?(args: Readonly<Args>): string[];
  /** Releases what the executor holds (pools, connections) at shutdown. */
  close?(): Promise<void>;
}

/** What an executor factory may use besides its own config. */
export interface ExecutorEnvironment {
  log: Logger;
  /** The job this executor instance serves. */
  jobName: string;
  /** Where the job's configuration came from, as a key path for messages: `jobsConfigList[3]`. */
  configPath: string;
  /** The folder relative paths in the job's config are resolved against (the config file's). */
  baseDir: string;
  /** How work outside this process (a script) reaches the store to write a result table. */
  store: StoreAccess;
  /** Lets built-in executors look at the request registry (the `requests` job). */
  services: ExecutorServices;
}

/** Read-only services of the server that executors may use. */
export interface ExecutorServices {
  /** The status table of the caller's requests matching a filter. */
  requestStatusTable?(filter: RequestStatusFilter): Promise<TableStream>;
}

export interface RequestStatusFilter {
  user: string;
  source?: string;
  label?: string;
  job?: string;
  args?: Args;
}

export interface ExecutorDefinition<Config = unknown> {
  /** The name used as `jobsConfigList[N].type`. */
  type: string;
  /** Other names accepted for `type` (the original's names, for instance). */
  aliases?: string[];
  /** One sentence for the configuration reference and error messages. */
  description: string;
  /** Validates the executor's own keys under `jobsConfigList[N].config`. */
  configSchema: z.ZodType<Config>;
  /** Arguments the executor itself declares; a job's `argSet` may narrow or extend them. */
  argumentSpecs?(config: Config): ArgumentSpecs;
  /** True when results cannot be submitted, only run (status tables, for instance). */
  runOnly?: boolean;
  /**
   * True when argument values end up on a command line: string values that start with `-` are
   * then refused (option injection) unless their spec sets `allowLeadingDash`.
   */
  argumentsReachCommandLine?: boolean;
  create(config: Config, environment: ExecutorEnvironment): Executor | Promise<Executor>;
}
