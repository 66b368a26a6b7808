/**
 * The store seam: the request registry and the result tables behind one interface, so the
 * request manager never imports a database driver. SQLite is the embedded default; MySQL/MariaDB
 * and PostgreSQL sit behind the same interface (kysely-store.ts over each dialect). An operation
 * that fails because a database server cannot be reached rejects with StoreUnavailableError.
 */
import type { Request, RequestKind, RequestState, Row, StoredColumn, TableStream } from '../domain.js';

/** How work outside this process (a script) reaches the store, as environment variables. */
export interface StoreAccess {
  dialect: 'sqlite' | 'mysql' | 'postgres';
  /** `SCHEDULER_STORE_*` variables: the dialect, a URL, and the dialect's own details. */
  environment: Readonly<Record<string, string>>;
}

export interface RequestFilter {
  user?: string;
  source?: string;
  label?: string;
  job?: string;
  state?: RequestState;
  kind?: RequestKind;
  /** Canonical JSON of the arguments (see canonical-args). */
  argsJson?: string;
  limit: number;
}

/** The fields of a request that change after it is created. */
export type RequestUpdate = Partial<
  Pick<
    Request,
    | 'state'
    | 'progress'
    | 'progressMessage'
    | 'error'
    | 'rowCount'
    | 'resultTable'
    | 'resultColumns'
    | 'startedAt'
    | 'finishedAt'
    | 'expiresAt'
    | 'log'
  >
>;

/**
 * Decides, inside the store's transaction, whether an existing request that holds a key should
 * be returned instead of creating a new one. It may throw (a label conflict) to refuse both.
 */
export type ReuseDecision = (existing: Request) => boolean;

/** A Scheduler process using the store (see requests/instance-lease.ts). */
export interface InstanceRecord {
  id: string;
  host: string;
  pid: number;
  startedAt: number;
  heartbeatAt: number;
}

export interface Store {
  /** Creates or upgrades the registry tables. */
  migrate(): Promise<void>;

  /**
   * Records a request that no other request can share (runs, as they end). Records gather for a
   * few milliseconds and are written together (request-insert-batch.ts); each resolves once its
   * own row is stored, and reads of requests see every record accepted before them.
   */
  insertRequest(request: Request): Promise<void>;
  /**
   * Atomically: returns the request holding `key` when `reuse` accepts it, else records
   * `candidate` and points `key` at it. This is what makes dedupe and label uniqueness hold
   * even with several processes on one database.
   */
  insertUnlessKeyHeld(key: string, candidate: Request, reuse: ReuseDecision): Promise<{ request: Request; created: boolean }>;
  /** The request `key` points at, whatever its state. */
  findByKey(key: string): Promise<Request | undefined>;
  getRequest(id: string): Promise<Request | undefined>;
  updateRequest(id: string, update: RequestUpdate): Promise<void>;
  /**
   * Moves a queued request to running, atomically: false when it is no longer queued (cancelled
   * meanwhile, or claimed by another process), in which case it must not run. Records the table
   * its result will be written to, so a table left by a crash mid-write is known and dropped.
   */
  claimQueued(id: string, startedAt: number, resultTable: string): Promise<boolean>;
  /** Requests matching the filter, newest first, at most `filter.limit`. */
  listRequests(filter: RequestFilter): Promise<Request[]>;
  /**
   * Unfinished (queued or running) requests whose owner is none of `liveOwners`, oldest first:
   * the ones restart recovery may take over. Usually none, so it is cheap to ask often.
   */
  unfinishedRequestsNotOwnedBy(liveOwners: string[]): Promise<Request[]>;
  /**
   * Gives a queued or running request held by `from` (a process that is gone, or null for a
   * request recorded before owners were) to `to`, atomically: false when it is finished, or
   * another process took it over first. With `requeue`, a running request is queued again in
   * the same statement, so no outage can leave it taken but still running.
   */
  takeOver(requestId: string, from: string | null, to: string, requeue: boolean): Promise<boolean>;

  /** Records a Scheduler process as using the store. */
  registerInstance(instance: InstanceRecord): Promise<void>;
  /** Refreshes a process's heartbeat; false when its record is gone (another process removed it). */
  heartbeat(id: string, now: number): Promise<boolean>;
  listInstances(): Promise<InstanceRecord[]>;
  removeInstance(id: string): Promise<void>;
  /** Distinct labels of a user under a source, most recent first. */
  labels(user: string, source: string): Promise<string[]>;

  /** Creates the result table and writes every row in batches inside one transaction. */
  writeResult(table: string, columns: TableStream['columns'], rows: TableStream['rows']): Promise<{ columns: StoredColumn[]; rowCount: number }>;
  /**
   * Takes over a result table that work outside the server wrote (a script given its name):
   * reads its columns and types from the database and gives it the row-order column. Null when
   * the table does not exist.
   */
  adoptResult(table: string): Promise<{ columns: StoredColumn[]; rowCount: number } | null>;
  /** Streams a stored result in pages so a big table never sits in memory whole. */
  readResult(table: string, columns: StoredColumn[]): AsyncIterable<Row>;
  dropResult(table: string): Promise<void>;

  /**
   * Finished requests whose `expiresAt` has passed: marks them expired and drops their tables;
   * returns how many this call marked. Also drops tables a write or drop left behind while the
   * database was unreachable, and (at most hourly) result tables no request names that are a day
   * old — left by a crash. Safe to run in several processes on one database at once.
   */
  expireRequests(now: number): Promise<number>;
  /** Forgets expired requests older than `before` along with their keys. */
  purgeExpired(before: number): Promise<number>;

  /** How a script reaches this store. */
  readonly access: StoreAccess;

  /** True when the database answers. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}
