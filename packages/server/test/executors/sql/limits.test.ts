/**
 * A SQL job's limits hold on every dialect: more rows than maxRows fail the request naming the
 * setting (never a silently shortened table); a statement past statementTimeoutSec fails within
 * about a second of it and is no longer running on the database server afterwards; a cancelled
 * request stops its statement on the server too.
 */
import { describe, expect, it } from 'vitest';
import type { DatabaseDialect } from '../../../src/database/database-url.js';
import { eventually, statusRows } from '../../helpers/start-scheduler.js';
import { DIALECTS } from '../../helpers/test-databases.js';
import { runJob, tableRows, useSqlFixture, type DirectConnection } from './sql-fixture.js';

/** 10,000 rows, 0 to 9999, without recursion (MySQL stops recursive CTEs at 1000 levels). */
const TEN_THOUSAND = `WITH d(n) AS (SELECT 0 UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9)
  SELECT a.n * 1000 + b.n * 100 + c.n * 10 + e.n AS n FROM d a, d b, d c, d e ORDER BY n`;

const counting = (rows: number) => `WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < ${rows}) SELECT n FROM s`;

/**
 * A statement that runs until stopped, and the text to find it by on the server. SQLite has no
 * server: its statement yields a row now and then, so its thread can be stopped between rows.
 */
function endless(dialect: DatabaseDialect, seconds: number): string {
  if (dialect === 'postgres') return `SELECT pg_sleep(${seconds}) AS slept`;
  if (dialect === 'mysql') return `SELECT SLEEP(${seconds}) AS slept`;
  return `WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < ${seconds} * 1000000000) SELECT x FROM c WHERE x % 200000 = 0`;
}

