/**
 * TLS that works, against a PostgreSQL that offers it (a TLS-terminating proxy in front of this
 * machine's server, with a test CA and a certificate for "localhost"): the store and SQL jobs
 * connect over TLS when the URL asks, verify the certificate against the CA file or refuse it,
 * and check the host name only where the requirement says so; a script writing its own result
 * into that store is told to use TLS, and does.
 */
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildConfig } from '../../src/config/load-config.js';
import { createStore, StoreConfigError } from '../../src/store/create-store.js';
import { EXAMPLES, nodeJob } from '../executors/process/process-jobs.js';
import { refusedStart, runJob, tableRows } from '../executors/sql/sql-fixture.js';
import { startScheduler } from '../helpers/start-scheduler.js';
import { createTestDatabase } from '../helpers/test-databases.js';
import { startPostgresTlsProxy, TEST_CA_FILE, type PostgresTlsProxy } from './postgres-tls-proxy.js';

const database = await createTestDatabase('postgres');
const proxy: PostgresTlsProxy | null = database ? await startPostgresTlsProxy({ host: new URL(database.url).hostname, port: Number(new URL(database.url).port) }) : null;
afterAll(async () => {
  await proxy?.close();
  await database?.drop();
});

/** The test database reached through the proxy, by `host`, with TLS options. */
function throughProxy(host: 'localhost' | '127.0.0.1', options: string): string {
  const url = new URL(database!.url);
  url.hostname = host;
  url.port = String(proxy!.port);
  return `${url.toString()}?${options}`;
}

const CA = `sslrootcert=${encodeURIComponent(TEST_CA_FILE)}`;

async function opens(url: string): Promise<void> {
  const before = proxy!.counts.tls;
  const store = await createStore(buildConfig({ store: { url } }));
  await store.close();
  expect(proxy!.counts.tls).toBeGreaterThan(before);
}

async function refused(url: string): Promise<string> {
  const error = await createStore(buildConfig({ store: { url } })).then(
    async (store) => {
      await store.close();
      throw new Error('the store opened');
    },
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(StoreConfigError);
  return (error as Error).message;
}

describe('a PostgreSQL store over TLS', () => {
  it.skipIf(!database)('verify-full with the CA file opens it, over TLS', async () => {
    await opens(throughProxy('localhost', `sslmode=verify-full&${CA}`));
  });

  it.skipIf(!database)('require opens it without verifying the certificate', async () => {
    await opens(throughProxy('localhost', 'sslmode=require'));
  });

  it.skipIf(!database)('verify-ca checks the chain only, so another name for the host is accepted', async () => {
    await opens(throughProxy('127.0.0.1', `sslmode=verify-ca&${CA}`));
  });

  it.skipIf(!database)('a certificate not signed by a trusted CA is refused, naming the option that asked', async () => {
    const message = await refused(throughProxy('localhost', 'sslmode=verify-full'));
    expect(message).toMatch(/^store\.url: cannot connect to the result store at postgres:\/\/.*@localhost:/);
    expect(message).toContain("the server's TLS certificate is not trusted for this host name");
    expect(message).toContain("checked against Node's CA store because of sslmode=verify-full");
  });

  it.skipIf(!database)('verify-full refuses a certificate issued for another name', async () => {
    const message = await refused(throughProxy('127.0.0.1', `sslmode=verify-full&${CA}`));
    expect(message).toContain("the server's TLS certificate is not trusted for this host name");
    expect(message).toContain('IP: 127.0.0.1 is not in the cert');
  });
});

describe('a PostgreSQL SQL job over TLS', () => {
  it.skipIf(!database)('runs its statement over a verified connection', async () => {
    const before = proxy!.counts.tls;
    const server = await startScheduler({ config: { jobsConfigList: [{ name: 'sales', type: 'sql', config: { url: throughProxy('localhost', `ssl=true&${CA}`), statement: 'SELECT 1 AS one' } }] } });
    try {
      const response = await runJob(server, 'sales');
      expect(tableRows(response)).toEqual([{ one: 1 }]);
      expect(proxy!.counts.tls).toBeGreaterThan(before);
    } finally {
      await server.stop();
    }
  });

  it.skipIf(!database)('refuses to start when the certificate cannot be verified', async () => {
    const message = await refusedStart([{ name: 'sales', type: 'sql', config: { url: throughProxy('localhost', 'ssl=true'), statement: 'SELECT 1', connectTimeoutSec: 3 } }]);
    expect(message).toMatch(/^jobsConfigList\[0\]\.config\.url: cannot connect to postgres:\/\/.*: the server's TLS certificate is not trusted/);
    expect(message).toContain('because of ssl=true');
  });
});

describe('a script writing its own result into a TLS store', () => {
  it.skipIf(!database)('connects over TLS as the store does: nothing reaches the server in clear text', async () => {
    const clearBefore = proxy!.counts.clear;
    const server = await startScheduler({
      config: {
        store: { url: throughProxy('localhost', `sslmode=verify-full&${CA}`) },
        jobsConfigList: [nodeJob('written', path.join(EXAMPLES, 'write-result-mysql-postgres.mjs'), [], { cacheArg: 'table', argSet: { points: { type: 'number' } } })],
      },
    });
    try {
      const tlsBefore = proxy!.counts.tls;
      const response = await server.query('written', { type: 'run', args: { points: 3 } });
      expect(response.status, response.text).toBe(200);
      expect((response.json as Array<{ rows: unknown[] }>)[0]!.rows).toHaveLength(3);
      expect(proxy!.counts.tls).toBeGreaterThan(tlsBefore);
    } finally {
      await server.stop();
    }
    expect(proxy!.counts.clear).toBe(clearBefore);
  });
});
