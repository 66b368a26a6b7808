/**
 * Scheduler processes sharing one store, and which of them holds each unfinished request, so a
 * process that starts (or notices another one has stopped) takes over only the requests of
 * processes that are gone — never those another live process is queueing or running.
 */
import type { Kysely } from 'kysely';
import { withExactText } from './dialect-types.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  const instances = db.schema
    .createTable('scheduler_instances')
    .addColumn('id', 'varchar(64)', (column) => column.primaryKey())
    .addColumn('host', 'varchar(256)', (column) => column.notNull())
    .addColumn('pid', 'integer', (column) => column.notNull())
    .addColumn('started_at', 'bigint', (column) => column.notNull())
    .addColumn('heartbeat_at', 'bigint', (column) => column.notNull());
  await withExactText(db, instances).execute();
  await db.schema.alterTable('scheduler_requests').addColumn('owner', 'varchar(64)').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('scheduler_requests').dropColumn('owner').execute();
  await db.schema.dropTable('scheduler_instances').execute();
}
