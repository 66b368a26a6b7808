/**
 * The embedded default store: SQLite through better-sqlite3, in `cacheSqliteConfig.path`
 * (a folder holding `scheduler.db`, or a file path ending in .db/.sqlite/.sqlite3), or in memory
 * with `inMemoryCache=true` (nothing then survives a restart).
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Kysely } from 'kysely';
import { KyselyStore } from './kysely-store.js';
import type { RegistryDatabase } from './schema.js';
import { GroupCommitSqliteDialect } from './sqlite-group-commit.js';
import type { StoreAccess } from './store.js';
import { sqliteDialect } from './sqlite-dialect.js';

export interface SqliteStoreOptions {
  /** A folder (the file is scheduler.db in it) or a database file path. */
  path: string;
  inMemory: boolean;
  /** How long a statement waits for a lock held by another connection. */
  busyTimeoutMs: number;
  batchSize: number;
}

export const SQLITE_FILE_NAME = 'scheduler.db';

/** A local file answers at once, unless another process holds a long write lock. */
const SQLITE_PING_TIMEOUT_MS = 5_000;

export function sqliteFilePath(configured: string): string {
  return /\.(db|sqlite3?)$/i.test(configured) ? path.resolve(configured) : path.resolve(configured, SQLITE_FILE_NAME);
}

/**
 * WAL pages written before SQLite copies them back into the database file (its default: 1,000).
 * Each of those checkpoints fsyncs; at 10,000 pages (about 40 MB of WAL) there are a tenth as
 * many, and a page rewritten by many small commits (the registry's last page, say) is copied back
 * once. Measured: raw inserts about a quarter faster. The WAL is emptied again at each checkpoint
 * and when the store closes.
 */
const WAL_CHECKPOINT_PAGES = 10_000;

/**
 * The store's connection settings (also what the bench's raw-SQLite yardsticks use). WAL lets
 * readers go on while a result is written; NORMAL sync is durable across a process crash (only an
 * OS crash can lose the last commits), which is what "restart keeps every request" needs, at a
 * fraction of FULL's fsync cost.
 */
export function tuneSqliteConnection(database: Database.Database): void {
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma(`wal_autocheckpoint = ${WAL_CHECKPOINT_PAGES}`);
}

export function createSqliteStore(options: SqliteStoreOptions): KyselyStore {
  let file = ':memory:';
  if (!options.inMemory) {
    file = sqliteFilePath(options.path);
    mkdirSync(path.dirname(file), { recursive: true });
  }
  const database = new Database(file, { timeout: options.busyTimeoutMs });
  tuneSqliteConnection(database);
  const db = new Kysely<RegistryDatabase>({ dialect: new GroupCommitSqliteDialect(database) });
  return new KyselyStore(db, sqliteDialect, { batchSize: options.batchSize, pingTimeoutMs: SQLITE_PING_TIMEOUT_MS }, sqliteAccess(file));
}

/** Scripts reach an SQLite store through its file; an in-memory store they cannot reach at all. */
function sqliteAccess(file: string): StoreAccess {
  if (file === ':memory:') return { dialect: 'sqlite', environment: { SCHEDULER_STORE_DIALECT: 'sqlite' } };
  return { dialect: 'sqlite', environment: { SCHEDULER_STORE_DIALECT: 'sqlite', SCHEDULER_STORE_PATH: file, SCHEDULER_STORE_URL: `sqlite:${file}` } };
}
