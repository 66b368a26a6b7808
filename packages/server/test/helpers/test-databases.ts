/**
 * Real database servers for the suites that run once per dialect. Each suite gets a fresh,
 * empty database of its own (dropped afterwards), so suites never see each other's tables.
 *
 * A dialect whose server does not answer is skipped on a developer machine; listed in
 * SCHEDULER_TEST_DATABASES (as CI does: "sqlite,mysql,postgres"), its absence fails the suite.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import mysql from 'mysql2/promise';
import pg from 'pg';
import type { DatabaseDialect } from '../../src/database/database-url.js';

export const DIALECTS: readonly DatabaseDialect[] = ['sqlite', 'mysql', 'postgres'];

/** Servers as this machine runs them: MariaDB root without password, PostgreSQL trust auth. */
const MYSQL_ADMIN = { host: '127.0.0.1', port: 3306, user: 'root', password: '' };
const POSTGRES_ADMIN = { host: '127.0.0.1', port: 5432, user: 'postgres', database: 'postgres' };

export interface TestDatabase {
  dialect: DatabaseDialect;
  /** A URL for `store.url` or a SQL job's `url`, credentials included. */
  url: string;
  drop(): Promise<void>;
}

export function requiredDialects(): Set<string> {
  return new Set((process.env.SCHEDULER_TEST_DATABASES ?? '').split(',').map((name) => name.trim()).filter(Boolean));
}

/** A fresh database, or null when the server is absent and not required. */
export async function createTestDatabase(dialect: DatabaseDialect): Promise<TestDatabase | null> {
  try {
    return await create(dialect);
  } catch (error) {
    if (requiredDialects().has(dialect)) throw new Error(`${dialect} is required (SCHEDULER_TEST_DATABASES) but unavailable: ${(error as Error).message}`, { cause: error });
    return null;
  }
}

async function create(dialect: DatabaseDialect): Promise<TestDatabase> {
  const name = `scheduler_test_${randomBytes(6).toString('hex')}`;
  if (dialect === 'sqlite') {
    const dir = await mkdtemp(path.join(tmpdir(), 'scheduler-db-'));
    return { dialect, url: `sqlite:${path.join(dir, `${name}.db`)}`, drop: () => rm(dir, { recursive: true, force: true }) };
  }
  if (dialect === 'mysql') {
    const admin = await mysql.createConnection({ ...MYSQL_ADMIN, connectTimeout: 3000 });
    await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`);
    await admin.end();
    return {
      dialect,
      url: `mysql://${MYSQL_ADMIN.user}@${MYSQL_ADMIN.host}:${MYSQL_ADMIN.port}/${name}`,
      drop: async () => {
        const again = await mysql.createConnection(MYSQL_ADMIN);
        await again.query(`DROP DATABASE IF EXISTS \`${name}\``);
        await again.end();
      },
    };
  }
  const admin = new pg.Client({ ...POSTGRES_ADMIN, connectionTimeoutMillis: 3000 });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  return {
    dialect,
    url: `postgres://${POSTGRES_ADMIN.user}@${POSTGRES_ADMIN.host}:${POSTGRES_ADMIN.port}/${name}`,
    drop: async () => {
      const again = new pg.Client(POSTGRES_ADMIN);
      await again.connect();
      await again.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await again.end();
    },
  };
}
