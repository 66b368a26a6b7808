/**
 * The numbered migrations, in order. Listed here rather than read from a folder so they ship
 * inside the build and run the same from source and from dist.
 */
import type { Migration, MigrationProvider } from 'kysely';
import * as registry from './0001-registry.js';
import * as requestLog from './0002-request-log.js';
import * as instances from './0003-instances.js';

const migrations: Record<string, Migration> = {
  '0001-registry': registry,
  '0002-request-log': requestLog,
  '0003-instances': instances,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
