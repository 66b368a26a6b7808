/**
 * One real database per dialect and suite (test-databases.ts), a Scheduler whose SQL jobs point
 * at it, and a direct connection of the test's own to prepare tables and to look at what the
 * jobs did — or did not do — to them.
 */
import Database from 'better-sqlite3';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { pino } from 'pino';
import { afterAll, beforeAll, type TestContext } from 'vitest';
import { ConfigError } from '../../../src/config/config-error.js';
import { buildConfig } from '../../../src/config/load-config.js';
import type { DatabaseDialect } from '../../../src/database/database-url.js';
import { createScheduler } from '../../../src/scheduler.js';
import { startScheduler, type TestResponse, type TestScheduler } from '../../helpers/start-scheduler.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-databases.js';

/** A direct connection to the test database, bypassing Scheduler. */
export interface DirectConnection {
  /** Runs one statement. */
  exec(sql: string, values?: unknown[]): Promise<void>;
  /** Runs one query and returns its rows as objects. */
  rows(sql: string, values?: unknown[]): Promise<Array<Record<string, unknown>>>;
  close(): Promise<void>;
}

export interface SqlFixture {
  dialect: DatabaseDialect;
  db: TestDatabase;
  server: TestScheduler;
  direct: DirectConnection;
}

export interface FixtureOptions {
  /** Statements creating and filling the tables, before Scheduler starts. */
  setup?: (dialect: DatabaseDialect) => string[];
  /** The jobs, given the database's URL. */
  jobs: (url: string, dialect: DatabaseDialect) => Array<Record<string, unknown>>;
  /** Other settings of the Scheduler. */
  config?: Record<string, unknown>;
}

/**
 * Registers the suite's set-up and tear-down; call the result inside a test to get the fixture.
 * A dialect whose server is absent skips the test (and fails it in CI: test-databases.ts).
 */
export function useSqlFixture(dialect: DatabaseDialect, options: FixtureOptions): (context: TestContext) => SqlFixture {
  let fixture: SqlFixture | null = null;
  beforeAll(async () => {
    const db = await createTestDatabase(dialect);
    if (!db) return;
    const direct = await connectDirectly(db);
    for (const statement of options.setup?.(dialect) ?? []) await direct.exec(statement);
    const server = await startScheduler({ config: { jobsConfigList: options.jobs(db.url, dialect), ...options.config } });
    fixture = { dialect, db, server, direct };
  }, 60_000);
  afterAll(async () => {
    if (!fixture) return;
    await fixture.server.stop();
    await fixture.direct.close();
    await fixture.db.drop();
  }, 60_000);
  return (context) => {
    if (!fixture) context.skip(`${dialect} is not available on this machine`);
    return fixture!;
  };
}

export async function connectDirectly(db: TestDatabase): Promise<DirectConnection> {
  if (db.dialect === 'sqlite') {
    const connection = new Database(db.url.slice('sqlite:'.length));
    return {
      exec: async (sql, values = []) => void connection.prepare(sql).run(...(values as unknown[])),
      rows: async (sql, values = []) => connection.prepare(sql).all(...(values as unknown[])) as Array<Record<string, unknown>>,
      close: async () => void connection.close(),
    };
  }
  if (db.dialect === 'mysql') {
    const connection = await mysql.createConnection({ uri: db.url, dateStrings: true, supportBigNumbers: true, bigNumberStrings: true });
    return {
      exec: async (sql, values) => void (await connection.query(sql, values)),
      rows: async (sql, values) => (await connection.query(sql, values))[0] as Array<Record<string, unknown>>,
      close: () => connection.end(),
    };
  }
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  return {
    exec: async (sql, values) => void (await client.query(sql, values)),
    rows: async (sql, values) => (await client.query(sql, values)).rows as Array<Record<string, unknown>>,
    close: () => client.end(),
  };
}

/** The URL of a test database with other credentials or another database name. */
export function withUrlParts(url: string, parts: { user?: string; password?: string; host?: string; database?: string }): string {
  const parsed = new URL(url);
  if (parts.user !== undefined) parsed.username = parts.user;
  if (parts.password !== undefined) parsed.password = parts.password;
  if (parts.host !== undefined) parsed.hostname = parts.host;
  if (parts.database !== undefined) parsed.pathname = `/${parts.database}`;
  return parsed.toString();
}

/** A run of `job`, answered with its table as objects keyed by column name. */
export async function runJob(server: TestScheduler, job: string, args: Record<string, unknown> = {}, range?: { from: string | number; to: string | number }): Promise<TestResponse> {
  const body: Record<string, unknown> = { targets: [{ refId: 'A', target: job, data: { type: 'run', args } }] };
  if (range) body.range = range;
  return server.post('/scheduler/query', body);
}

export interface AnswerTable {
  columns: Array<{ text: string; type: string }>;
  rows: unknown[][];
}

/** The first table of a query answer, its rows as objects. */
export function tableRows(response: TestResponse): Array<Record<string, unknown>> {
  if (response.status !== 200) throw new Error(`expected 200, got ${response.status}: ${response.text}`);
  const table = (response.json as AnswerTable[])[0]!;
  return table.rows.map((row) => Object.fromEntries(table.columns.map((column, index) => [column.text, row[index]])));
}

/** The column types of the first table of a query answer, by column name. */
export function columnTypes(response: TestResponse): Record<string, string> {
  if (response.status !== 200) throw new Error(`expected 200, got ${response.status}: ${response.text}`);
  const table = (response.json as AnswerTable[])[0]!;
  return Object.fromEntries(table.columns.map((column) => [column.text, column.type]));
}

/** The message of the ConfigError that refuses to start a Scheduler with these jobs. */
export async function refusedStart(jobs: Array<Record<string, unknown>>): Promise<string> {
  let scheduler;
  try {
    // Problems of a job's own keys stop buildConfig; those found connecting stop createScheduler.
    const config = buildConfig({ server: { port: 0, host: '127.0.0.1' }, inMemoryCache: true, logLevel: 'silent', jobsConfigList: jobs });
    scheduler = await createScheduler(config, pino({ level: 'silent' }));
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  await scheduler.stop();
  throw new Error('the Scheduler started, but it should have refused');
}
