/**
 * How a script reaches a MySQL/MariaDB or PostgreSQL store: the `SCHEDULER_STORE_*` variables a
 * `cacheArg` job's program gets. They carry the password, and go only to those programs'
 * environment — never to logs, messages or other jobs.
 */
import type { ServerLocation } from './server-store-options.js';
import type { StoreAccess } from './store.js';

export function serverStoreAccess(location: ServerLocation): StoreAccess {
  const dialect = location.dialect as 'mysql' | 'postgres';
  const environment: Record<string, string> = {
    SCHEDULER_STORE_DIALECT: dialect,
    SCHEDULER_STORE_URL: storeUrl(dialect, location),
    SCHEDULER_STORE_HOST: location.host,
    SCHEDULER_STORE_PORT: String(location.port),
    SCHEDULER_STORE_DATABASE: location.database,
  };
  if (location.user !== null) environment.SCHEDULER_STORE_USER = location.user;
  if (location.password !== null) environment.SCHEDULER_STORE_PASSWORD = location.password;
  return { dialect, environment };
}

/** A plain URL (`mysql://user:password@host:port/db`) that the usual client libraries take. */
function storeUrl(scheme: string, location: ServerLocation): string {
  const user = location.user === null ? '' : encodeURIComponent(location.user);
  const password = location.password === null ? '' : `:${encodeURIComponent(location.password)}`;
  const credentials = user || password ? `${user}${password}@` : '';
  const host = location.host.includes(':') ? `[${location.host}]` : location.host;
  return `${scheme}://${credentials}${host}:${location.port}/${encodeURIComponent(location.database)}`;
}
