/**
 * A database server store that cannot be opened stops the start (StoreConfigError, exit 2 in the
 * command) with a message naming the setting to fix and what is wrong — and never the password.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../helpers/test-databases.js';
import { storeStartFailure } from './store-start-failure.js';

const databases = { mysql: await createTestDatabase('mysql'), postgres: await createTestDatabase('postgres') };
afterAll(() => Promise.all(Object.values(databases).map((database) => database?.drop())));

const PASSWORD = 'Sekret-Pa55word';

const startFailure = (tree: Record<string, unknown>) => storeStartFailure(tree, PASSWORD);

/** The test database's URL with another part swapped in. */
function changed(url: string, change: (parsed: URL) => void): string {
  const parsed = new URL(url);
  change(parsed);
  return parsed.toString();
}

describe.each(Object.entries(databases))('%s store that cannot be opened', (dialect, database) => {
  it.skipIf(!database)('an unknown user or a wrong password names the credential keys', async () => {
    const url = changed(database!.url, (parsed) => {
      parsed.username = 'scheduler_nobody';
      parsed.password = PASSWORD;
    });
    const message = await startFailure({ store: { url } });
    expect(message).toMatch(/^store\.url: cannot connect to the result store at /);
    expect(message).toContain('the server refused the login');
    expect(message).toContain('store.user / store.password');
  });

  it.skipIf(!database)('the original cacheJdbcConfig keys are named when they hold the credentials', async () => {
    const plain = new URL(database!.url);
    const jdbcUrl = `jdbc:${dialect === 'mysql' ? 'mysql' : 'postgresql'}://${plain.host}${plain.pathname}`;
    const message = await startFailure({ cacheJdbcConfig: { url: jdbcUrl, user: 'scheduler_nobody', password: PASSWORD } });
    expect(message).toMatch(/^cacheJdbcConfig\.url: /);
    expect(message).toContain('cacheJdbcConfig.user / cacheJdbcConfig.password');
  });

  it.skipIf(!database)('a database that does not exist is named', async () => {
    const message = await startFailure({ store: { url: changed(database!.url, (parsed) => void (parsed.pathname = '/scheduler_no_such_database')) } });
    expect(message).toContain('the database "scheduler_no_such_database" does not exist');
  });

  it.skipIf(!database)('an unknown host is named', async () => {
    const message = await startFailure({ store: { url: changed(database!.url, (parsed) => void (parsed.hostname = 'no-such-host.invalid')), password: PASSWORD } });
    expect(message).toContain('the host "no-such-host.invalid" is unknown');
  });

  it.skipIf(!database)('a port where nothing listens is named', async () => {
    const message = await startFailure({ store: { url: changed(database!.url, (parsed) => void (parsed.port = '1')), password: PASSWORD } });
    expect(message).toContain('nothing accepts connections at 127.0.0.1:1');
  });
});
