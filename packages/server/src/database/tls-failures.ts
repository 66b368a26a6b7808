/**
 * Says why a TLS connection to a database failed, in terms of the URL option that asked for TLS:
 * a server that does not offer TLS at all, or a certificate that could not be verified. Both
 * drivers report these in their own ways (mysql2 with a code, pg with a sentence, Node's TLS
 * layer with codes of its own); this is the one place that knows them.
 */
import type { TlsRequirement } from './tls-options.js';

const CERTIFICATE_CODE = /^(?:ERR_TLS_CERT|CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|ERR_SSL_)/;

/** The explanation, or null when the error is not about TLS. */
export function explainTlsFailure(error: unknown, requirement: TlsRequirement): string | null {
  if (requirement.mode === 'off') return null;
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  if (code === 'HANDSHAKE_NO_SSL_SUPPORT' || /server does not support SSL/i.test(message)) {
    return `the server does not offer TLS, but ${requirement.askedBy} in the URL asks for it; turn TLS on in the database server, or (on a trusted network only) remove ${requirement.askedBy} from the URL`;
  }
  if ((typeof code === 'string' && CERTIFICATE_CODE.test(code)) || /certificate|hostname\/ip does not match/i.test(message)) {
    const what = requirement.mode === 'verified' && requirement.checkHostname ? 'for this host name ' : '';
    const trust = requirement.mode === 'verified' && requirement.caFile ? `the CA file in ${requirement.caFile.option}` : "Node's CA store";
    return `the server's TLS certificate is not trusted ${what}(${message}${typeof code === 'string' && !message.includes(code) ? `, ${code}` : ''}); it was checked against ${trust} because of ${requirement.askedBy}: name the CA that signed it with sslrootcert=FILE, or connect to the name the certificate was issued for`;
  }
  return null;
}

/** Whether the error is a failed TLS setup, which means the connection never opened. */
export function isTlsFailure(error: unknown, requirement: TlsRequirement): boolean {
  return explainTlsFailure(error, requirement) !== null;
}
