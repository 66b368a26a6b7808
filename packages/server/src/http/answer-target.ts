/**
 * Answers Grafana query targets with tables, through the request manager; shared by the
 * original's and simpod's `/query`, so both protocols behave the same. Answering is two steps:
 * every target of a query is prepared (checked on its input) before any is answered, so one bad
 * target leaves nothing submitted or run from the others.
 */
import type { Caller, Table, TableStream, TimeRange } from '../domain.js';
import type { RequestManager } from '../requests/request-manager.js';
import type { PreparedLookup, PreparedRun, PreparedSubmit } from '../requests/request-preparation.js';
import { statusTable } from '../requests/status-table.js';
import type { QueryTarget } from './query-target.js';

/** How many of the caller's requests a bare `status` lists. */
const RECENT_REQUESTS = 50;

export type PreparedTarget =
  | { type: 'run'; run: PreparedRun }
  | { type: 'submit'; submit: PreparedSubmit }
  | { type: 'get' | 'status' | 'cancel'; lookup: PreparedLookup }
  | { type: 'recent'; caller: Caller };

export function prepareTarget(manager: RequestManager, caller: Caller, target: QueryTarget, range: TimeRange | null): PreparedTarget {
  const lookup = { job: target.job, args: target.args, label: target.label, source: target.source };
  switch (target.type) {
    case 'run':
      return { type: 'run', run: manager.prepareRun(caller, target.job, target.args, range) };
    case 'submit':
      return { type: 'submit', submit: manager.prepareSubmit(caller, target.job, target.args, target) };
    case 'status':
      if (target.job === '' && (target.label === undefined || target.label === '' || target.label === '*')) return { type: 'recent', caller };
      return { type: 'status', lookup: manager.prepareLookup(caller, lookup, 'read') };
    case 'get':
      return { type: 'get', lookup: manager.prepareLookup(caller, lookup, 'read') };
    case 'cancel':
      return { type: 'cancel', lookup: manager.prepareLookup(caller, lookup, 'cancel') };
  }
}

export async function answerTarget(manager: RequestManager, target: PreparedTarget): Promise<Table | TableStream> {
  switch (target.type) {
    case 'run':
      return manager.run(target.run);
    case 'submit':
      return statusTable([(await manager.submit(target.submit)).request]);
    case 'get':
      return manager.get(target.lookup);
    case 'status':
      return statusTable([await manager.find(target.lookup)]);
    case 'cancel':
      return statusTable([await manager.cancel(target.lookup.caller, await manager.find(target.lookup))]);
    case 'recent':
      return statusTable(await manager.list(target.caller, { limit: RECENT_REQUESTS }));
  }
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
