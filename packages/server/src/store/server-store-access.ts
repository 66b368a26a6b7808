/**
 * How a script reaches a MySQL/MariaDB or PostgreSQL store: the `SCHEDULER_STORE_*` variables a
 * `cacheArg` job's program gets. They carry the password, and go only to those programs'
 * environment — never to logs, messages or other jobs.
 *
 * The store's TLS requirement goes with them, so a script does not write in clear text what
 * Scheduler itself only sends over TLS: `SCHEDULER_STORE_SSL` in libpq's sslmode words
 * (`disable`, `require`, `verify-ca`, `verify-full`), `SCHEDULER_STORE_SSL_CA` with the CA file
 * when the URL names one, and the same as `sslmode` / `sslrootcert` in `SCHEDULER_STORE_URL`
 * (which libpq, psycopg and node-postgres read; mysql2 does not, so MySQL scripts read the
 * variables).
 */
import { sslModeName, type TlsRequirement } from '../database/tls-options.js';
import type { ServerLocation } from '../database/driver-endpoint.js';
import type { StoreAccess } from './store.js';

export function serverStoreAccess(location: ServerLocation): StoreAccess {
  const dialect = location.dialect as 'mysql' | 'postgres';
  const environment: Record<string, string> = {
    SCHEDULER_STORE_DIALECT: dialect,
    SCHEDULER_STORE_URL: storeUrl(dialect, location),
    SCHEDULER_STORE_HOST: location.host,
    SCHEDULER_STORE_PORT: String(location.port),
    SCHEDULER_STORE_DATABASE: location.database,
    SCHEDULER_STORE_SSL: sslModeName(location.tls),
  };
  if (location.user !== null) environment.SCHEDULER_STORE_USER = location.user;
  if (location.password !== null) environment.SCHEDULER_STORE_PASSWORD = location.password;
  const caFile = caFilePath(location.tls);
  if (caFile !== null) environment.SCHEDULER_STORE_SSL_CA = caFile;
  return { dialect, environment };
}

/** A plain URL (`mysql://user:password@host:port/db`) that the usual client libraries take. */
function storeUrl(scheme: string, location: ServerLocation): string {
  const user = location.user === null ? '' : encodeURIComponent(location.user);
  const password = location.password === null ? '' : `:${encodeURIComponent(location.password)}`;
  const credentials = user || password ? `${user}${password}@` : '';
  const host = location.host.includes(':') ? `[${location.host}]` : location.host;
  return `${scheme}://${credentials}${host}:${location.port}/${encodeURIComponent(location.database)}${tlsQuery(location.tls)}`;
}

/** Nothing when TLS is off, so the URL stays what it always was. */
function tlsQuery(requirement: TlsRequirement): string {
  if (requirement.mode === 'off') return '';
  const query = new URLSearchParams({ sslmode: sslModeName(requirement) });
  const caFile = caFilePath(requirement);
  if (caFile !== null) query.set('sslrootcert', caFile);
  return `?${query.toString()}`;
}

function caFilePath(requirement: TlsRequirement): string | null {
  return requirement.mode === 'verified' && requirement.caFile ? requirement.caFile.path : null;
}
