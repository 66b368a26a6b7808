/**
 * Opens a SQL job's database at start: reads `url` (with `user`, `password`, `databaseName`),
 * checks `driver` against it, creates the driver's pool and proves the connection with a trivial
 * query. Anything wrong stops the start with a problem line naming the key — and never showing
 * the URL or the password, which the generic config problem lines would print. The URL's TLS
 * options (database/tls-options.ts) are kept: a server without TLS is refused, not used in clear.
 */
import path from 'node:path';
import { ConfigError } from '../../config/config-error.js';
import { DatabaseUrlError, describeLocation, driverMismatch, parseDatabaseUrl, type DatabaseLocation } from '../../database/database-url.js';
import { withCaFileFrom } from '../../database/tls-driver-options.js';
import { explainTlsFailure } from '../../database/tls-failures.js';
import { TlsOptionError, TLS_OFF } from '../../database/tls-options.js';
import type { ExecutorEnvironment } from '../executor.js';
import { errorCode, redact } from './database-errors.js';
import { createMysqlDatabase } from './mysql/mysql-database.js';
import { createPostgresDatabase } from './postgres/postgres-database.js';
import type { SqlConnectionConfig } from './sql-config.js';
import type { DatabaseSettings, SqlDatabase } from './sql-database.js';
import { createSqliteDatabase } from './sqlite/sqlite-database.js';

/** A job's database, connected and checked. */
export interface ConnectedDatabase {
  database: SqlDatabase;
  /** Where it is, without secrets: for logs and messages. */
  description: string;
  /** Values to keep out of every message (the password). */
  secrets: string[];
}

/** Why a connection check failed, by driver error code, in words that say what to fix. */
const CONNECT_HINTS: Record<string, string> = {
  '28P01': 'check user and password',
  '28000': "check the user, and the server's pg_hba.conf rules for this host",
  ER_ACCESS_DENIED_ERROR: 'check user and password',
  ER_ACCESS_DENIED_NO_PASSWORD_ERROR: 'check user and password',
  ER_DBACCESS_DENIED_ERROR: 'the user may not use this database',
  '3D000': 'check the database name in the URL',
  ER_BAD_DB_ERROR: 'check the database name in the URL',
  ENOTFOUND: 'check the host name in the URL',
  EAI_AGAIN: 'the host name could not be resolved now; check the host name in the URL and DNS',
  ECONNREFUSED: 'nothing listens there: check the host and port, and that the database server is running',
  SQLITE_CANTOPEN: 'check the file path; relative paths are relative to the configuration file',
  SQLITE_NOTADB: 'the file is not a SQLite database',
};

/**
 * Connects the job's database; throws a ConfigError naming `jobsConfigList[N].config.url` (or
 * `.driver`) when it cannot be used. `confined` marks SQL that comes from requests.
 */
export async function connectDatabase(config: SqlConnectionConfig, environment: ExecutorEnvironment, mode: { confined: boolean }): Promise<ConnectedDatabase> {
  const key = (name: string) => `${environment.configPath}.config.${name}`;
  const location = readLocation(config, key, environment.baseDir);
  const secrets = [location.dialect === 'sqlite' ? null : location.password, config.password].filter((secret): secret is string => !!secret);
  const description = describeLocation(location);
  const settings: DatabaseSettings = {
    poolSize: config.poolSize,
    connectTimeoutMs: config.connectTimeoutSec * 1000,
    statementTimeoutMs: config.statementTimeoutSec * 1000,
    applicationName: `Scheduler job ${environment.jobName}`,
    log: environment.log,
  };
  const database = openDatabase(location, settings, { readOnly: config.readOnly, confined: mode.confined }, key('url'));
  try {
    await withTimeout(database.check(), settings.connectTimeoutMs + 1000, `no answer within connectTimeoutSec=${config.connectTimeoutSec}`);
  } catch (error) {
    await database.close().catch(() => undefined);
    const tlsProblem = explainTlsFailure(error, location.dialect === 'sqlite' ? TLS_OFF : location.tls);
    if (tlsProblem) throw new ConfigError([`${key('url')}: cannot connect to ${description}: ${redact(tlsProblem, secrets)}`]);
    const code = errorCode(error);
    const hint = code && CONNECT_HINTS[code] ? `; ${CONNECT_HINTS[code]}` : '';
    const reason = redact((error as Error).message ?? String(error), secrets);
    throw new ConfigError([`${key('url')}: cannot connect to ${description}: ${reason}${code && !reason.includes(code) ? ` (${code})` : ''}${hint}`]);
  }
  environment.log.debug({ database: description }, 'SQL job connected');
  return { database, description, secrets };
}

function readLocation(config: SqlConnectionConfig, key: (name: string) => string, baseDir: string): DatabaseLocation {
  let location: DatabaseLocation;
  try {
    location = parseDatabaseUrl(config.url, { user: config.user, password: config.password, database: config.databaseName });
  } catch (error) {
    if (error instanceof DatabaseUrlError) throw new ConfigError([`${key('url')}: ${error.message} (value not shown: it may hold a password)`]);
    throw error;
  }
  const mismatch = config.driver ? driverMismatch(config.driver, location.dialect) : null;
  if (mismatch) throw new ConfigError([`${key('driver')}: ${mismatch}`]);
  // A relative CA file is next to the configuration, as a relative SQLite file is.
  if (location.dialect !== 'sqlite') return { ...location, tls: withCaFileFrom(baseDir, location.tls) };
  if (location.path === ':memory:' || location.path.startsWith('file:')) {
    throw new ConfigError([`${key('url')}: a SQL job needs a SQLite database file (sqlite:PATH); an in-memory database would be empty`]);
  }
  return { dialect: 'sqlite', path: path.resolve(baseDir, location.path) };
}

/** The driver's pool; a CA file that cannot be read is a problem of the URL's TLS options. */
function openDatabase(location: DatabaseLocation, settings: DatabaseSettings, sqlite: { readOnly: boolean; confined: boolean }, urlKey: string): SqlDatabase {
  try {
    if (location.dialect === 'sqlite') return createSqliteDatabase(location.path, settings, sqlite);
    return location.dialect === 'postgres' ? createPostgresDatabase(location, settings) : createMysqlDatabase(location, settings);
  } catch (error) {
    if (error instanceof TlsOptionError) throw new ConfigError([`${urlKey}: ${error.message}`]);
    throw error;
  }
}

async function withTimeout(promise: Promise<void>, ms: number, message: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([promise, new Promise<never>((_resolve, reject) => (timer = setTimeout(() => reject(new Error(message)), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}
