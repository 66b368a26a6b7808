/**
 * Validates `jobsConfigList` as a whole: each entry, then what involves several entries — job
 * names must be unique, and `requests` belongs to the built-in job.
 */
import { isSection } from './config-tree.js';
import { formatKeyPath } from './key-path.js';
import { validateJobEntry } from './job-entry.js';
import { problemLine } from './problem-line.js';
import type { JobConfig } from './scheduler-config.js';

/** Names that configured jobs may not take, because a built-in job answers to them. */
export const RESERVED_JOB_NAMES: readonly string[] = ['requests'];

/**
 * Validates every entry and the names across entries; `skip` holds key paths already reported
 * (missing environment variables). Returns the valid jobs and all problems.
 */
export function validateJobList(entries: readonly unknown[], skip: ReadonlySet<string>): { jobs: JobConfig[]; problems: string[] } {
  const jobs: JobConfig[] = [];
  const problems: string[] = [];
  const firstIndexOf = new Map<string, number>();
  entries.forEach((entry, index) => {
    const result = validateJobEntry(entry, index, skip);
    problems.push(...result.problems);
    if (result.job) jobs.push(result.job);
    // Names are compared even for entries with other problems, so all mistakes show at once.
    const rawName = isSection(entry) ? entry.name : undefined;
    const name = typeof rawName === 'string' ? rawName.trim() : '';
    if (name === '') return;
    const namePath = ['jobsConfigList', index, 'name'];
    if (RESERVED_JOB_NAMES.includes(name)) {
      problems.push(problemLine(namePath, `"${name}" is reserved for the built-in job; choose another name`, rawName));
    }
    const first = firstIndexOf.get(name);
    if (first === undefined) firstIndexOf.set(name, index);
    else problems.push(problemLine(namePath, `duplicate job name, already used by ${formatKeyPath(['jobsConfigList', first])}; names must be unique`, name));
  });
  return { jobs, problems };
}
