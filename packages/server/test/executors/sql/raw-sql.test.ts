/**
 * `raw_sql` runs SQL text from the request, but only when the job enables it, only one statement
 * at a time and — unless the job says readOnly: false — read-only, enforced by the database
 * itself: INSERT, UPDATE, DELETE and DDL fail with the database's own error, and the data is
 * unchanged. A statement cannot loosen the session for the next one.
 */
import { describe, expect, it } from 'vitest';
import { DIALECTS } from '../../helpers/test-databases.js';
import { refusedStart, runJob, tableRows, useSqlFixture } from './sql-fixture.js';

const WRITES = [
  "INSERT INTO items (name) VALUES ('intruder')",
  "UPDATE items SET name = 'changed'",
  'DELETE FROM items',
  'DROP TABLE items',
  'CREATE TABLE intruder (a INTEGER)',
  "INSERT INTO items (name) VALUES ('returned') RETURNING name",
];

describe('raw_sql is off until enabled', () => {
  it('without enabled: true the start is refused, naming the key', async () => {
    const message = await refusedStart([{ name: 'ad-hoc', type: 'raw_sql', config: { url: 'sqlite:/nonexistent.db' } }]);
    expect(message).toContain('jobsConfigList[0].config.enabled: a raw_sql job runs SQL text sent by dashboards, so it is off until enabled: true is set');
  });

  it('enabled: false (here by its original name raw_jdbc) is refused the same way', async () => {
    const message = await refusedStart([{ name: 'ad-hoc', type: 'raw_jdbc', config: { url: 'sqlite:/nonexistent.db', enabled: 'false' } }]);
    expect(message).toContain('jobsConfigList[0].config.enabled: a raw_sql job runs SQL text sent by dashboards');
  });
});

for (const dialect of DIALECTS) {
  describe(`${dialect}: raw_sql`, () => {
    const fixture = useSqlFixture(dialect, {
      setup: () => ['CREATE TABLE items (name VARCHAR(40))', "INSERT INTO items (name) VALUES ('first'), ('second')"],
      jobs: (url) => [
        { name: 'ad-hoc', type: 'raw_jdbc', config: { url, enabled: true, poolSize: 1 } },
        { name: 'writable', type: 'raw_sql', config: { url, enabled: true, readOnly: false } },
      ],
    });
    const names = async (context: Parameters<typeof fixture>[0]) => (await fixture(context).direct.rows('SELECT name FROM items ORDER BY name')).map((row) => row.name);

    it('runs the SQL of the request and answers its table', async (context) => {
      const { server } = fixture(context);
      const response = await runJob(server, 'ad-hoc', { sql: "SELECT name, 'a;b' AS semicolon FROM items ORDER BY name" });
      expect(tableRows(response)).toEqual([
        { name: 'first', semicolon: 'a;b' },
        { name: 'second', semicolon: 'a;b' },
      ]);
      expect(tableRows(await runJob(server, 'ad-hoc', { sql: 'SELECT count(*) AS n FROM items;' }))).toEqual([{ n: 2 }]);
    });

    it('takes SQL written over several lines, with tabs and -- comments', async (context) => {
      const { server } = fixture(context);
      const response = await runJob(server, 'ad-hoc', { sql: 'SELECT name -- the item\n\tFROM items\r\nWHERE name = \'first\'' });
      expect(tableRows(response)).toEqual([{ name: 'first' }]);
    });

    it('refuses INSERT, UPDATE, DELETE and DDL with the database\'s own read-only error; the data is unchanged', async (context) => {
      const { server } = fixture(context);
      for (const sql of WRITES) {
        const response = await runJob(server, 'ad-hoc', { sql });
        expect(response.status, `${sql}: ${response.text}`).toBe(422);
        expect(response.json.message, sql).toMatch(/refused the statement: .*read[- ]?only/i);
        expect(response.json.message, sql).toContain('the job is read-only (readOnly: true), so the database refuses writes');
      }
      expect(await names(context)).toEqual(['first', 'second']);
    });

    it('a statement cannot loosen the session for the next one', async (context) => {
      const { server } = fixture(context);
      const loosen = {
        postgres: 'SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE',
        mysql: 'SET SESSION TRANSACTION READ WRITE',
        sqlite: 'PRAGMA query_only = OFF',
      }[dialect];
      await runJob(server, 'ad-hoc', { sql: loosen }); // may itself be refused; what matters is next
      const response = await runJob(server, 'ad-hoc', { sql: "INSERT INTO items (name) VALUES ('after')" });
      expect(response.status, response.text).toBe(422);
      expect(response.json.message).toMatch(/read[- ]?only/i);
      expect(await names(context)).toEqual(['first', 'second']);
    });

    it('refuses several statements in one request before anything runs (400)', async (context) => {
      const { server } = fixture(context);
      for (const sql of ['SELECT 1; DROP TABLE items', 'SELECT 1 AS one; /* and */ SELECT 2 AS two']) {
        const response = await runJob(server, 'writable', { sql });
        expect(response.status, response.text).toBe(400);
        expect(response.json.message).toContain('argument "sql" holds more than one statement; send one statement per request');
      }
      expect(await names(context)).toEqual(['first', 'second']);
    });

    it("Grafana's range is available as :__from and :__to; other :names are left to the database", async (context) => {
      const { server } = fixture(context);
      const response = await runJob(server, 'ad-hoc', { sql: "SELECT :__from AS from_ms, ':kept' AS text" }, { from: 1_700_000_000_000, to: 1_700_000_360_000 });
      expect(tableRows(response).map((row) => ({ ...row, from_ms: Number(row.from_ms) }))).toEqual([{ from_ms: 1_700_000_000_000, text: ':kept' }]);
    });

    it('with readOnly: false, writes go through', async (context) => {
      const { server, direct } = fixture(context);
      const response = await runJob(server, 'writable', { sql: "INSERT INTO items (name) VALUES ('written')" });
      expect(response.status, response.text).toBe(200);
      expect(await names(context)).toEqual(['first', 'second', 'written']);
      await direct.exec("DELETE FROM items WHERE name = 'written'");
    });

    if (dialect === 'sqlite') {
      it('refuses ATTACH, which would read other files, even with readOnly: false', async (context) => {
        const { server } = fixture(context);
        for (const job of ['ad-hoc', 'writable']) {
          const response = await runJob(server, job, { sql: "ATTACH DATABASE '/etc/hostname' AS other" });
          expect(response.status, response.text).toBe(422);
          expect(response.json.message).toContain('ATTACH is not allowed in raw SQL: it reaches files other than the job\'s database');
        }
      });
    }
  });
}
