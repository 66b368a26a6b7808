import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createSqliteStore } from '../../src/store/sqlite-store.js';
import { describeStoreContract } from './store-contract.js';

describeStoreContract('sqlite', async () => {
  const store = createSqliteStore({ path: await mkdtemp(path.join(tmpdir(), 'scheduler-store-')), inMemory: false, busyTimeoutMs: 1000, batchSize: 500 });
  await store.migrate();
  return store;
});
