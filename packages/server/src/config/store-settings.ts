/**
 * Which result store the configuration asks for. In order: `store.url` (new configurations),
 * the original's `cacheJdbcConfig.url` (with `.user`, `.password`, `.databaseName`, `.driver`),
 * else the embedded SQLite store of `cacheSqliteConfig` (or memory with `inMemoryCache`). A
 * server URL's TLS options are read with it (database/tls-options.ts): a bad or contradictory
 * one is a problem of `store.url` / `cacheJdbcConfig.url`.
 */
import { describeLocation, driverMismatch, parseDatabaseUrl, DatabaseUrlError, type DatabaseLocation } from '../database/database-url.js';
import { withCaFileFrom } from '../database/tls-driver-options.js';

export interface StoreSettings {
  location: DatabaseLocation | { dialect: 'sqlite'; path: string; inMemory: true };
  /** The key the location came from, for messages ("cacheJdbcConfig.url: cannot connect…"). */
  sourceKey: string;
  /** Connections kept open to a database server. */
  poolSize: number;
  /** How long connecting may take, in seconds. */
  connectTimeoutSec: number;
  /** Rows per INSERT when storing a result in SQLite (server stores size their own batches). */
  batchSize: number;
  /** SQLite only: how long a statement waits for a lock held by another connection. */
  busyTimeoutMs: number;
}

export interface StoreSection {
  url?: string;
  user?: string;
  password?: string;
  poolSize: number;
  connectTimeoutSec: number;
}

interface StoreInputs {
  store: StoreSection;
  inMemoryCache: boolean;
  cacheSqliteConfig: { path: string; timeoutMillis: number; batchSize: number };
  cacheJdbcConfig?: { driver?: string; url?: string; user?: string; password?: string; databaseName?: string };
}

export function resolveStoreSettings(inputs: StoreInputs): { settings: StoreSettings | null; problems: string[] } {
  const { store, cacheJdbcConfig: jdbc, cacheSqliteConfig: sqlite } = inputs;
  const common = { poolSize: store.poolSize, connectTimeoutSec: store.connectTimeoutSec, batchSize: sqlite.batchSize, busyTimeoutMs: sqlite.timeoutMillis };
  if (store.url && jdbc?.url) {
    return { settings: null, problems: ['store.url: both store.url and cacheJdbcConfig.url name a store; keep one'] };
  }
  const source = store.url
    ? { key: 'store', url: store.url, credentials: { user: store.user, password: store.password } }
    : jdbc?.url
      ? { key: 'cacheJdbcConfig', url: jdbc.url, credentials: { user: jdbc.user, password: jdbc.password, database: jdbc.databaseName } }
      : null;
  if (!source) {
    const location = inputs.inMemoryCache ? ({ dialect: 'sqlite', path: ':memory:', inMemory: true } as const) : { dialect: 'sqlite' as const, path: sqlite.path };
    return { settings: { location, sourceKey: 'cacheSqliteConfig.path', ...common }, problems: [] };
  }
  let location: DatabaseLocation;
  try {
    location = parseDatabaseUrl(source.url, source.credentials);
  } catch (error) {
    if (error instanceof DatabaseUrlError) return { settings: null, problems: [`${source.key}.url: ${error.message}`] };
    throw error;
  }
  const problems: string[] = [];
  if (jdbc?.driver && source.key === 'cacheJdbcConfig') {
    const mismatch = driverMismatch(jdbc.driver, location.dialect);
    if (mismatch) problems.push(`cacheJdbcConfig.driver: ${mismatch}`);
  }
  if (jdbc?.databaseName && location.dialect !== 'sqlite' && location.database !== jdbc.databaseName) {
    problems.push(`cacheJdbcConfig.databaseName: "${jdbc.databaseName}" differs from the database in the URL (${describeLocation(location)}); remove one`);
  }
  // A relative CA file is read from the working directory, as cacheSqliteConfig.path is; made
  // absolute now so that scripts, which run elsewhere, get a path that works for them too.
  if (location.dialect !== 'sqlite') location = { ...location, tls: withCaFileFrom(process.cwd(), location.tls) };
  return { settings: problems.length ? null : { location, sourceKey: `${source.key}.url`, ...common }, problems };
}
