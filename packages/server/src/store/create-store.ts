/**
 * Chooses, opens and migrates the store from the configuration. SQLite is the only backend so far; a configuration
 * that asks for the original's MySQL cache is refused rather than silently served from SQLite.
 */
import type { SchedulerConfig } from '../config/scheduler-config.js';
import { createSqliteStore } from './sqlite-store.js';
import type { Store } from './store.js';

export class StoreConfigError extends Error {}

export async function createStore(config: SchedulerConfig): Promise<Store> {
  if (config.cacheJdbcConfig?.url) {
    throw new StoreConfigError(
      'cacheJdbcConfig.url: MySQL/PostgreSQL result stores are not available in this version yet; remove cacheJdbcConfig.* to use the embedded SQLite store (cacheSqliteConfig.path)',
    );
  }
  try {
    const store = createSqliteStore({
      path: config.cacheSqliteConfig.path,
      inMemory: config.inMemoryCache,
      busyTimeoutMs: config.cacheSqliteConfig.timeoutMillis,
      batchSize: config.cacheSqliteConfig.batchSize,
    });
    await store.migrate();
    return store;
  } catch (error) {
    throw new StoreConfigError(`cacheSqliteConfig.path: cannot open the SQLite store at "${config.cacheSqliteConfig.path}": ${(error as Error).message}`);
  }
}
