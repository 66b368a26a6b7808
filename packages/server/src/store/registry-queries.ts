/**
 * Every registry statement, as named functions over Kysely. Nothing else in the server writes SQL
 * for the registry.
 */
import { CompiledQuery, type Compilable, type Kysely, type QueryResult, type Transaction } from 'kysely';
import { ACTIVE_STATES, type Request } from '../domain.js';
import { fromRow, toRow, toRowUpdate } from './request-rows.js';
import type { RegistryDatabase, RequestsTable } from './schema.js';
import type { InstanceRecord, RequestFilter, RequestUpdate } from './store.js';

type Db = Kysely<RegistryDatabase> | Transaction<RegistryDatabase>;

/**
 * The INSERT of one or more requests, built and compiled by Kysely once per store and row count,
 * and afterwards only given values: every run records one, and building and compiling it anew
 * each time cost about a tenth of a run. toRow always gives the columns in the same order, the
 * order of the compiled values.
 */
export function requestInsert(db: Kysely<RegistryDatabase>): (target: Db, requests: Request[]) => Promise<void> {
  const sqlByCount = new Map<number, string>();
  return async (target, requests) => {
    let sql = sqlByCount.get(requests.length);
    if (sql === undefined) {
      sql = db.insertInto('scheduler_requests').values(requests.map(toRow)).compile().sql;
      sqlByCount.set(requests.length, sql);
    }
    const values: unknown[] = [];
    for (const request of requests) {
      const row = toRow(request);
      for (const column in row) values.push(row[column as keyof RequestsTable]);
    }
    await target.executeQuery(CompiledQuery.raw(sql, values));
  };
}

/**
 * A statement Kysely builds and compiles once per kind of database, then only binds: the hottest
 * registry statements are the same text every time, and on SQLite building and compiling them
 * cost more than running them. `build` is given placeholder values; callers pass the real ones in
 * the order the compiled statement takes them (the order the builder names them).
 */
function compiledOnce(build: (db: Db) => Compilable): (db: Db, parameters: unknown[]) => Promise<QueryResult<unknown>> {
  // A transaction shares its database's adapter: one compile serves both.
  const sqlByAdapter = new WeakMap<object, string>();
  return (db, parameters) => {
    const adapter = db.getExecutor().adapter;
    let sql = sqlByAdapter.get(adapter);
    if (sql === undefined) {
      sql = build(db).compile().sql;
      sqlByAdapter.set(adapter, sql);
    }
    return db.executeQuery(CompiledQuery.raw(sql, parameters));
  };
}

export async function selectRequest(db: Db, id: string): Promise<Request | undefined> {
  const row = await db.selectFrom('scheduler_requests').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? fromRow(row) : undefined;
}

export async function selectRequestByKey(db: Db, key: string): Promise<Request | undefined> {
  const row = await db
    .selectFrom('scheduler_request_keys')
    .innerJoin('scheduler_requests', 'scheduler_requests.id', 'scheduler_request_keys.request_id')
    .selectAll('scheduler_requests')
    .where('scheduler_request_keys.key', '=', key)
    .executeTakeFirst();
  return row ? fromRow(row) : undefined;
}

/**
 * Who holds `key`: the request id its row points at (null when there is no row) and that
 * request, when it still exists. With `lock`, the key's row stays locked until the transaction
 * ends, so concurrent transactions moving the same key take turns instead of failing each other
 * (servers only: SQLite runs one transaction at a time and has no FOR UPDATE).
 */
export async function selectKeyHolder(db: Db, key: string, lock: boolean): Promise<{ requestId: string | null; request: Request | undefined }> {
  if (lock) {
    const held = await db.selectFrom('scheduler_request_keys').select('request_id').where('key', '=', key).forUpdate().executeTakeFirst();
    return held ? { requestId: held.request_id, request: await selectRequest(db, held.request_id) } : { requestId: null, request: undefined };
  }
  const [row] = (await keyHolderSelect(db, [key])).rows as Array<RequestsTable & { held_by: string }>;
  if (!row) return { requestId: null, request: undefined };
  return { requestId: row.held_by, request: row.id === null ? undefined : fromRow(row as RequestsTable) };
}

const keyHolderSelect = compiledOnce((db) =>
  db
    .selectFrom('scheduler_request_keys')
    .leftJoin('scheduler_requests', 'scheduler_requests.id', 'scheduler_request_keys.request_id')
    .select('scheduler_request_keys.request_id as held_by')
    .selectAll('scheduler_requests')
    .where('scheduler_request_keys.key', '=', ''),
);

const keyInsert = compiledOnce((db) => db.insertInto('scheduler_request_keys').values({ key: '', request_id: '', created_at: 0 }));

/** Takes a free key; fails with the database's duplicate-key error when someone took it first. */
export async function insertKey(db: Db, key: string, requestId: string, now: number): Promise<void> {
  await keyInsert(db, [key, requestId, now]);
}

