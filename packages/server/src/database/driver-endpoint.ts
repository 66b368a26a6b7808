/**
 * Where and as whom a driver connects, from a parsed database URL: host, port, database,
 * credentials and TLS, spelled the same way by mysql2 and pg. The result store and the SQL
 * executors both open connections from it, each adding its own pool and session options.
 */
import type { DatabaseLocation } from './database-url.js';
import { mysqlTlsOptions, postgresTlsOptions } from './tls-driver-options.js';

/** A location on a database server (MySQL/MariaDB or PostgreSQL), not a SQLite file. */
export type ServerLocation = Extract<DatabaseLocation, { host: string }>;

function endpoint(location: ServerLocation) {
  return {
    host: location.host,
    port: location.port,
    database: location.database,
    user: location.user ?? undefined,
    password: location.password ?? undefined,
  };
}

/** A server that does not offer the TLS the URL asks for is refused, never used in clear text. */
export function mysqlEndpoint(location: ServerLocation) {
  return { ...endpoint(location), ssl: mysqlTlsOptions(location.tls) };
}

export function postgresEndpoint(location: ServerLocation) {
  return { ...endpoint(location), ssl: postgresTlsOptions(location.tls) };
}
