/**
 * The TLS options of store and SQL job URLs, in every spelling people bring from libpq, pgjdbc,
 * MySQL and MariaDB Connector/J and node-postgres, read into one requirement — and values that
 * are unknown or contradict each other refused with the option's name and what it accepts.
 */
import { describe, expect, it } from 'vitest';
import { DatabaseUrlError, parseDatabaseUrl } from '../../src/database/database-url.js';
import { sslModeName, type TlsRequirement } from '../../src/database/tls-options.js';

function tlsOf(url: string): TlsRequirement {
  const location = parseDatabaseUrl(url);
  if (location.dialect === 'sqlite') throw new Error('not a server URL');
  return location.tls;
}

/** The requirement in sslmode words, plus the option that asked for TLS. */
function modeOf(url: string): string {
  const tls = tlsOf(url);
  return tls.mode === 'off' ? 'disable' : `${sslModeName(tls)} (${tls.askedBy})`;
}

function refusal(url: string): string {
  try {
    parseDatabaseUrl(url);
  } catch (error) {
    expect(error).toBeInstanceOf(DatabaseUrlError);
    return (error as Error).message;
  }
  throw new Error(`${url} was accepted`);
}

describe('URLs without TLS options, or with TLS turned off, connect in clear text', () => {
  it.each([
    'postgres://db/app',
    'jdbc:mysql://db:3306/app?characterEncoding=latin1',
    'postgres://db/app?sslmode=disable',
    'jdbc:mysql://db/app?sslMode=DISABLED',
    'jdbc:mysql://db/app?useSSL=false',
    'jdbc:mariadb://db/app?useSsl=false',
    'jdbc:postgresql://db/app?ssl=false',
    'postgres://db/app?sslmode=allow',
    'jdbc:mysql://db/app?requireSSL=false',
    'jdbc:mysql://db/app?useSSL=false&verifyServerCertificate=false',
  ])('%s', (url) => {
    expect(tlsOf(url)).toEqual({ mode: 'off' });
  });
});

describe('TLS without verifying the certificate', () => {
  it.each([
    ['postgres://db/app?sslmode=require', 'sslmode=require'],
    ['postgres://db/app?sslmode=prefer', 'sslmode=prefer'],
    ['postgres://db/app?sslmode=no-verify', 'sslmode=no-verify'],
    ['jdbc:mysql://db/app?sslMode=REQUIRED', 'sslMode=REQUIRED'],
    ['jdbc:mysql://db/app?sslMode=PREFERRED', 'sslMode=PREFERRED'],
    ['jdbc:mariadb://db/app?sslMode=trust', 'sslMode=trust'],
    ['jdbc:mysql://db/app?useSSL=true&verifyServerCertificate=false', 'useSSL=true'],
    ['jdbc:mysql://db/app?useSSL=true&requireSSL=true&verifyServerCertificate=false', 'useSSL=true'],
    ['jdbc:mariadb://db/app?useSsl=true&trustServerCertificate=true', 'useSsl=true'],
    ['jdbc:postgresql://db/app?ssl=true&sslfactory=org.postgresql.ssl.NonValidatingFactory', 'ssl=true'],
    ['mysql://db/app?ssl=1&sslmode=require', 'ssl=1'],
  ])('%s', (url, askedBy) => {
    expect(tlsOf(url)).toEqual({ mode: 'unverified', askedBy });
  });
});

describe('TLS verified against the system CAs or a CA file', () => {
  it.each([
    ['postgres://db/app?sslmode=verify-full', 'verify-full (sslmode=verify-full)'],
    ['postgres://db/app?sslmode=verify-ca', 'verify-ca (sslmode=verify-ca)'],
    ['jdbc:mysql://db/app?sslMode=VERIFY_IDENTITY', 'verify-full (sslMode=VERIFY_IDENTITY)'],
    ['jdbc:mysql://db/app?sslMode=VERIFY_CA', 'verify-ca (sslMode=VERIFY_CA)'],
    // pgjdbc's ssl=true checks the host name; Connector/J's useSSL checks the chain only.
    ['jdbc:postgresql://db/app?ssl=true', 'verify-full (ssl=true)'],
    ['mysql://db/app?ssl=TRUE', 'verify-full (ssl=TRUE)'],
    ['jdbc:mysql://db/app?useSSL=true', 'verify-ca (useSSL=true)'],
    ['jdbc:mysql://db/app?requireSSL=true', 'verify-ca (requireSSL=true)'],
    ['jdbc:mysql://db/app?useSSL=yes&verifyServerCertificate=true', 'verify-ca (useSSL=yes)'],
    ['jdbc:mysql://db/app?verifyServerCertificate=true', 'verify-ca (verifyServerCertificate=true)'],
    ['jdbc:mariadb://db/app?useSsl=true&trustServerCertificate=false', 'verify-ca (useSsl=true)'],
    ['jdbc:postgresql://db/app?ssl=true&sslfactory=org.postgresql.ssl.DefaultJavaSSLFactory', 'verify-full (ssl=true)'],
    ['postgres://db/app?SSLMODE=Verify-Full', 'verify-full (SSLMODE=Verify-Full)'],
    ['postgres://db/app?sslrootcert=system', 'verify-full (sslrootcert=system)'],
  ])('%s', (url, expected) => {
    expect(modeOf(url)).toBe(expected);
  });

  it('a CA file (sslrootcert, serverSslCert, sslca) is verified against, and asks for TLS by itself', () => {
    expect(tlsOf('postgres://db/app?sslmode=verify-ca&sslrootcert=/etc/ssl/db-ca.pem')).toEqual({
      mode: 'verified',
      askedBy: 'sslmode=verify-ca',
      caFile: { path: '/etc/ssl/db-ca.pem', option: 'sslrootcert' },
      checkHostname: false,
    });
    expect(tlsOf('jdbc:mariadb://db/app?serverSslCert=certs/ca.pem')).toMatchObject({ mode: 'verified', askedBy: 'serverSslCert=certs/ca.pem', caFile: { path: 'certs/ca.pem', option: 'serverSslCert' }, checkHostname: true });
    expect(tlsOf('mysql://db/app?sslca=ca.pem&useSSL=true')).toMatchObject({ mode: 'verified', askedBy: 'useSSL=true', caFile: { path: 'ca.pem', option: 'sslca' }, checkHostname: false });
  });
});

