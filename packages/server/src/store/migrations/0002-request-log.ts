/** Keeps the end of what a job printed (a script's stderr) with its request. */
import type { Kysely } from 'kysely';
import { longText } from './dialect-types.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('scheduler_requests').addColumn('job_log', longText(db)).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('scheduler_requests').dropColumn('job_log').execute();
}
