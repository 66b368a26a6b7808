/**
 * Says why a database server store could not be opened at start, in the operator's terms and
 * naming the setting to fix: wrong credentials, a database that does not exist, a host that does
 * not resolve, nothing listening, no answer in time, TLS asked for but not offered or not trusted.
 * The driver's own words follow, with the password kept out.
 */
import type { StoreSettings } from '../config/store-settings.js';
import { explainTlsFailure } from '../database/tls-failures.js';
import { errorCode, errorMessage } from './network-errors.js';
import { redact } from './unreachable-store-guard.js';

/** MySQL error codes and PostgreSQL SQLSTATEs, by what they mean to an operator. */
const REFUSED_LOGIN = new Set(['ER_ACCESS_DENIED_ERROR', 'ER_ACCESS_DENIED_NO_PASSWORD_ERROR', 'ER_DBACCESS_DENIED_ERROR', 'ER_HOST_NOT_PRIVILEGED', '28P01', '28000']);
const NO_SUCH_DATABASE = new Set(['ER_BAD_DB_ERROR', '3D000']);

/**
 * `connecting`: the error kept the store from connecting at all (rather than from preparing its
 * tables once connected).
 */
export function explainStartProblem(error: unknown, settings: StoreSettings, connecting: boolean): string {
  const { location, sourceKey } = settings;
  const secrets = 'password' in location && location.password ? [location.password, encodeURIComponent(location.password)] : [];
  const said = redact(errorMessage(error), secrets);
  if (location.dialect === 'sqlite') return said;
  const tlsProblem = explainTlsFailure(error, location.tls);
  if (tlsProblem) return redact(tlsProblem, secrets);
  // Credentials came from the URL or from the keys beside it (store.user, cacheJdbcConfig.password…).
  const section = sourceKey.replace(/\.url$/, '');
  const code = errorCode(error) ?? '';
  const sqlState = (error as { sqlState?: unknown } | null)?.sqlState;
  if (REFUSED_LOGIN.has(code) || sqlState === '28000') return `the server refused the login (${said}); check the user and password in ${sourceKey} or ${section}.user / ${section}.password`;
  if (NO_SUCH_DATABASE.has(code)) return `the database "${location.database}" does not exist (${said}); create it, or name another in ${sourceKey}`;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `the host "${location.host}" is unknown (${said}); fix the host in ${sourceKey}`;
  if (code === 'ECONNREFUSED') return `nothing accepts connections at ${location.host}:${location.port} (${said}); is the server running, and is the port in ${sourceKey} right?`;
  if (code === 'ETIMEDOUT' || /timeout/i.test(said)) {
    return `no answer from ${location.host}:${location.port} within ${settings.connectTimeoutSec} s (${said}); check the host and port in ${sourceKey}, or raise store.connectTimeoutSec`;
  }
  return connecting ? `no connection to ${location.host}:${location.port} (${said}); check the host and port in ${sourceKey}` : said;
}
