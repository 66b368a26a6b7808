/**
 * A job as the server runs it: its configuration, its executor instance and the argument specs
 * requests are checked against.
 */
import type { JobConfig } from '../config/scheduler-config.js';
import type { Executor } from '../executors/executor.js';
import type { ArgumentSpecs } from './argument-spec.js';

/** The configured settings a running job keeps as they are. */
type JobSettings = Pick<
  JobConfig,
  'name' | 'type' | 'description' | 'fixedArgs' | 'executeUsers' | 'readUsers' | 'timeoutSec' | 'maxConcurrent' | 'cacheTTLMins' | 'retryOnRestart'
>;

export interface Job extends JobSettings {
  executor: Executor;
  /** The arguments requests may give; null when the job accepts any (checked by the default rule). */
  argumentSpecs: ArgumentSpecs | null;
  /** True when the job can only be run, not submitted. */
  runOnly: boolean;
  /** True when argument values reach a command line: leading `-` is refused (option injection). */
  argumentsReachCommandLine: boolean;
}