/** How many sessions other than the test's own are running a statement containing `text`. */
async function runningOnServer(direct: DirectConnection, dialect: DatabaseDialect, text: string): Promise<number> {
  if (dialect === 'postgres') {
    const rows = await direct.rows("SELECT count(*)::int AS n FROM pg_stat_activity WHERE state = 'active' AND query LIKE $1 AND pid <> pg_backend_pid()", [`%${text}%`]);
    return Number(rows[0]!.n);
  }
  const rows = await direct.rows('SELECT count(*) AS n FROM information_schema.PROCESSLIST WHERE INFO LIKE ? AND ID <> CONNECTION_ID()', [`%${text}%`]);
  return Number(rows[0]!.n);
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: limits`, () => {
    const fixture = useSqlFixture(dialect, {
      jobs: (url) => [
        { name: 'many', type: 'sql', config: { url, statement: TEN_THOUSAND, poolSize: 2 } },
        { name: 'five', type: 'sql', config: { url, statement: counting(5), maxRows: 5 } },
        { name: 'twenty', type: 'sql', config: { url, statement: counting(20), maxRows: 5 } },
        { name: 'sleepy', type: 'sql', config: { url, statement: endless(dialect, 10), statementTimeoutSec: 1, maxRows: 1_000_000, poolSize: 1 } },
        { name: 'raw', type: 'raw_sql', config: { url, enabled: true, maxRows: 5 } },
        { name: 'raw-one-connection', type: 'raw_sql', config: { url, enabled: true, statementTimeoutSec: 2, maxRows: 1_000_000, poolSize: 1 } },
        { name: 'raw-cancellable', type: 'raw_sql', config: { url, enabled: true, statementTimeoutSec: 60, maxRows: 1_000_000, poolSize: 1 } },
      ],
      config: { runTimeoutSec: 60, maxConcurrentJobs: 8 },
    });

    it('streams a result of many batches completely and in order, also with more concurrent requests than connections', async (context) => {
      const { server } = fixture(context);
      const answers = await Promise.all(Array.from({ length: 6 }, () => runJob(server, 'many')));
      for (const answer of answers) {
        const numbers = tableRows(answer).map((row) => row.n);
        expect(numbers).toHaveLength(10_000);
        expect(numbers.every((n, index) => n === index)).toBe(true);
      }
    });

    it('exactly maxRows rows are fine', async (context) => {
      const { server } = fixture(context);
      expect(tableRows(await runJob(server, 'five')).map((row) => row.n)).toEqual([1, 2, 3, 4, 5]);
    });

    it('more rows than maxRows fail the run with a message naming maxRows', async (context) => {
      const { server } = fixture(context);
      const response = await runJob(server, 'twenty');
      expect(response.status, response.text).toBe(422);
      expect(response.json.message).toBe(
        'job "twenty" failed: the statement returned more than maxRows=5 rows; narrow it (a WHERE clause, LIMIT, an aggregate) or raise maxRows',
      );
    });

    it('a submit over maxRows ends FAILED with the reason in its status, and nothing to get', async (context) => {
      const { server } = fixture(context);
      await server.query('twenty', { type: 'submit' });
      const status = await eventually(async () => {
        const rows = statusRows((await server.query('twenty', { type: 'status' })).json);
        return rows[0]?.Status === 'FAILED' ? rows[0] : undefined;
      });
      expect(status.Notes).toContain('more than maxRows=5 rows');
      const got = await server.query('twenty', { type: 'get' });
      expect(JSON.stringify(got.json)).not.toContain('"rows":[[1]');
    });

    it('raw SQL has the same row cap', async (context) => {
      const { server } = fixture(context);
      const response = await runJob(server, 'raw', { sql: counting(6) });
      expect(response.status, response.text).toBe(422);
      expect(response.json.message).toContain('more than maxRows=5 rows');
    });

    it('a statement past statementTimeoutSec fails within about a second of it, and stops running on the database', async (context) => {
      const { server, direct } = fixture(context);
      const started = Date.now();
      const response = await runJob(server, 'sleepy');
      const elapsed = Date.now() - started;
      expect(response.status, response.text).toBe(422);
      expect(response.json.message).toContain('statement timeout: the statement did not finish within statementTimeoutSec=1 s and was stopped on the database');
      expect(elapsed).toBeGreaterThanOrEqual(900);
      expect(elapsed).toBeLessThan(2500);
      if (dialect !== 'sqlite') {
        await eventually(async () => ((await runningOnServer(direct, dialect, endless(dialect, 10))) === 0 ? true : undefined), 2000, 'the statement to stop on the server');
      }
    });

    it('raw SQL has the same statement timeout, and the connection is free again at once', async (context) => {
      const { server, direct } = fixture(context);
      const started = Date.now();
      const response = await runJob(server, 'raw-one-connection', { sql: endless(dialect, 9) });
      expect(response.status, response.text).toBe(422);
      expect(response.json.message).toContain('statement timeout: the statement did not finish within statementTimeoutSec=2 s');
      expect(Date.now() - started).toBeLessThan(3500);
      // The job's only connection (poolSize 1) answers the next statement: for SQLite, its
      // thread was stopped between two rows (the statement alone would run for many minutes;
      // starting the new thread from TypeScript sources takes a moment under test).
      const next = Date.now();
      expect(tableRows(await runJob(server, 'raw-one-connection', { sql: 'SELECT 1 AS one' }))).toEqual([{ one: 1 }]);
      expect(Date.now() - next).toBeLessThan(5000);
      if (dialect !== 'sqlite') expect(await runningOnServer(direct, dialect, endless(dialect, 9))).toBe(0);
    });

    it('the database session itself carries the statement timeout and UTC, so the server stops a statement even without Scheduler', async (context) => {
      const { server } = fixture(context);
      if (dialect === 'sqlite') context.skip('SQLite has no server session: its thread is stopped by Scheduler');
      const sql = dialect === 'postgres' ? "SELECT current_setting('statement_timeout') AS timeout, current_setting('TimeZone') AS zone" : 'SELECT @@session.max_statement_time AS timeout, @@session.time_zone AS zone';
      const [settings] = tableRows(await runJob(server, 'raw-one-connection', { sql }));
      expect(settings).toEqual(dialect === 'postgres' ? { timeout: '2s', zone: 'UTC' } : { timeout: 2, zone: '+00:00' });
    });

    it('cancelling a running request stops its statement on the database', async (context) => {
      const { server, direct } = fixture(context);
      const args = { sql: endless(dialect, 31) };
      await server.query('raw-cancellable', { type: 'submit', args });
      await eventually(async () => {
        const rows = statusRows((await server.query('raw-cancellable', { type: 'status', args })).json);
        return rows[0]?.Status === 'RUNNING' ? true : undefined;
      });
      if (dialect !== 'sqlite') {
        await eventually(async () => ((await runningOnServer(direct, dialect, args.sql)) === 1 ? true : undefined), 5000, 'the statement to run');
      }
      const cancelled = await server.query('raw-cancellable', { type: 'cancel', args });
      expect(statusRows(cancelled.json)[0]!.Status).toBe('CANCELLED');
      if (dialect !== 'sqlite') {
        await eventually(async () => ((await runningOnServer(direct, dialect, args.sql)) === 0 ? true : undefined), 2000, 'the statement to stop on the server');
      }
      const next = Date.now();
      expect(tableRows(await runJob(server, 'raw-cancellable', { sql: 'SELECT 2 AS two' }))).toEqual([{ two: 2 }]);
      expect(Date.now() - next).toBeLessThan(5000);
    });
  });
}
