/**
 * The few column and table details the registry's migrations must spell differently on MySQL,
 * so that one migration set serves SQLite, MySQL/MariaDB and PostgreSQL alike. On SQLite and
 * PostgreSQL these are exactly what the migrations said before MySQL stores existed.
 */
import { MysqlAdapter, sql, type CreateTableBuilder, type Kysely } from 'kysely';

function isMysql(db: Kysely<unknown>): boolean {
  return db.getExecutor().adapter instanceof MysqlAdapter;
}

/** Text of any length: MySQL's TEXT stops at 64 KB, which a job's log or a wide result's column list can pass. */
export function longText(db: Kysely<unknown>) {
  return isMysql(db) ? sql`longtext` : sql`text`;
}

/**
 * MySQL tables in utf8mb4 (any character, whatever the database's default) with a binary
 * collation, so that users, labels, sources and arguments compare exactly: the server's usual
 * default collation would take "Ana" and "ana" for the same user.
 */
export function withExactText<T extends string, C extends string>(db: Kysely<unknown>, table: CreateTableBuilder<T, C>): CreateTableBuilder<T, C> {
  return isMysql(db) ? table.modifyEnd(sql`default character set utf8mb4 collate utf8mb4_bin`) : table;
}
