/** PostgreSQL's side of the {@link StoreDialect}. */
import { sql } from 'kysely';
import type pg from 'pg';
import { errorCode, errorMessage, isNetworkError } from './network-errors.js';
import { postgresCopyWriter } from './postgres-copy-writer.js';
import { POSTGRES_IDENTIFIERS, quotePostgresId } from './postgres-identifiers.js';
import { ROW_ORDER_COLUMN } from './result-column-names.js';
import type { AnyDb, StoreDialect } from './store-dialect.js';
import { guardError, type UnreachableStoreGuard } from './unreachable-store-guard.js';
import type { WriteGate } from './write-gate.js';

/** SQLSTATEs of a lost race: unique violation, deadlock, serialization failure. */
const CONFLICT_STATES = new Set(['23505', '40P01', '40001']);
/** SQLSTATEs of a server going away or refusing connections: admin/crash shutdown, starting up, too many connections. */
const UNREACHABLE_STATES = new Set(['57P01', '57P02', '57P03', '53300']);

export function postgresDialect(pool: pg.Pool, gate: WriteGate, guard: UnreachableStoreGuard): StoreDialect {
  return {
    name: 'postgres',
    identifiers: POSTGRES_IDENTIFIERS,
    lockingReads: true,
    rowOrderType: 'bigint',
    sqlType: (type) => ({ time: 'bigint', number: 'double precision', string: 'text', boolean: 'boolean' })[type],
    writeTable: postgresCopyWriter(pool, gate, guard),
    // Arrays straight from pg: no object per row, no Kysely on the hottest read path.
    async readPage(table, sqlNames, after, limit) {
      const names = [ROW_ORDER_COLUMN, ...sqlNames].map(quotePostgresId).join(', ');
      const order = quotePostgresId(ROW_ORDER_COLUMN);
      const text = `select ${names} from ${quotePostgresId(table)} where ${order} > $1 order by ${order} limit ${Math.trunc(limit)}`;
      try {
        return (await pool.query<unknown[]>({ text, values: [after], rowMode: 'array' })).rows;
      } catch (error) {
        throw guardError(guard, error);
      }
    },
    describeTable,
    addRowOrder,
    isWriteConflict: (error) => CONFLICT_STATES.has(errorCode(error) ?? ''),
  };
}

async function describeTable(db: AnyDb, table: string): Promise<Array<{ name: string; sqlType: string }> | null> {
  const { rows } = await sql<{ name: string; data_type: string }>`
    select column_name as name, data_type from information_schema.columns
    where table_schema = current_schema() and table_name = ${table} order by ordinal_position`.execute(db);
  return rows.length === 0 ? null : rows.map((row) => ({ name: row.name, sqlType: row.data_type }));
}

/**
 * A bigserial column added by ALTER TABLE is numbered in the order the table is rewritten: the
 * heap's order, which for a table filled by INSERTs or COPY and not updated is insertion order.
 * The index is unnamed: PostgreSQL picks a free name (ours could clash with a 63-byte table name).
 */
async function addRowOrder(db: AnyDb, table: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sql`alter table ${sql.id(table)} add column ${sql.id(ROW_ORDER_COLUMN)} bigserial`.execute(trx);
    await sql`create index on ${sql.id(table)} (${sql.id(ROW_ORDER_COLUMN)})`.execute(trx);
  });
}

/** The connection or server is gone: a socket error, SQLSTATE class 08, or a server shutting down. */
export function isPostgresConnectivityError(error: unknown): boolean {
  if (isNetworkError(error)) return true;
  const code = errorCode(error) ?? '';
  if (code.startsWith('08') || UNREACHABLE_STATES.has(code)) return true;
  return /Connection terminated|not queryable|timeout exceeded when trying to connect|Client was closed/i.test(errorMessage(error));
}
