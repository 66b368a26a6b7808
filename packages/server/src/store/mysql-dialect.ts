/** MySQL's and MariaDB's side of the {@link StoreDialect}. */
import { sql } from 'kysely';
import type { Pool } from 'mysql2';
import { MYSQL_IDENTIFIERS, quoteMysqlId } from './mysql-identifiers.js';
import { mysqlResultWriter } from './mysql-result-writer.js';
import { errorCode, errorMessage, isNetworkError } from './network-errors.js';
import { ROW_ORDER_COLUMN } from './result-column-names.js';
import type { AnyDb, StoreDialect } from './store-dialect.js';
import { guardError, type UnreachableStoreGuard } from './unreachable-store-guard.js';
import type { WriteGate } from './write-gate.js';

/** Server error numbers of a lost race: duplicate key, deadlock, and MariaDB's snapshot-isolation conflict. */
const CONFLICT_ERRNOS = new Set([1062, 1213, 1020]);

export function mysqlDialect(pool: Pool, gate: WriteGate, guard: UnreachableStoreGuard): StoreDialect {
  return {
    name: 'mysql',
    identifiers: MYSQL_IDENTIFIERS,
    lockingReads: true,
    rowOrderType: 'bigint',
    // TEXT holds 64 KB: results keep whole strings, so LONGTEXT. BOOLEAN is TINYINT(1).
    sqlType: (type) => ({ time: 'bigint', number: 'double', string: 'longtext', boolean: 'boolean' })[type],
    // Results hold any text, whatever the database's default character set (often latin1).
    tableOptions: 'default character set utf8mb4',
    writeTable: mysqlResultWriter(pool, gate, guard),
    // Arrays straight from mysql2: no object per row, no Kysely on the hottest read path.
    readPage(table, sqlNames, after, limit) {
      const names = [ROW_ORDER_COLUMN, ...sqlNames].map(quoteMysqlId).join(', ');
      const order = quoteMysqlId(ROW_ORDER_COLUMN);
      const query = { sql: `select ${names} from ${quoteMysqlId(table)} where ${order} > ? order by ${order} limit ${Math.trunc(limit)}`, values: [after], rowsAsArray: true };
      return new Promise((resolve, reject) => {
        pool.query(query, (error, rows) => (error ? reject(guardError(guard, error)) : resolve(rows as unknown[][])));
      });
    },
    describeTable,
    addRowOrder,
    isWriteConflict: isMysqlWriteConflict,
  };
}

async function describeTable(db: AnyDb, table: string): Promise<Array<{ name: string; sqlType: string }> | null> {
  const { rows } = await sql<{ name: string; column_type: string; data_type: string }>`
    select column_name as name, column_type, data_type from information_schema.columns
    where table_schema = database() and table_name = ${table} order by ordinal_position`.execute(db);
  if (rows.length === 0) return null;
  // BOOLEAN is an alias: the table says tinyint(1), which is what a script's BOOLEAN became.
  return rows.map((row) => ({ name: row.name, sqlType: /^tinyint\(1\)/i.test(row.column_type) ? 'boolean' : row.data_type }));
}

/**
 * An AUTO_INCREMENT column added by ALTER TABLE is numbered in the order the table is rebuilt:
 * insertion order for a table without a primary key (InnoDB's hidden row id), else the primary
 * key's order. A table can have one AUTO_INCREMENT column; when the script made its own, that
 * column's values are the order.
 */
async function addRowOrder(db: AnyDb, table: string): Promise<void> {
  const { rows } = await sql<{ name: string }>`
    select column_name as name from information_schema.columns
    where table_schema = database() and table_name = ${table} and extra like '%auto_increment%'`.execute(db);
  const order = sql.id(ROW_ORDER_COLUMN);
  const target = sql.id(table);
  const own = rows[0]?.name;
  if (own === undefined) {
    await sql`alter table ${target} add column ${order} bigint not null auto_increment, add unique key ${order} (${order})`.execute(db);
    return;
  }
  await sql`alter table ${target} add column ${order} bigint`.execute(db);
  await sql`update ${target} set ${order} = ${sql.id(own)}`.execute(db);
  await sql`alter table ${target} add index ${order} (${order})`.execute(db);
}

function isMysqlWriteConflict(error: unknown): boolean {
  const errno = (error as { errno?: unknown } | null)?.errno;
  return typeof errno === 'number' && CONFLICT_ERRNOS.has(errno);
}

/**
 * The connection or server is gone: a socket error, or an error mysql2 marks fatal (it ends the
 * connection: lost connection, refused handshake).
 */
export function isMysqlConnectivityError(error: unknown): boolean {
  if (isNetworkError(error) || (error as { fatal?: unknown } | null)?.fatal === true) return true;
  const code = errorCode(error);
  return code === 'PROTOCOL_CONNECTION_LOST' || /connection is in closed state/i.test(errorMessage(error));
}
