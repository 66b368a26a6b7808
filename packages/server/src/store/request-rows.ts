/** Converts between a registry row and the domain's Request. */
import type { Args, Request, RequestKind, RequestState, StoredColumn } from '../domain.js';
import type { RequestsTable } from './schema.js';
import type { RequestUpdate } from './store.js';

export function toRow(request: Request): RequestsTable {
  return {
    id: request.id,
    kind: request.kind,
    job: request.job,
    args_json: JSON.stringify(request.args),
    label: request.label,
    source: request.source,
    user_name: request.user,
    state: request.state,
    progress: request.progress,
    progress_message: request.progressMessage,
    error: request.error,
    row_count: request.rowCount,
    result_table: request.resultTable,
    result_columns_json: request.resultColumns ? JSON.stringify(request.resultColumns) : null,
    submitted_at: request.submittedAt,
    started_at: request.startedAt,
    finished_at: request.finishedAt,
    expires_at: request.expiresAt,
    job_log: request.log,
    owner: request.owner,
  };
}

export function fromRow(row: RequestsTable): Request {
  return {
    id: row.id,
    kind: row.kind as RequestKind,
    job: row.job,
    args: JSON.parse(row.args_json) as Args,
    label: row.label,
    source: row.source,
    user: row.user_name,
    state: row.state as RequestState,
    progress: toNumberOrNull(row.progress),
    progressMessage: row.progress_message,
    error: row.error,
    rowCount: toNumberOrNull(row.row_count),
    resultTable: row.result_table,
    resultColumns: row.result_columns_json ? (JSON.parse(row.result_columns_json) as StoredColumn[]) : null,
    submittedAt: Number(row.submitted_at),
    startedAt: toNumberOrNull(row.started_at),
    finishedAt: toNumberOrNull(row.finished_at),
    expiresAt: toNumberOrNull(row.expires_at),
    log: row.job_log,
    owner: row.owner,
  };
}

/** Only the columns an update names, so concurrent updates of other fields are not undone. */
export function toRowUpdate(update: RequestUpdate): Partial<RequestsTable> {
  const row: Partial<RequestsTable> = {};
  if (update.state !== undefined) row.state = update.state;
  if (update.progress !== undefined) row.progress = update.progress;
  if (update.progressMessage !== undefined) row.progress_message = update.progressMessage;
  if (update.error !== undefined) row.error = update.error;
  if (update.rowCount !== undefined) row.row_count = update.rowCount;
  if (update.resultTable !== undefined) row.result_table = update.resultTable;
  if (update.resultColumns !== undefined) row.result_columns_json = update.resultColumns ? JSON.stringify(update.resultColumns) : null;
  if (update.startedAt !== undefined) row.started_at = update.startedAt;
  if (update.finishedAt !== undefined) row.finished_at = update.finishedAt;
  if (update.expiresAt !== undefined) row.expires_at = update.expiresAt;
  if (update.log !== undefined) row.job_log = update.log;
  return row;
}

/** Drivers return bigint columns as strings (pg) or numbers (SQLite, MySQL): normalise. */
function toNumberOrNull(value: number | string | null): number | null {
  return value === null ? null : Number(value);
}
