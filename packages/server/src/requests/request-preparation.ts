/**
 * Everything a request can be refused for on its input alone — unknown job, missing permission,
 * bad arguments, a bad label or source — checked before anything is stored, queued or run. A
 * Grafana query prepares all its targets first, so one bad target leaves the others untouched.
 */
import type { Args, Caller, TimeRange } from '../domain.js';
import { BadRequestError } from '../errors.js';
import type { JobCatalog } from '../jobs/job-catalog.js';
import type { Job } from '../jobs/job.js';
import { validateArgs } from '../jobs/validate-args.js';
import { assertCanExecute, assertCanRead } from './permissions.js';
import { argsKey, canonicalJson, labelKey } from './request-keys.js';
import { normalizeLabel, normalizeSource } from './request-names.js';

export interface PreparedRun {
  caller: Caller;
  job: Job;
  args: Args;
  range: TimeRange | null;
}

export interface PreparedSubmit {
  caller: Caller;
  job: Job;
  args: Args;
  label: string | null;
  source: string;
  rerun: boolean;
}

/** A request named by label, or by job and arguments, ready to be looked up. */
export interface PreparedLookup {
  caller: Caller;
  key: string;
  /** How the request was named, for "no request …" messages. */
  described: string;
  /** The job, when named by arguments (its permission is already checked). */
  job: Job | null;
}

/** How get, status and cancel name a request from Grafana: a label, or a job with arguments. */
export interface RequestLookup {
  job?: string;
  args?: unknown;
  label?: unknown;
  source?: unknown;
}

export function prepareRun(jobs: JobCatalog, caller: Caller, jobName: string, rawArgs: unknown, range: TimeRange | null): PreparedRun {
  const job = jobs.get(jobName);
  assertCanExecute(job, caller.user, 'run');
  return { caller, job, args: executableArgs(job, rawArgs), range };
}

/** Arguments that pass the job's specs and its executor's own checks. */
function executableArgs(job: Job, rawArgs: unknown): Args {
  const args = validateArgs(job, rawArgs);
  const problems = job.executor.checkArguments?.({ ...args, ...job.fixedArgs }) ?? [];
  if (problems.length > 0) throw new BadRequestError(`invalid arguments: ${problems.join('; ')}`);
  return args;
}

export function prepareSubmit(
  jobs: JobCatalog,
  caller: Caller,
  jobName: string,
  rawArgs: unknown,
  options: { label?: unknown; source?: unknown; rerun?: boolean },
): PreparedSubmit {
  const job = jobs.get(jobName);
  assertCanExecute(job, caller.user, 'submit');
  if (job.runOnly) throw new BadRequestError(`job "${job.name}" can only be run, not submitted: use type "run"`);
  const args = executableArgs(job, rawArgs);
  return { caller, job, args, label: normalizeLabel(options.label), source: normalizeSource(options.source), rerun: options.rerun === true };
}

/** `purpose` decides the right checked for a lookup by arguments: read, or execute to cancel. */
export function prepareLookup(jobs: JobCatalog, caller: Caller, lookup: RequestLookup, purpose: 'read' | 'cancel'): PreparedLookup {
  const label = normalizeLabel(lookup.label);
  const source = normalizeSource(lookup.source);
  if (label !== null) {
    return { caller, key: labelKey(source, caller.user, label), described: `labelled "${label}" by user "${caller.user}" in source "${source}"`, job: null };
  }
  if (!lookup.job) throw new BadRequestError('give a label, or a target (job) and its args, to name a request');
  const job = jobs.get(lookup.job);
  if (purpose === 'cancel') assertCanExecute(job, caller.user, 'cancel');
  else assertCanRead(job, caller.user);
  const args = validateArgs(job, lookup.args);
  return { caller, key: argsKey(job.name, args), described: `of job "${job.name}" with arguments ${canonicalJson(args)}`, job };
}