/** Moves a key from the request it was seen pointing at; false when it points elsewhere by now. */
export async function moveKey(db: Db, key: string, from: string, to: string, now: number): Promise<boolean> {
  const result = await db.updateTable('scheduler_request_keys').set({ request_id: to, created_at: now }).where('key', '=', key).where('request_id', '=', from).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function updateRequest(db: Db, id: string, update: RequestUpdate): Promise<void> {
  const row = toRowUpdate(update);
  if (Object.keys(row).length === 0) return;
  await db.updateTable('scheduler_requests').set(row).where('id', '=', id).execute();
}

const queuedClaim = compiledOnce((db) =>
  db.updateTable('scheduler_requests').set({ state: 'running', started_at: 0, result_table: '' }).where('id', '=', '').where('state', '=', 'queued'),
);

export async function claimQueued(db: Db, id: string, startedAt: number, resultTable: string): Promise<boolean> {
  const result = await queuedClaim(db, ['running', startedAt, resultTable, id, 'queued']);
  return Number(result.numAffectedRows) === 1;
}

/** What a running request taken over to run again is reset to: queued, as if never started. */
const REQUEUED = toRowUpdate({ state: 'queued', startedAt: null, progress: null, progressMessage: null, resultTable: null });

export async function takeOver(db: Db, id: string, from: string | null, to: string, requeue: boolean): Promise<boolean> {
  const result = await db
    .updateTable('scheduler_requests')
    .set(requeue ? { ...REQUEUED, owner: to } : { owner: to })
    .where('id', '=', id)
    .where('state', 'in', ACTIVE_STATES)
    .where((eb) => (from === null ? eb('owner', 'is', null) : eb('owner', '=', from)))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function insertInstance(db: Db, instance: InstanceRecord): Promise<void> {
  await db
    .insertInto('scheduler_instances')
    .values({ id: instance.id, host: instance.host, pid: instance.pid, started_at: instance.startedAt, heartbeat_at: instance.heartbeatAt })
    .execute();
}

export async function updateHeartbeat(db: Db, id: string, now: number): Promise<boolean> {
  const result = await db.updateTable('scheduler_instances').set({ heartbeat_at: now }).where('id', '=', id).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function selectInstances(db: Db): Promise<InstanceRecord[]> {
  const rows = await db.selectFrom('scheduler_instances').selectAll().execute();
  return rows.map((row) => ({ id: row.id, host: row.host, pid: Number(row.pid), startedAt: Number(row.started_at), heartbeatAt: Number(row.heartbeat_at) }));
}

export async function deleteInstance(db: Db, id: string): Promise<void> {
  await db.deleteFrom('scheduler_instances').where('id', '=', id).execute();
}

export async function selectRequests(db: Db, filter: RequestFilter): Promise<Request[]> {
  let query = db.selectFrom('scheduler_requests').selectAll();
  if (filter.user !== undefined) query = query.where('user_name', '=', filter.user);
  if (filter.source !== undefined) query = query.where('source', '=', filter.source);
  if (filter.label !== undefined) query = query.where('label', '=', filter.label);
  if (filter.job !== undefined) query = query.where('job', '=', filter.job);
  if (filter.state !== undefined) query = query.where('state', '=', filter.state);
  if (filter.kind !== undefined) query = query.where('kind', '=', filter.kind);
  if (filter.argsJson !== undefined) query = query.where('args_json', '=', filter.argsJson);
  const rows = await query.orderBy('submitted_at', 'desc').orderBy('id', 'desc').limit(filter.limit).execute();
  return rows.map(fromRow);
}

export async function selectUnfinishedNotOwnedBy(db: Db, liveOwners: string[]): Promise<Request[]> {
  const rows = await db
    .selectFrom('scheduler_requests')
    .selectAll()
    .where('state', 'in', ACTIVE_STATES)
    .where((eb) => (liveOwners.length === 0 ? eb.lit(true) : eb.or([eb('owner', 'is', null), eb('owner', 'not in', liveOwners)])))
    .orderBy('submitted_at')
    .execute();
  return rows.map(fromRow);
}

export async function selectLabels(db: Db, user: string, source: string): Promise<string[]> {
  const rows = await db
    .selectFrom('scheduler_requests')
    .select('label')
    .where('user_name', '=', user)
    .where('source', '=', source)
    .where('label', 'is not', null)
    .where('state', '!=', 'expired')
    .groupBy('label')
    .orderBy((eb) => eb.fn.max('submitted_at'), 'desc')
    .execute();
  return rows.map((row) => row.label as string);
}

const FINISHED_STATES = ['complete', 'failed', 'cancelled', 'timed-out'];

/** Finished requests past their expiry, with the tables to drop; at most `limit`. */
export async function selectExpirable(db: Db, now: number, limit: number): Promise<Array<{ id: string; result_table: string | null }>> {
  return db
    .selectFrom('scheduler_requests')
    .select(['id', 'result_table'])
    .where('state', 'in', FINISHED_STATES)
    .where('expires_at', '<=', now)
    .orderBy('expires_at')
    .limit(limit)
    .execute();
}

/** Which of the given result tables a request still names. */
export async function selectNamedResultTables(db: Db, tables: string[]): Promise<string[]> {
  if (tables.length === 0) return [];
  const rows = await db.selectFrom('scheduler_requests').select('result_table').where('result_table', 'in', tables).execute();
  return rows.map((row) => row.result_table as string);
}

/**
 * Marks requests expired and frees their keys; returns how many this call marked. Another
 * process sweeping the same store may have marked some already: those are left alone.
 */
export async function markExpired(db: Db, ids: string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const result = await db
    .updateTable('scheduler_requests')
    .set({ state: 'expired', result_table: null })
    .where('id', 'in', ids)
    .where('state', 'in', FINISHED_STATES)
    .executeTakeFirst();
  await db.deleteFrom('scheduler_request_keys').where('request_id', 'in', ids).execute();
  return Number(result.numUpdatedRows);
}

export async function deleteExpired(db: Db, before: number): Promise<number> {
  const result = await db.deleteFrom('scheduler_requests').where('state', '=', 'expired').where('expires_at', '<=', before).executeTakeFirst();
  return Number(result.numDeletedRows);
}
