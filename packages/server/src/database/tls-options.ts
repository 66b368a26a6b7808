/**
 * Whether and how a database connection uses TLS, read from the options of a store or SQL job
 * URL in the spellings people already have: libpq's and pgjdbc's (`sslmode`, `ssl=true`,
 * `sslrootcert`, `sslfactory`), MySQL Connector/J's (`useSSL`, `requireSSL`, `sslMode`,
 * `verifyServerCertificate`), MariaDB Connector/J's (`useSsl`, `sslMode=trust`,
 * `trustServerCertificate`, `serverSslCert`) and node-postgres's (`sslmode=no-verify`). Keys are
 * matched without regard to case.
 *
 * Each option casts votes — TLS on or off, how strictly to verify — and the votes are combined
 * into one {@link TlsRequirement}. Votes that disagree are a configuration error naming both
 * options: guessing which one the user meant could mean clear text where TLS was asked for. For
 * the same reason an option that looks like TLS (`ssl`, `tls`, `cert`, `keystore` in its name)
 * but is not read here (client certificates, Java keystores…) is refused rather than ignored.
 *
 * `prefer` (libpq's default, Connector/J's PREFERRED) asks for TLS like `require`: neither Node
 * driver falls back to clear text, and node-postgres reads it the same way.
 */

/** How to check the server's certificate. */
type Verification = 'none' | 'chain' | 'full';

export type TlsRequirement =
  | { mode: 'off' }
  /** TLS, but any certificate is accepted: protects against listening, not against impersonation. */
  | { mode: 'unverified'; askedBy: string }
  | {
      mode: 'verified';
      askedBy: string;
      /** The CA certificates (PEM file) to trust, and the option that named it; null: Node's CA store. */
      caFile: { path: string; option: string } | null;
      /** Whether the certificate must also name the host connected to (verify-full), not only chain to a trusted CA (verify-ca). */
      checkHostname: boolean;
    };

export const TLS_OFF: TlsRequirement = { mode: 'off' };

/** A TLS option with a value that is unknown, or that contradicts another option. */
export class TlsOptionError extends Error {}

const MODE_VALUES: Record<string, { tls: boolean; verify?: Verification }> = {
  disable: { tls: false },
  disabled: { tls: false },
  // libpq's allow tries clear text first, so it never insists on TLS.
  allow: { tls: false },
  prefer: { tls: true, verify: 'none' },
  preferred: { tls: true, verify: 'none' },
  require: { tls: true, verify: 'none' },
  required: { tls: true, verify: 'none' },
  trust: { tls: true, verify: 'none' },
  'no-verify': { tls: true, verify: 'none' },
  'verify-ca': { tls: true, verify: 'chain' },
  'verify-full': { tls: true, verify: 'full' },
  'verify-identity': { tls: true, verify: 'full' },
};
const MODE_SPELLINGS = 'disable, allow, prefer, require, verify-ca, verify-full (or the JDBC spellings DISABLED, PREFERRED, REQUIRED, VERIFY_CA, VERIFY_IDENTITY, trust; and no-verify)';

const BOOLEAN_VALUES: Record<string, boolean> = { true: true, false: false, '1': true, '0': false, yes: true, no: false };
const BOOLEAN_SPELLINGS = 'true, false';

const NON_VALIDATING_FACTORY = 'org.postgresql.ssl.NonValidatingFactory';
const DEFAULT_FACTORY = 'org.postgresql.ssl.DefaultJavaSSLFactory';

/** The options read here, for messages. */
export const TLS_OPTION_NAMES = 'sslmode (sslMode), ssl, useSSL, requireSSL, verifyServerCertificate, trustServerCertificate, sslrootcert (serverSslCert, sslca), sslfactory';

interface Votes {
  on: string[];
  off: string[];
  verify: Array<{ level: Verification; option: string }>;
  /** How strictly to verify when no option says: the first option that turned TLS on decides. */
  defaultVerify: Verification | null;
  caFile: { path: string; option: string } | null;
}

/** Reads the TLS options among a URL's query options; the others are left alone. */
export function readTlsRequirement(options: Record<string, string>): TlsRequirement {
  const votes: Votes = { on: [], off: [], verify: [], defaultVerify: null, caFile: null };
  for (const [key, value] of Object.entries(options)) vote(votes, key, value);
  return combine(votes);
}

