/**
 * A {@link TlsRequirement} as the `ssl` option of each driver, for the result store and the SQL
 * executors alike. Verification uses the CA file the URL names, else Node's CA store (Mozilla's
 * list, plus NODE_EXTRA_CA_CERTS). The CA file is read when the pool is created, so a missing
 * file stops the start instead of failing every connection later; a relative path is read from
 * the working directory (callers that know better resolve it first).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { SslOptions } from 'mysql2';
import type { ConnectionOptions } from 'node:tls';
import { TlsOptionError, type TlsRequirement } from './tls-options.js';

/** mysql2 checks the host name only with `verifyIdentity`; without it, only the chain. */
export function mysqlTlsOptions(requirement: TlsRequirement): SslOptions | undefined {
  if (requirement.mode === 'off') return undefined;
  if (requirement.mode === 'unverified') return { rejectUnauthorized: false };
  return { rejectUnauthorized: true, verifyIdentity: requirement.checkHostname, ...caOption(requirement) };
}

/** pg hands these to `tls.connect`, which checks the host name unless told not to. */
export function postgresTlsOptions(requirement: TlsRequirement): ConnectionOptions | undefined {
  if (requirement.mode === 'off') return undefined;
  if (requirement.mode === 'unverified') return { rejectUnauthorized: false };
  const hostname = requirement.checkHostname ? {} : { checkServerIdentity: () => undefined };
  return { rejectUnauthorized: true, ...hostname, ...caOption(requirement) };
}

function caOption(requirement: Extract<TlsRequirement, { mode: 'verified' }>): { ca?: Buffer } {
  if (!requirement.caFile) return {};
  const file = requirement.caFile.path;
  try {
    return { ca: readFileSync(file) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new TlsOptionError(`${requirement.caFile.option}: cannot read the CA file ${file} (${code})`);
  }
}

/** The requirement with its CA file's path made absolute against `baseDir`. */
export function withCaFileFrom(baseDir: string, requirement: TlsRequirement): TlsRequirement {
  if (requirement.mode !== 'verified' || !requirement.caFile) return requirement;
  return { ...requirement, caFile: { ...requirement.caFile, path: path.resolve(baseDir, requirement.caFile.path) } };
}
