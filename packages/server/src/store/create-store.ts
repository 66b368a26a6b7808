/**
 * Opens and migrates the store the configuration names (see config/store-settings.ts): SQLite,
 * MySQL/MariaDB or PostgreSQL. A store that cannot be opened stops the start with a message
 * naming the setting to fix — and never the password.
 */
import type { SchedulerConfig } from '../config/scheduler-config.js';
import { describeLocation } from '../database/database-url.js';
import { isTlsFailure } from '../database/tls-failures.js';
import { StoreUnavailableError } from '../errors.js';
import { createMysqlStore } from './mysql-store.js';
import { createPostgresStore } from './postgres-store.js';
import { createSqliteStore } from './sqlite-store.js';
import { explainStartProblem } from './store-start-problem.js';
import type { Store } from './store.js';

export class StoreConfigError extends Error {}

export async function createStore({ store: settings }: SchedulerConfig): Promise<Store> {
  const { location, sourceKey } = settings;
  let store: Store;
  try {
    if (location.dialect === 'sqlite') {
      store = createSqliteStore({ path: location.path, inMemory: 'inMemory' in location, busyTimeoutMs: settings.busyTimeoutMs, batchSize: settings.batchSize });
    } else {
      const options = { location, poolSize: settings.poolSize, connectTimeoutSec: settings.connectTimeoutSec, batchSize: settings.batchSize };
      store = location.dialect === 'mysql' ? createMysqlStore(options) : createPostgresStore(options);
    }
  } catch (error) {
    throw new StoreConfigError(`${sourceKey}: cannot open the result store at ${describeLocation(location)}: ${explainStartProblem(error, settings, false)}`, { cause: error });
  }
  try {
    // The first statement: for a server store, this is where a connection is first opened.
    await store.migrate();
    return store;
  } catch (error) {
    await store.close().catch(() => undefined);
    const cause = error instanceof StoreUnavailableError ? error.cause : error;
    // A TLS setup that failed is a connection that never opened, whichever way the driver says it.
    const connecting = error instanceof StoreUnavailableError || (location.dialect !== 'sqlite' && isTlsFailure(cause, location.tls));
    const doing = connecting ? 'cannot connect to' : 'cannot prepare';
    throw new StoreConfigError(`${sourceKey}: ${doing} the result store at ${describeLocation(location)}: ${explainStartProblem(cause, settings, connecting)}`, { cause: error });
  }
}
