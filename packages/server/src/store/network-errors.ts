/**
 * Socket-level failures, the same whichever driver meets them: the server is not there, the
 * connection broke, or nothing answered in time.
 */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'ENETDOWN']);

export function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return code;
  // Connecting to a name with several addresses ("localhost": ::1 and 127.0.0.1) fails with an
  // AggregateError of one error per address.
  return error instanceof AggregateError ? errorCode(error.errors[0]) : undefined;
}

export function errorMessage(error: unknown): string {
  if (error instanceof AggregateError && !error.message) return error.errors.map(errorMessage).join('; ');
  return error instanceof Error ? error.message : String(error);
}

export function isNetworkError(error: unknown): boolean {
  const code = errorCode(error);
  return code !== undefined && NETWORK_CODES.has(code);
}
