/** What a MySQL/MariaDB or PostgreSQL store is opened with, from the resolved store settings. */
import type { ServerLocation } from '../database/driver-endpoint.js';

export interface ServerStoreOptions {
  /** Where the database is, with the URL's TLS requirement (`location.tls`), which the pool obeys. */
  location: ServerLocation;
  /** Connections the pool keeps at most (`store.poolSize`). */
  poolSize: number;
  /** How long opening a connection, or a health check, may take (`store.connectTimeoutSec`). */
  connectTimeoutSec: number;
  batchSize: number;
}