function vote(votes: Votes, key: string, rawValue: string): void {
  const name = key.toLowerCase();
  const value = rawValue.trim();
  const option = `${key}=${value}`;
  const turn = (on: boolean, defaultVerify: Verification) => {
    (on ? votes.on : votes.off).push(option);
    if (on) votes.defaultVerify ??= defaultVerify;
  };
  switch (name) {
    case 'sslmode':
    case 'ssl-mode':
    case 'ssl_mode': {
      const mode = MODE_VALUES[value.toLowerCase().replace(/_/g, '-')];
      if (!mode) throw new TlsOptionError(`${key}=${quoted(value)} is not a TLS mode; accepted: ${MODE_SPELLINGS}`);
      turn(mode.tls, 'full');
      if (mode.verify) votes.verify.push({ level: mode.verify, option });
      return;
    }
    case 'ssl':
      // pgjdbc's ssl=true verifies the certificate and the host name.
      return turn(readBoolean(key, value), 'full');
    case 'usessl':
    case 'requiressl': {
      const on = readBoolean(key, value);
      // requireSSL=false only stops insisting; it does not turn TLS off.
      if (on || name === 'usessl') turn(on, 'chain');
      return;
    }
    case 'verifyservercertificate':
      // Connector/J checks the chain only; the host name is VERIFY_IDENTITY's job.
      votes.verify.push({ level: readBoolean(key, value) ? 'chain' : 'none', option });
      return;
    case 'trustservercertificate':
      if (readBoolean(key, value)) votes.verify.push({ level: 'none', option });
      return;
    case 'sslfactory':
      if (value === NON_VALIDATING_FACTORY) votes.verify.push({ level: 'none', option });
      else if (value !== DEFAULT_FACTORY) throw new TlsOptionError(`${key}=${quoted(value)} is not supported; accepted: ${NON_VALIDATING_FACTORY} (no verification), ${DEFAULT_FACTORY}`);
      return;
    case 'sslrootcert':
    case 'serversslcert':
    case 'sslca':
    case 'ssl-ca': {
      if (value === '') throw new TlsOptionError(`${key} is empty; give the path of a PEM file with the CA certificates to trust`);
      // MariaDB's serverSslCert may hold the certificate itself; too long and awkward for a URL here.
      if (value.startsWith('-----BEGIN')) throw new TlsOptionError(`${key} holds a certificate itself; give the path of a PEM file with the CA certificates instead`);
      if (votes.caFile && votes.caFile.path !== value) throw contradiction(votes.caFile.option, option);
      // PostgreSQL 16's sslrootcert=system: the system's CAs, which verify-full then requires.
      if (name === 'sslrootcert' && value === 'system') votes.verify.push({ level: 'full', option });
      else votes.caFile = { path: value, option: key };
      return;
    }
    default:
      if (/ssl|tls|cert|keystore|truststore/.test(name)) throw new TlsOptionError(`${key} is a TLS option Scheduler does not read (client certificates and Java keystores are not supported); the TLS options it reads: ${TLS_OPTION_NAMES}`);
  }
}

function combine(votes: Votes): TlsRequirement {
  const [on] = votes.on;
  const [off] = votes.off;
  if (on && off) throw contradiction(off, on);
  const none = votes.verify.find((entry) => entry.level === 'none');
  const strict = votes.verify.find((entry) => entry.level !== 'none');
  if (none && strict) throw contradiction(none.option, strict.option);
  if (none && votes.caFile) throw contradiction(none.option, `${votes.caFile.option} (a CA to verify against)`);
  if (off) {
    const verifying = strict?.option ?? votes.caFile?.option;
    if (verifying) throw contradiction(off, verifying);
    return TLS_OFF;
  }
  // A request to verify, or a CA to verify against, asks for TLS by itself.
  const askedBy = on ?? strict?.option ?? (votes.caFile && `${votes.caFile.option}=${votes.caFile.path}`);
  if (!askedBy) return TLS_OFF;
  if (none) return { mode: 'unverified', askedBy };
  const level = votes.verify.some((entry) => entry.level === 'full') ? 'full' : (strict?.level ?? votes.defaultVerify ?? 'full');
  return { mode: 'verified', askedBy, caFile: votes.caFile, checkHostname: level === 'full' };
}

function readBoolean(key: string, value: string): boolean {
  const parsed = BOOLEAN_VALUES[value.toLowerCase()];
  if (parsed === undefined) throw new TlsOptionError(`${key}=${quoted(value)} is not a yes-or-no value; accepted: ${BOOLEAN_SPELLINGS}`);
  return parsed;
}

function contradiction(first: string, second: string): TlsOptionError {
  return new TlsOptionError(`${first} and ${second} contradict each other; keep one`);
}

/** Values are short settings, but a pasted secret should not travel far: long ones are cut. */
function quoted(value: string): string {
  return `"${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;
}

/** The requirement in libpq's sslmode words, as scripts and their clients understand it. */
export function sslModeName(requirement: TlsRequirement): 'disable' | 'require' | 'verify-ca' | 'verify-full' {
  if (requirement.mode === 'off') return 'disable';
  if (requirement.mode === 'unverified') return 'require';
  return requirement.checkHostname ? 'verify-full' : 'verify-ca';
}
