/**
 * The words Scheduler uses, one meaning each.
 *
 * - **job**: a named, configured piece of work that Grafana targets (`jobsConfigList[N]`): an
 *   executor type, its config, the arguments it accepts, who may use it and its limits.
 * - **executor**: the code that does a job's work (`dummy`, `process`, `rest`, a custom module…).
 * - **request**: one ask to run a job with given arguments, by a user, from a source. A request
 *   has a kind (`run`: the caller waits for the table; `submit`: it runs in the background) and
 *   moves through the states below.
 * - **result**: the table a request produced. A submitted request's result is stored as a real
 *   SQL table named by `Request.resultTable`.
 * - **label**: a name a user gives a submitted request, unique per (source, user).
 * - **source**: where requests come from, typically the dashboard; labels are kept per source.
 *   `*` when not given.
 * - **user**: the Grafana user, read only from the `X-Grafana-User` header; `*` when absent.
 */

/** A request's life: queued → running → complete | failed | cancelled | timed-out → expired. */
export const REQUEST_STATES = ['queued', 'running', 'complete', 'failed', 'cancelled', 'timed-out', 'expired'] as const;
export type RequestState = (typeof REQUEST_STATES)[number];

/** States of a request not yet finished: the ones restart recovery may take over. */
export const ACTIVE_STATES: readonly RequestState[] = ['queued', 'running'];

export type RequestKind = 'run' | 'submit';

/** One argument value as it reaches an executor, after validation and coercion. */
export type ArgScalar = string | number | boolean;
export type ArgValue = ArgScalar | ArgScalar[];
export type Args = Record<string, ArgValue>;

/** Grafana's column types; `time` cells are epoch milliseconds. */
export const COLUMN_TYPES = ['time', 'number', 'string', 'boolean'] as const;
export type ColumnType = (typeof COLUMN_TYPES)[number];

export interface Column {
  name: string;
  type: ColumnType;
}

export type Cell = string | number | boolean | null;
export type Row = Cell[];

/** A table with its rows in memory (small results: runs, status tables). */
export interface Table {
  columns: Column[];
  rows: Row[];
}

/** A table whose rows arrive over time, so a big result never has to sit in memory whole. */
export interface TableStream {
  columns: Column[];
  rows: Iterable<Row> | AsyncIterable<Row>;
}

/** Who asks, as established by the HTTP layer from trusted headers only. */
export interface Caller {
  user: string;
}

/** A request as the registry records it. Times are epoch milliseconds. */
export interface Request {
  id: string;
  kind: RequestKind;
  job: string;
  /** Canonical arguments (validated, defaults applied, fixed arguments excluded). */
  args: Args;
  label: string | null;
  source: string;
  user: string;
  state: RequestState;
  /** 0–100 as last reported by the executor, null when it reports none. */
  progress: number | null;
  progressMessage: string | null;
  /** Why the request failed, timed out or was cancelled. */
  error: string | null;
  rowCount: number | null;
  /** Name of the SQL table holding the result of a completed submit. */
  resultTable: string | null;
  /** Columns of the stored result, with the SQL column each is kept in. */
  resultColumns: StoredColumn[] | null;
  submittedAt: number;
  startedAt: number | null;
  finishedAt: number | null;
  /** When the result and key expire; set when the request finishes. */
  expiresAt: number | null;
  /** The end of what the job printed (a script's stderr), kept for diagnosis; bounded. */
  log: string | null;
  /**
   * The Scheduler process (its instance id) that queued the request and runs it. When that
   * process stops, another one (or the same one restarted) takes the request over.
   */
  owner: string | null;
}

/** A result column and the SQL column name it is stored under (names can be too long or clash). */
export interface StoredColumn extends Column {
  sqlName: string;
}

/** Grafana's dashboard time range, epoch milliseconds. */
export interface TimeRange {
  from: number;
  to: number;
}
