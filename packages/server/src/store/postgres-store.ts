/**
 * The PostgreSQL store: `store.url: postgres://…` or the original's `cacheJdbcConfig.url:
 * jdbc:postgresql://…`. A pool of `store.poolSize` connections, with the values PostgreSQL sends
 * as text parsed into what the store works with (see {@link TYPE_PARSERS}).
 */
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { describeLocation } from '../database/database-url.js';
import { postgresEndpoint } from '../database/driver-endpoint.js';
import { KyselyStore } from './kysely-store.js';
import { isPostgresConnectivityError, postgresDialect } from './postgres-dialect.js';
import type { RegistryDatabase } from './schema.js';
import { serverStoreAccess } from './server-store-access.js';
import type { ServerStoreOptions } from './server-store-options.js';
import { GuardedDialect, type UnreachableStoreGuard } from './unreachable-store-guard.js';
import { WriteGate } from './write-gate.js';

/**
 * pg hands BIGINT over as a string (it can exceed a double); the store's BIGINTs are epoch
 * milliseconds, counts and row numbers, all far below 2^53. Timestamps without a time zone, and
 * dates, in scripts' tables are read as UTC — as the MySQL store's session is — rather than in
 * whatever zone this server runs in.
 */
const TYPE_PARSERS = new Map<number, (value: string) => unknown>([
  [20, Number], // int8
  [1114, (value) => Date.parse(`${value.replace(' ', 'T')}Z`)], // timestamp
  [1082, (value) => Date.parse(`${value}T00:00:00Z`)], // date
]);

/** Idle connections are probed, so one a firewall dropped is noticed before a request needs it. */
const KEEP_ALIVE_DELAY_MS = 10_000;

export function createPostgresStore(options: ServerStoreOptions): KyselyStore {
  const { location } = options;
  const pool = new pg.Pool({
    ...postgresEndpoint(location),
    max: options.poolSize,
    connectionTimeoutMillis: options.connectTimeoutSec * 1000,
    keepAlive: true,
    keepAliveInitialDelayMillis: KEEP_ALIVE_DELAY_MS,
    application_name: 'scheduler',
    types: { getTypeParser: ((oid: number, format?: 'text' | 'binary') => TYPE_PARSERS.get(oid) ?? pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig['getTypeParser'] },
  });
  // A connection that breaks reports it as an event — idle ones to the pool, busy ones to their
  // client. The pool then drops it and opens a new one when needed; without listeners, the event
  // would end the process.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  const guard: UnreachableStoreGuard = { where: describeLocation(location), isConnectivityError: isPostgresConnectivityError, secrets: location.password ? [location.password] : [] };
  const db = new Kysely<RegistryDatabase>({ dialect: new GuardedDialect(new PostgresDialect({ pool }), guard) });
  const dialect = postgresDialect(pool, WriteGate.forPool(options.poolSize), guard);
  return new KyselyStore(db, dialect, { batchSize: options.batchSize, pingTimeoutMs: options.connectTimeoutSec * 1000 }, serverStoreAccess(location));
}
