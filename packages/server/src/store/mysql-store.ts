/**
 * The MySQL/MariaDB store: `store.url: mysql://…` or the original's `cacheJdbcConfig.url:
 * jdbc:mysql://…` / `jdbc:mariadb://…`. A pool of `store.poolSize` connections, each set up
 * the same way whatever the server's defaults (see {@link SESSION_SETUP}).
 */
import { Kysely, MysqlDialect } from 'kysely';
import mysql from 'mysql2';
import { describeLocation } from '../database/database-url.js';
import { mysqlEndpoint } from '../database/driver-endpoint.js';
import { KyselyStore } from './kysely-store.js';
import { isMysqlConnectivityError, mysqlDialect } from './mysql-dialect.js';
import type { RegistryDatabase } from './schema.js';
import { serverStoreAccess } from './server-store-access.js';
import type { ServerStoreOptions } from './server-store-options.js';
import { GuardedDialect, type UnreachableStoreGuard } from './unreachable-store-guard.js';
import { WriteGate } from './write-gate.js';

/**
 * Every connection's session: strict mode, so a value that does not fit is an error rather than
 * silently cut; no NO_BACKSLASH_ESCAPES, which the driver's escaping relies on; and UTC, so
 * DATETIME and TIMESTAMP columns of scripts' tables read as the same instants everywhere.
 */
const SESSION_SETUP = "set session sql_mode = 'STRICT_TRANS_TABLES,NO_ENGINE_SUBSTITUTION', session time_zone = '+00:00'";

/** Idle connections are probed, so one a firewall dropped is noticed before a request needs it. */
const KEEP_ALIVE_DELAY_MS = 10_000;

export function createMysqlStore(options: ServerStoreOptions): KyselyStore {
  const { location } = options;
  const pool = mysql.createPool({
    ...mysqlEndpoint(location),
    connectionLimit: options.poolSize,
    connectTimeout: options.connectTimeoutSec * 1000,
    charset: 'utf8mb4',
    timezone: 'Z',
    supportBigNumbers: true,
    enableKeepAlive: true,
    keepAliveInitialDelay: KEEP_ALIVE_DELAY_MS,
    multipleStatements: false,
  });
  pool.on('connection', (connection) => {
    // A pooled connection that breaks while idle reports it as an event; the pool drops it and
    // the next statement opens a new one. Without a listener, the event would end the process.
    connection.on('error', () => undefined);
    // A connection runs its statements in order, so this one runs before any other on it. A
    // connection that cannot be set up is closed; the statement waiting for it then fails.
    connection.query(SESSION_SETUP, (error) => {
      if (error) connection.destroy();
    });
  });
  const guard: UnreachableStoreGuard = { where: describeLocation(location), isConnectivityError: isMysqlConnectivityError, secrets: location.password ? [location.password] : [] };
  const db = new Kysely<RegistryDatabase>({ dialect: new GuardedDialect(new MysqlDialect({ pool }), guard) });
  return new KyselyStore(db, mysqlDialect(pool, WriteGate.forPool(options.poolSize), guard), { batchSize: options.batchSize, pingTimeoutMs: options.connectTimeoutSec * 1000 }, serverStoreAccess(location));
}
