/**
 * A store URL that asks for TLS is never opened in clear text: against this machine's servers,
 * which do not offer TLS, the start is refused (StoreConfigError; exit 2 from the command) with
 * a message naming the key and the option that asked — and never the password. TLS turned off,
 * or not mentioned, keeps working; a bad TLS value is a configuration error naming the option.
 * Scripts that write their own result get the requirement with the connection details.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/config-error.js';
import { buildConfig } from '../../src/config/load-config.js';
import { createStore } from '../../src/store/create-store.js';
import { serverStoreAccess } from '../../src/store/server-store-access.js';
import type { ServerLocation } from '../../src/database/driver-endpoint.js';
import { runScheduler } from '../helpers/scheduler-process.js';
import { createTestDatabase } from '../helpers/test-databases.js';
import { storeStartFailure } from './store-start-failure.js';

const databases = { mysql: await createTestDatabase('mysql'), postgres: await createTestDatabase('postgres') };
afterAll(() => Promise.all(Object.values(databases).map((database) => database?.drop())));

const PASSWORD = 'Tls-Sekret-9b2e';

const startFailure = (tree: Record<string, unknown>) => storeStartFailure(tree, PASSWORD);

function configProblem(tree: Record<string, unknown>): string {
  try {
    buildConfig(tree);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('the configuration was accepted');
}

/** The test database's URL with TLS options added. */
function withOptions(url: string, options: string): string {
  return `${url}${url.includes('?') ? '&' : '?'}${options}`;
}

/** The original's JDBC spelling of the test database's URL, without credentials. */
function jdbcUrl(dialect: string, url: string, options: string): string {
  const plain = new URL(url);
  return `jdbc:${dialect === 'mysql' ? 'mysql' : 'postgresql'}://${plain.host}${plain.pathname}?${options}`;
}

describe.each(Object.entries(databases))('%s store over TLS', (dialect, database) => {
  const requireTls = dialect === 'mysql' ? 'sslMode=REQUIRED' : 'sslmode=require';

  it.skipIf(!database)('a store.url that requires TLS is refused: the server does not offer it', async () => {
    const message = await startFailure({ store: { url: withOptions(database!.url, requireTls), password: PASSWORD } });
    expect(message).toMatch(/^store\.url: cannot connect to the result store at /);
    expect(message).toContain(`the server does not offer TLS, but ${requireTls} in the URL asks for it`);
  });

  it.skipIf(!database)('a cacheJdbcConfig.url that verifies certificates is refused the same way, naming that key', async () => {
    const options = dialect === 'mysql' ? 'useSSL=true' : 'ssl=true';
    const message = await startFailure({ cacheJdbcConfig: { url: jdbcUrl(dialect, database!.url, `${options}&characterEncoding=utf8`), user: new URL(database!.url).username, password: PASSWORD } });
    expect(message).toMatch(/^cacheJdbcConfig\.url: cannot connect to the result store at /);
    expect(message).toContain(`the server does not offer TLS, but ${options} in the URL asks for it`);
  });

  it.skipIf(!database)('prefer asks for TLS too: Node drivers do not fall back to clear text', async () => {
    const prefer = dialect === 'mysql' ? 'sslMode=PREFERRED' : 'sslmode=prefer';
    const message = await startFailure({ store: { url: withOptions(database!.url, prefer) } });
    expect(message).toContain(`the server does not offer TLS, but ${prefer} in the URL asks for it`);
  });

  it.skipIf(!database)('TLS turned off, or not mentioned, opens the store; scripts are told it is off', async () => {
    for (const url of [withOptions(database!.url, 'sslmode=disable'), withOptions(database!.url, 'useSSL=false'), database!.url]) {
      const store = await createStore(buildConfig({ store: { url } }));
      try {
        expect(store.access.environment.SCHEDULER_STORE_SSL).toBe('disable');
        expect(store.access.environment.SCHEDULER_STORE_URL).not.toContain('?');
        expect(store.access.environment.SCHEDULER_STORE_SSL_CA).toBeUndefined();
      } finally {
        await store.close();
      }
    }
  });

  it.skipIf(!database)('a CA file that cannot be read stops the start, naming the option and the file', async () => {
    const missing = path.join(tmpdir(), 'scheduler-no-such-ca.pem');
    const message = await startFailure({ store: { url: withOptions(database!.url, `sslmode=verify-full&sslrootcert=${encodeURIComponent(missing)}`) } });
    expect(message).toMatch(/^store\.url: cannot open the result store at /);
    expect(message).toContain(`sslrootcert: cannot read the CA file ${missing} (ENOENT)`);
  });
});

