/**
 * Opens and migrates the store the configuration names (see config/store-settings.ts). A store
 * that cannot be opened stops the start with a message naming the setting to fix.
 */
import type { SchedulerConfig } from '../config/scheduler-config.js';
import { describeLocation } from '../database/database-url.js';
import { createSqliteStore } from './sqlite-store.js';
import type { Store } from './store.js';

export class StoreConfigError extends Error {}

export async function createStore({ store: settings }: SchedulerConfig): Promise<Store> {
  const { location, sourceKey } = settings;
  let store: Store;
  try {
    if (location.dialect !== 'sqlite') throw new Error(`${location.dialect} result stores are not available yet`);
    store = createSqliteStore({ path: location.path, inMemory: 'inMemory' in location, busyTimeoutMs: settings.busyTimeoutMs, batchSize: settings.batchSize });
  } catch (error) {
    throw new StoreConfigError(`${sourceKey}: cannot open the result store at ${describeLocation(location)}: ${(error as Error).message}`, { cause: error });
  }
  try {
    await store.migrate();
    return store;
  } catch (error) {
    await store.close().catch(() => undefined);
    throw new StoreConfigError(`${sourceKey}: cannot prepare the result store at ${describeLocation(location)}: ${(error as Error).message}`, { cause: error });
  }
}
