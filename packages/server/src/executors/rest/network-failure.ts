/**
 * Turns what fetch throws when the network fails (`TypeError: fetch failed` with a cause deep
 * inside) into a message a dashboard user can act on, naming the host and port. Only error
 * codes are used, never the thrown messages: those are not ours to show, and header values
 * must never reach a message.
 */
import { hostAndPort } from './target-name.js';

const TLS_CODE = /^(?:ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|HOSTNAME_MISMATCH)/;

export function networkFailure(error: unknown, url: URL): Error {
  const code = errorCode(error);
  const where = hostAndPort(url);
  const message = ((): string => {
    switch (code) {
      case 'ECONNREFUSED':
        return `could not connect to ${where}: connection refused (is the API running, and is the job's uri right?)`;
      case 'ENOTFOUND':
      case 'EAI_AGAIN':
      case 'EAI_NONAME':
        return `could not find the host of ${where}: DNS lookup failed (${code})`;
      case 'ECONNRESET':
      case 'EPIPE':
      case 'UND_ERR_SOCKET':
      case 'UND_ERR_CLOSED':
        return `the connection to ${where} was closed before the answer was complete (${code})`;
      case 'ETIMEDOUT':
      case 'UND_ERR_CONNECT_TIMEOUT':
        return `connecting to ${where} timed out (${code})`;
      case 'EHOSTUNREACH':
      case 'ENETUNREACH':
        return `${where} cannot be reached from this server (${code})`;
      default:
        if (code && TLS_CODE.test(code)) return `the TLS connection to ${where} failed (${code})`;
        return `the request to ${where} failed (${code ?? 'network error'})`;
    }
  })();
  return new Error(message, { cause: error });
}

/** The first error code on the cause chain (an AggregateError's first error counts too). */
function errorCode(error: unknown): string | undefined {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    if (typeof current !== 'object') return undefined;
    const candidate = current as { code?: unknown; cause?: unknown; errors?: unknown[] };
    if (typeof candidate.code === 'string') return candidate.code;
    current = candidate.cause ?? candidate.errors?.[0];
  }
  return undefined;
}
