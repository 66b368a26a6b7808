/**
 * A job as the server runs it: its configuration, its executor instance and the argument specs
 * requests are checked against.
 */
import type { Args } from '../domain.js';
import type { Executor } from '../executors/executor.js';
import type { ArgumentSpecs } from './argument-spec.js';

export interface Job {
  name: string;
  /** Canonical executor type. */
  type: string;
  description: string | null;
  executor: Executor;
  /** The arguments requests may give; null when the job accepts any (checked by the default rule). */
  argumentSpecs: ArgumentSpecs | null;
  /** Added to every execution; requests cannot give them. */
  fixedArgs: Args;
  executeUsers: string[] | null;
  readUsers: string[] | null;
  timeoutSec: number | null;
  maxConcurrent: number | null;
  cacheTTLMins: number | null;
  retryOnRestart: boolean;
  /** True when the job can only be run, not submitted. */
  runOnly: boolean;
  /** True when argument values reach a command line: leading `-` is refused (option injection). */
  argumentsReachCommandLine: boolean;
}
