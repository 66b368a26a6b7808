/**
 * Where a database is, read from the URL forms users already have: the original's JDBC URLs
 * (`jdbc:mysql://host:3306/db?characterEncoding=latin1`, `jdbc:mariadb://…`,
 * `jdbc:postgresql://host:5432/db`, `jdbc:sqlite:path`) and plain ones (`mysql://user:pass@host/db`,
 * `mariadb://…`, `postgres://…`, `postgresql://…`, `sqlite:path`). Shared by the result store and
 * the SQL executors. The TLS options among the URL's query options are read here too (see
 * tls-options.ts), so a URL that asks for TLS is never opened without it.
 */
import { readTlsRequirement, TlsOptionError, type TlsRequirement } from './tls-options.js';

export type DatabaseDialect = 'sqlite' | 'mysql' | 'postgres';

export type DatabaseLocation =
  | { dialect: 'sqlite'; path: string }
  | { dialect: 'mysql' | 'postgres'; host: string; port: number; database: string; user: string | null; password: string | null; options: Record<string, string>; tls: TlsRequirement };

const SERVER_SCHEMES: Record<string, { dialect: 'mysql' | 'postgres'; port: number }> = {
  mysql: { dialect: 'mysql', port: 3306 },
  mariadb: { dialect: 'mysql', port: 3306 },
  postgres: { dialect: 'postgres', port: 5432 },
  postgresql: { dialect: 'postgres', port: 5432 },
};

export const SUPPORTED_URL_FORMS = 'jdbc:mysql://HOST:PORT/DB, jdbc:mariadb://…, jdbc:postgresql://…, jdbc:sqlite:PATH, mysql://USER:PASSWORD@HOST:PORT/DB, mariadb://…, postgres://…, sqlite:PATH';

export class DatabaseUrlError extends Error {}

/**
 * Parses a database URL. `credentials` fill in what the URL leaves out (the original gave them
 * as separate keys). Errors never repeat the URL: it may hold a password.
 */
export function parseDatabaseUrl(url: string, credentials: { user?: string | null; password?: string | null; database?: string | null } = {}): DatabaseLocation {
  const plain = url.trim().replace(/^jdbc:/i, '');
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(plain)?.[1]?.toLowerCase();
  if (scheme === 'sqlite') {
    const path = plain.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (path === '') throw new DatabaseUrlError('a sqlite URL needs a file path, as in sqlite:./data/scheduler.db');
    return { dialect: 'sqlite', path };
  }
  const server = scheme ? SERVER_SCHEMES[scheme] : undefined;
  if (!server) throw new DatabaseUrlError(`unsupported kind of database URL${scheme ? ` "${scheme}:"` : ''}; use one of ${SUPPORTED_URL_FORMS}`);
  let parsed: URL;
  try {
    parsed = new URL(plain);
  } catch {
    throw new DatabaseUrlError(`not a valid ${scheme} URL; expected ${scheme}://HOST:PORT/DATABASE`);
  }
  if (!parsed.hostname) throw new DatabaseUrlError(`the ${scheme} URL names no host; expected ${scheme}://HOST:PORT/DATABASE`);
  const options = Object.fromEntries(parsed.searchParams);
  let tls: TlsRequirement;
  try {
    tls = readTlsRequirement(options);
  } catch (error) {
    if (error instanceof TlsOptionError) throw new DatabaseUrlError(error.message);
    throw error;
  }
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, '')) || credentials.database || '';
  if (!database) throw new DatabaseUrlError(`the ${scheme} URL names no database; expected ${scheme}://HOST:PORT/DATABASE (or set databaseName)`);
  return {
    dialect: server.dialect,
    host: parsed.hostname.replace(/^\[|\]$/g, ''),
    port: parsed.port ? Number(parsed.port) : server.port,
    database,
    user: parsed.username ? decodeURIComponent(parsed.username) : (credentials.user ?? null),
    password: parsed.password ? decodeURIComponent(parsed.password) : (credentials.password ?? null),
    options,
    tls,
  };
}

/** The location without secrets, for messages and logs. */
export function describeLocation(location: DatabaseLocation): string {
  if (location.dialect === 'sqlite') return `sqlite:${location.path}`;
  return `${location.dialect}://${location.user ? `${location.user}@` : ''}${location.host}:${location.port}/${location.database}`;
}

/** JDBC driver classes of the original's configurations, and the dialect each implies. */
const JDBC_DRIVERS: Record<string, DatabaseDialect> = {
  'com.mysql.jdbc.Driver': 'mysql',
  'com.mysql.cj.jdbc.Driver': 'mysql',
  'org.mariadb.jdbc.Driver': 'mysql',
  'org.postgresql.Driver': 'postgres',
  'org.sqlite.JDBC': 'sqlite',
};

/** A problem when a configured JDBC driver class does not fit the URL's database, else null. */
export function driverMismatch(driver: string, dialect: DatabaseDialect): string | null {
  const implied = JDBC_DRIVERS[driver.trim()];
  if (!implied) return `unknown JDBC driver class; known: ${Object.keys(JDBC_DRIVERS).join(', ')} (it is not needed: the URL decides)`;
  return implied === dialect ? null : `driver ${driver} is for ${implied}, but the URL is ${dialect}; remove the driver key or fix the URL`;
}
