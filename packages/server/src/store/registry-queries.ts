/**
 * Every registry statement, as named functions over Kysely. Nothing else in the server writes SQL
 * for the registry.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Request, RequestState } from '../domain.js';
import { fromRow, toRow, toRowUpdate } from './request-rows.js';
import type { RegistryDatabase } from './schema.js';
import type { RequestFilter, RequestUpdate } from './store.js';

type Db = Kysely<RegistryDatabase> | Transaction<RegistryDatabase>;

export async function insertRequest(db: Db, request: Request): Promise<void> {
  await db.insertInto('scheduler_requests').values(toRow(request)).execute();
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

export async function pointKeyAt(db: Db, key: string, requestId: string, now: number): Promise<void> {
  await db.deleteFrom('scheduler_request_keys').where('key', '=', key).execute();
  await db.insertInto('scheduler_request_keys').values({ key, request_id: requestId, created_at: now }).execute();
}

export async function updateRequest(db: Db, id: string, update: RequestUpdate): Promise<void> {
  const row = toRowUpdate(update);
  if (Object.keys(row).length === 0) return;
  await db.updateTable('scheduler_requests').set(row).where('id', '=', id).execute();
}

export async function claimQueued(db: Db, id: string, startedAt: number): Promise<boolean> {
  const result = await db.updateTable('scheduler_requests').set({ state: 'running', started_at: startedAt }).where('id', '=', id).where('state', '=', 'queued').executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
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

export async function selectRequestsInStates(db: Db, states: RequestState[]): Promise<Request[]> {
  const rows = await db.selectFrom('scheduler_requests').selectAll().where('state', 'in', states).orderBy('submitted_at').execute();
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

/** Finished requests past their expiry, with the tables to drop. */
export async function selectExpirable(db: Db, now: number): Promise<Array<{ id: string; result_table: string | null }>> {
  return db
    .selectFrom('scheduler_requests')
    .select(['id', 'result_table'])
    .where('state', 'in', ['complete', 'failed', 'cancelled', 'timed-out'])
    .where('expires_at', '<=', now)
    .execute();
}

export async function markExpired(db: Db, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await db.updateTable('scheduler_requests').set({ state: 'expired', result_table: null }).where('id', 'in', ids).execute();
  await db.deleteFrom('scheduler_request_keys').where('request_id', 'in', ids).execute();
}

export async function deleteExpired(db: Db, before: number): Promise<number> {
  const result = await db.deleteFrom('scheduler_requests').where('state', '=', 'expired').where('expires_at', '<=', before).executeTakeFirst();
  return Number(result.numDeletedRows);
}
