/**
 * Answers one Grafana query target with a table, through the request manager. Shared by the
 * original's and simpod's `/query`, so both protocols behave the same.
 */
import type { Caller, Table, TableStream, TimeRange } from '../domain.js';
import { BadRequestError } from '../errors.js';
import { validateArgs } from '../jobs/validate-args.js';
import { assertCanExecute, assertCanRead } from '../requests/permissions.js';
import type { RequestManager } from '../requests/request-manager.js';
import { normalizeLabel, normalizeSource } from '../requests/request-names.js';
import { statusTable } from '../requests/status-table.js';
import type { QueryTarget } from './query-target.js';

/** How many of the caller's requests a bare `status` lists. */
const RECENT_REQUESTS = 50;

export async function answerTarget(manager: RequestManager, caller: Caller, target: QueryTarget, range: TimeRange | null): Promise<Table | TableStream> {
  const lookup = { job: target.job, args: target.args, label: target.label, source: target.source };
  switch (target.type) {
    case 'run':
      return manager.run(caller, target.job, target.args, range);
    case 'submit': {
      const { request } = await manager.submit(caller, target.job, target.args, { label: target.label, source: target.source, rerun: target.rerun });
      return statusTable([request]);
    }
    case 'get':
      return manager.get(caller, lookup);
    case 'status':
      if (target.job === '' && (target.label === undefined || target.label === '' || target.label === '*')) {
        return statusTable(await manager.list(caller, { limit: RECENT_REQUESTS }));
      }
      return statusTable([await manager.find(caller, lookup)]);
    case 'cancel':
      // Cancel needs execute permission: refuse for that before the lookup (which checks only read),
      // so the 403 names the right that is actually missing.
      if (!hasLabel(target)) assertCanExecute(manager.jobs.get(target.job), caller.user, 'cancel');
      return statusTable([await manager.cancel(caller, await manager.find(caller, lookup))]);
  }
}

/**
 * Refuses a target for everything its input can be refused for (job, permission, arguments,
 * label, source) without storing or running anything, the same checks in the same order as the
 * request manager. `/query` checks every target this way before answering any, so one bad target
 * leaves nothing submitted or run from the good ones.
 */
export function checkTarget(manager: RequestManager, caller: Caller, target: QueryTarget): void {
  if (target.type === 'run' || target.type === 'submit') {
    const job = manager.jobs.get(target.job);
    assertCanExecute(job, caller.user, target.type);
    if (target.type === 'submit' && job.runOnly) throw new BadRequestError(`job "${job.name}" can only be run, not submitted: use type "run"`);
    validateArgs(job, target.args);
    if (target.type === 'submit') {
      normalizeLabel(target.label);
      normalizeSource(target.source);
    }
    return;
  }
  if (target.type === 'status' && target.job === '' && (target.label === undefined || target.label === '' || target.label === '*')) return;
  if (target.type === 'cancel' && !hasLabel(target)) assertCanExecute(manager.jobs.get(target.job), caller.user, 'cancel');
  normalizeLabel(target.label);
  normalizeSource(target.source);
  if (hasLabel(target) || target.job === '') return;
  const job = manager.jobs.get(target.job);
  assertCanRead(job, caller.user);
  validateArgs(job, target.args);
}

/** '' and '*' mean "no label", as in the original. */
function hasLabel(target: QueryTarget): boolean {
  return !(target.label === undefined || target.label === null || target.label === '' || target.label === '*');
}

/** Grafana's range arrives as ISO strings (or epoch ms from scripts). */
export function readTimeRange(range: unknown): TimeRange | null {
  if (!range || typeof range !== 'object') return null;
  const { from, to } = range as { from?: unknown; to?: unknown };
  const fromMs = toEpochMs(from);
  const toMs = toEpochMs(to);
  return fromMs === null || toMs === null ? null : { from: fromMs, to: toMs };
}

function toEpochMs(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value !== 'string') return null;
  const parsed = Date.parse(value);
  return Number.isNaN(parsed) ? null : parsed;
}
