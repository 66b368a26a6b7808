/**
 * Who may do what with a job. `executeUsers` may run, submit and cancel (and so also read);
 * `readUsers` may get results and status. A missing list, or `*` in it, means everyone — the
 * original's rule, kept so its configurations mean the same here.
 */
import { ForbiddenError } from '../errors.js';
import type { Job } from '../jobs/job.js';

function listAllows(users: string[] | null, user: string): boolean {
  return users === null || users.includes('*') || users.includes(user);
}

export function canExecute(job: Job, user: string): boolean {
  return listAllows(job.executeUsers, user);
}

export function canRead(job: Job, user: string): boolean {
  return canExecute(job, user) || listAllows(job.readUsers, user);
}

export function assertCanExecute(job: Job, user: string, action: string): void {
  if (!canExecute(job, user)) {
    throw new ForbiddenError(`user "${user}" may not ${action} job "${job.name}": that needs execute permission (the job's executeUsers)`);
  }
}

export function assertCanRead(job: Job, user: string): void {
  if (!canRead(job, user)) {
    throw new ForbiddenError(`user "${user}" may not read job "${job.name}": that needs read permission (the job's readUsers or executeUsers)`);
  }
}
