/**
 * The status table Grafana shows for requests. Its first four columns are the original's
 * (`Submit time`, `Completion Time`, `Status`, `Notes`) so existing panels keep working;
 * statuses are upper case as they were (COMPLETE, FAILED), with the new states added.
 */
import type { Column, Request, Table } from '../domain.js';

export const STATUS_COLUMNS: Column[] = [
  { name: 'Submit time', type: 'time' },
  { name: 'Completion Time', type: 'time' },
  { name: 'Status', type: 'string' },
  { name: 'Notes', type: 'string' },
  { name: 'Request ID', type: 'string' },
  { name: 'Job', type: 'string' },
  { name: 'Label', type: 'string' },
  { name: 'Progress', type: 'number' },
  { name: 'Start time', type: 'time' },
  { name: 'Rows', type: 'number' },
  { name: 'User', type: 'string' },
  { name: 'Source', type: 'string' },
  { name: 'Arguments', type: 'string' },
];

export function statusLabel(request: Request): string {
  return request.state.toUpperCase().replace('-', '_');
}

/** What a person needs to read first: the error, else the latest progress message. */
function notes(request: Request): string {
  if (request.error) return request.error;
  if (request.state === 'expired') return 'the result expired; submit again to recompute it';
  return request.progressMessage ?? '';
}

export function statusTable(requests: Request[]): Table {
  return {
    columns: STATUS_COLUMNS,
    rows: requests.map((request) => [
      request.submittedAt,
      request.finishedAt,
      statusLabel(request),
      notes(request),
      request.id,
      request.job,
      request.label ?? '',
      request.progress,
      request.startedAt,
      request.rowCount,
      request.user,
      request.source,
      JSON.stringify(request.args),
    ]),
  };
}
