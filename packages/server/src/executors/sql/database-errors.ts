/**
 * What a database said, as one line for the request's status: the database's own message and
 * code, passed on unchanged so that its documentation applies, plus a hint where Scheduler knows
 * why (the job is read-only). Messages never carry the connection's password.
 */
import type { DatabaseDialect } from '../../database/database-url.js';

const DIALECT_NAMES: Record<DatabaseDialect, string> = { postgres: 'PostgreSQL', mysql: 'MySQL/MariaDB', sqlite: 'SQLite' };

/** Error codes meaning "this write was refused because the transaction/connection is read-only". */
const READ_ONLY_CODES = new Set([
  '25006', // PostgreSQL read_only_sql_transaction
  'ER_CANT_EXECUTE_IN_READ_ONLY_TRANSACTION', // MySQL/MariaDB 1792
  'SQLITE_READONLY',
]);

/** Network failures: the database is unreachable rather than refusing the statement. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'EPIPE', 'PROTOCOL_CONNECTION_LOST']);

interface DriverError {
  message?: unknown;
  code?: unknown;
  errno?: unknown;
  sqlMessage?: unknown;
}

export function errorCode(error: unknown): string | undefined {
  const code = (error as DriverError | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

export function isReadOnlyRefusal(error: unknown): boolean {
  const code = errorCode(error);
  return code !== undefined && READ_ONLY_CODES.has(code);
}

/** The server stopped the statement at its own timeout (the session setting Scheduler made). */
export function isServerStatementTimeout(error: unknown): boolean {
  const code = errorCode(error);
  const message = String((error as DriverError | null)?.message ?? '');
  if (code === '57014') return message.includes('statement timeout'); // PostgreSQL; a cancel has the same code
  const errno = (error as DriverError | null)?.errno;
  return errno === 1969 || errno === 3024; // MariaDB max_statement_time, MySQL max_execution_time
}

export function isNetworkFailure(error: unknown): boolean {
  const code = errorCode(error);
  return code !== undefined && NETWORK_CODES.has(code);
}

/** `PostgreSQL refused the statement: relation "x" does not exist (42P01)`, with hints. */
export function describeStatementError(error: unknown, dialect: DatabaseDialect, readOnly: boolean, secrets: readonly string[]): string {
  const driverError = (error ?? {}) as DriverError;
  const name = DIALECT_NAMES[dialect];
  const text = typeof driverError.sqlMessage === 'string' ? driverError.sqlMessage : String(driverError.message ?? error);
  const code = errorCode(error);
  const errno = typeof driverError.errno === 'number' ? String(driverError.errno) : '';
  const codeText = code ? ` (${code}${errno ? ` ${errno}` : ''})` : errno ? ` (${errno})` : '';
  if (isNetworkFailure(error)) return redact(`lost the connection to ${name}: ${text}${codeText}`, secrets);
  const hint = readOnly && isReadOnlyRefusal(error) ? '; the job is read-only (readOnly: true), so the database refuses writes' : '';
  return redact(`${name} refused the statement: ${text}${codeText}${hint}`, secrets);
}

/** The text with every secret (a password) replaced by `***`. */
export function redact(text: string, secrets: readonly string[]): string {
  let safe = text;
  for (const secret of secrets) if (secret.length > 0) safe = safe.split(secret).join('***');
  return safe;
}