describe('bad TLS values are configuration problems of the URL key', () => {
  it('an unknown sslmode names the key, the option and the accepted values', () => {
    const message = configProblem({ store: { url: 'postgres://scheduler@127.0.0.1:5432/results?sslmode=strict' } });
    expect(message).toContain('store.url: sslmode="strict" is not a TLS mode; accepted: disable, allow, prefer, require, verify-ca, verify-full');
  });

  it("the original's keys: a contradiction names both options", () => {
    const message = configProblem({ cacheJdbcConfig: { url: 'jdbc:mysql://127.0.0.1:3306/results?useSSL=false&requireSSL=true', password: PASSWORD } });
    expect(message).toContain('cacheJdbcConfig.url: useSSL=false and requireSSL=true contradict each other; keep one');
    expect(message).not.toContain(PASSWORD);
  });
});

describe('scripts that write their own result get the TLS requirement', () => {
  const locationOf = (url: string) => buildConfig({ store: { url } }).store.location as ServerLocation;

  it('in SCHEDULER_STORE_SSL, SCHEDULER_STORE_SSL_CA (absolute) and the URL', () => {
    const { environment } = serverStoreAccess(locationOf('postgres://app:pw@db.internal:5432/results?sslmode=verify-ca&sslrootcert=certs/ca.pem'));
    const caFile = path.resolve('certs/ca.pem');
    expect(environment).toMatchObject({ SCHEDULER_STORE_SSL: 'verify-ca', SCHEDULER_STORE_SSL_CA: caFile });
    expect(environment.SCHEDULER_STORE_URL).toBe(`postgres://app:pw@db.internal:5432/results?sslmode=verify-ca&sslrootcert=${encodeURIComponent(caFile)}`);
  });

  it("in the original's MySQL spellings too", () => {
    expect(serverStoreAccess(locationOf('jdbc:mysql://db.internal/results?useSSL=true&verifyServerCertificate=false')).environment).toMatchObject({
      SCHEDULER_STORE_SSL: 'require',
      SCHEDULER_STORE_URL: 'mysql://db.internal:3306/results?sslmode=require',
    });
    expect(serverStoreAccess(locationOf('mysql://db.internal/results?sslMode=VERIFY_IDENTITY')).environment.SCHEDULER_STORE_SSL).toBe('verify-full');
  });
});

describe('the scheduler command', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'scheduler-store-tls-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it.skipIf(!databases.postgres)('exits 2 when the store asks for TLS the server does not offer, without the password', async () => {
    const file = path.join(dir, 'app.properties');
    const plain = new URL(databases.postgres!.url);
    await writeFile(
      file,
      [`cacheJdbcConfig.url=jdbc:postgresql://${plain.host}${plain.pathname}?ssl=true`, `cacheJdbcConfig.user=${plain.username}`, 'cacheJdbcConfig.password=${STORE_PASSWORD}', 'jobsConfigList[0].type=dummy', 'jobsConfigList[0].name=demo'].join('\n'),
    );
    const { code, stdout, stderr } = await runScheduler([`--spring.config.location=file://${file}`, '--server.port=0'], { STORE_PASSWORD: PASSWORD });
    expect(code, stderr).toBe(2);
    expect(stderr).toContain('Scheduler did not start: cacheJdbcConfig.url: cannot connect to the result store at postgres://');
    expect(stderr).toContain('the server does not offer TLS, but ssl=true in the URL asks for it');
    expect(stderr + stdout).not.toContain(PASSWORD);
  });
});
