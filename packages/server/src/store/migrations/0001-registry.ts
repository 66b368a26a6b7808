/**
 * The request registry and its dedupe/label keys. Append-only: later changes get new files. The
 * types MySQL spells differently come from dialect-types.ts; on SQLite and PostgreSQL this
 * creates exactly the tables it always did.
 */
import type { Kysely } from 'kysely';
import { longText, withExactText } from './dialect-types.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  const text = longText(db);
  const requests = db.schema
    .createTable('scheduler_requests')
    .addColumn('id', 'varchar(64)', (column) => column.primaryKey())
    .addColumn('kind', 'varchar(16)', (column) => column.notNull())
    .addColumn('job', 'varchar(128)', (column) => column.notNull())
    .addColumn('args_json', text, (column) => column.notNull())
    .addColumn('label', 'varchar(256)')
    .addColumn('source', 'varchar(256)', (column) => column.notNull())
    .addColumn('user_name', 'varchar(256)', (column) => column.notNull())
    .addColumn('state', 'varchar(16)', (column) => column.notNull())
    .addColumn('progress', 'integer')
    .addColumn('progress_message', text)
    .addColumn('error', text)
    .addColumn('row_count', 'bigint')
    .addColumn('result_table', 'varchar(64)')
    .addColumn('result_columns_json', text)
    .addColumn('submitted_at', 'bigint', (column) => column.notNull())
    .addColumn('started_at', 'bigint')
    .addColumn('finished_at', 'bigint')
    .addColumn('expires_at', 'bigint');
  await withExactText(db, requests).execute();
  await db.schema.createIndex('scheduler_requests_user').on('scheduler_requests').columns(['user_name', 'submitted_at']).execute();
  await db.schema.createIndex('scheduler_requests_state').on('scheduler_requests').columns(['state', 'expires_at']).execute();
  const keys = db.schema
    .createTable('scheduler_request_keys')
    .addColumn('key', 'varchar(255)', (column) => column.primaryKey())
    .addColumn('request_id', 'varchar(64)', (column) => column.notNull())
    .addColumn('created_at', 'bigint', (column) => column.notNull().defaultTo(0));
  await withExactText(db, keys).execute();
  await db.schema.createIndex('scheduler_request_keys_request').on('scheduler_request_keys').column('request_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('scheduler_request_keys').execute();
  await db.schema.dropTable('scheduler_requests').execute();
}