describe('values that cannot be read are refused, naming the option and what it accepts', () => {
  it('an unknown sslmode', () => {
    const message = refusal('postgres://db/app?sslmode=on');
    expect(message).toContain('sslmode="on" is not a TLS mode; accepted: disable, allow, prefer, require, verify-ca, verify-full');
    expect(message).toContain('VERIFY_IDENTITY');
  });

  it('a yes-or-no option with another value', () => {
    expect(refusal('jdbc:mysql://db/app?useSSL=maybe')).toBe('useSSL="maybe" is not a yes-or-no value; accepted: true, false');
    expect(refusal('jdbc:mariadb://db/app?trustServerCertificate=')).toContain('trustServerCertificate="" is not a yes-or-no value');
  });

  it('an sslfactory other than the two pgjdbc ones', () => {
    expect(refusal('jdbc:postgresql://db/app?sslfactory=com.example.Factory')).toContain('sslfactory="com.example.Factory" is not supported; accepted: org.postgresql.ssl.NonValidatingFactory');
  });

  it('TLS options Scheduler does not read (client certificates, keystores) are refused, not ignored, and their values not shown', () => {
    const keystore = refusal('jdbc:mysql://db/app?useSSL=true&trustCertificateKeyStorePassword=hunter2');
    expect(keystore).toContain('trustCertificateKeyStorePassword is a TLS option Scheduler does not read');
    expect(keystore).toContain('the TLS options it reads: sslmode');
    expect(keystore).not.toContain('hunter2');
    expect(refusal('postgres://db/app?sslmode=require&sslcert=client.pem')).toContain('sslcert is a TLS option Scheduler does not read');
  });

  it('an empty CA file path, or a certificate in place of the path', () => {
    expect(refusal('postgres://db/app?sslrootcert=')).toContain('sslrootcert is empty');
    expect(refusal(`jdbc:mariadb://db/app?serverSslCert=${encodeURIComponent('-----BEGIN CERTIFICATE-----\nMIIB')}`)).toBe(
      'serverSslCert holds a certificate itself; give the path of a PEM file with the CA certificates instead',
    );
  });
});

describe('options that contradict each other are refused, naming both', () => {
  it.each([
    ['postgres://db/app?sslmode=disable&ssl=true', 'sslmode=disable and ssl=true contradict each other'],
    ['jdbc:mysql://db/app?useSSL=false&sslMode=REQUIRED', 'useSSL=false and sslMode=REQUIRED contradict each other'],
    ['jdbc:mysql://db/app?useSSL=false&requireSSL=true', 'useSSL=false and requireSSL=true contradict each other'],
    ['jdbc:mysql://db/app?sslMode=VERIFY_CA&verifyServerCertificate=false', 'verifyServerCertificate=false and sslMode=VERIFY_CA contradict each other'],
    ['jdbc:mariadb://db/app?sslMode=verify-full&trustServerCertificate=true', 'trustServerCertificate=true and sslMode=verify-full contradict each other'],
    ['postgres://db/app?sslmode=require&sslrootcert=ca.pem', 'sslmode=require and sslrootcert (a CA to verify against) contradict each other'],
    ['postgres://db/app?sslmode=disable&sslrootcert=ca.pem', 'sslmode=disable and sslrootcert contradict each other'],
    ['postgres://db/app?sslmode=require&sslMode=verify-full', 'sslmode=require and sslMode=verify-full contradict each other'],
  ])('%s', (url, expected) => {
    expect(refusal(url)).toContain(expected);
  });
});

it('other options of the URL are left alone', () => {
  const location = parseDatabaseUrl('jdbc:mysql://db/app?characterEncoding=latin1&serverTimezone=UTC&useSSL=true');
  expect(location).toMatchObject({ options: { characterEncoding: 'latin1', serverTimezone: 'UTC', useSSL: 'true' }, tls: { mode: 'verified' } });
});
