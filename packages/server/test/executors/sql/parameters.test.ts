/**
 * A `sql` job's `:name` parameters are bound as real bind parameters on every dialect: a value
 * with quotes, a `'; DROP TABLE` attempt, `:other` text or unicode comes back literally and the
 * tables are intact afterwards. Lists expand for `IN (:list)`, Grafana's range is `:__from`,
 * `:__to`, `:__from_ts`, `:__to_ts`, and a parameter without a value is refused before anything
 * runs.
 */
import { describe, expect, it } from 'vitest';
import { DIALECTS } from '../../helpers/test-databases.js';
import { runJob, tableRows, useSqlFixture } from './sql-fixture.js';

const HOSTILE_VALUES = [
  "O'Reilly",
  "'; DROP TABLE sales; --",
  "x' OR '1'='1",
  ':region and :other',
  '"double" `back` \\ backslash',
  'ünïcødé 日本語 🚀',
  '/* not a comment */ -- nor this',
];

const TIMESTAMP_TYPES = { postgres: 'TIMESTAMPTZ', mysql: 'DATETIME(3)', sqlite: 'DATETIME' } as const;

const setup = (dialect: keyof typeof TIMESTAMP_TYPES) => [
  `CREATE TABLE sales (region VARCHAR(20), amount INTEGER, sold_at ${TIMESTAMP_TYPES[dialect]})`,
  "INSERT INTO sales VALUES ('eu', 10, '2024-06-01 10:00:00'), ('us', 20, '2024-06-01 11:00:00'), ('asia', 30, '2024-06-01 12:00:00')",
];

for (const dialect of DIALECTS) {
  describe(`${dialect}: parameters`, () => {
    const fixture = useSqlFixture(dialect, {
      setup,
      jobs: (url) => [
        { name: 'echo', type: 'sql', config: { url, statement: 'SELECT :value AS value' } },
        { name: 'by-region', type: 'sql', config: { url, statement: 'SELECT region, amount FROM sales WHERE region = :region ORDER BY amount' } },
        {
          name: 'regions',
          type: 'jdbc',
          config: {
            url,
            statement: "SELECT region FROM sales WHERE region IN (:regions) AND region <> ':regions' -- :ignored\nORDER BY amount",
            argSet: { regions: { type: 'string', multiple: true, required: true } },
          },
        },
        { name: 'twice', type: 'sql', config: { url, statement: 'SELECT amount FROM sales WHERE region = :region OR amount = :limit OR region = :region ORDER BY amount', argSet: { region: { type: 'string' }, limit: { type: 'number', default: 30 } } } },
        {
          name: 'in-range',
          type: 'sql',
          config: { url, statement: 'SELECT :__from AS from_ms, :__to AS to_ms, region FROM sales WHERE sold_at >= :__from_ts AND sold_at < :__to_ts ORDER BY amount' },
        },
        { name: 'record', type: 'sql', config: { url, statement: 'INSERT INTO sales (region, amount) VALUES (:region, 99)' } },
        { name: 'record-read-only', type: 'sql', config: { url, statement: 'INSERT INTO sales (region, amount) VALUES (:region, 99)', readOnly: true } },
        { name: 'needs-missing', type: 'sql', config: { url, statement: 'SELECT :region AS region, :other AS other', argSet: { region: { type: 'string' } } } },
      ],
    });

    it('binds values literally: quotes, injection attempts, :name text and unicode come back as sent', async (context) => {
      const { server, direct } = fixture(context);
      for (const value of HOSTILE_VALUES) {
        const response = await runJob(server, 'echo', { value });
        expect(tableRows(response), value).toEqual([{ value }]);
      }
      expect(await direct.rows('SELECT count(*) AS n FROM sales')).toEqual([{ n: dialect === 'postgres' || dialect === 'mysql' ? '3' : 3 }]);
    });

    it("a value meant to close the string and drop a table only matches nothing; the table is intact", async (context) => {
      const { server, direct } = fixture(context);
      const response = await runJob(server, 'by-region', { region: "eu'; DROP TABLE sales; --" });
      expect(tableRows(response)).toEqual([]);
      const again = await runJob(server, 'by-region', { region: 'eu' });
      expect(tableRows(again)).toEqual([{ region: 'eu', amount: 10 }]);
      expect((await direct.rows('SELECT region FROM sales ORDER BY amount')).map((row) => row.region)).toEqual(['eu', 'us', 'asia']);
    });

    it('a list expands into one bind parameter per value for IN (:list); quoted and commented :names stay text', async (context) => {
      const { server } = fixture(context);
      const two = await runJob(server, 'regions', { regions: ['asia', 'eu'] });
      expect(tableRows(two).map((row) => row.region)).toEqual(['eu', 'asia']);
      const one = await runJob(server, 'regions', { regions: "us') OR ('1'='1" });
      expect(tableRows(one)).toEqual([]);
    });

    it('a parameter used twice gets the same value; a number argument is bound as a number', async (context) => {
      const { server } = fixture(context);
      const response = await runJob(server, 'twice', { region: 'eu' });
      expect(tableRows(response).map((row) => row.amount)).toEqual([10, 30]);
    });

    it("Grafana's range fills :__from, :__to (epoch ms) and :__from_ts, :__to_ts (timestamps)", async (context) => {
      const { server } = fixture(context);
      const from = Date.parse('2024-06-01T10:30:00Z');
      const to = Date.parse('2024-06-01T12:00:00Z');
      const response = await runJob(server, 'in-range', {}, { from: '2024-06-01T10:30:00.000Z', to: '2024-06-01T12:00:00.000Z' });
      const rows = tableRows(response);
      expect(rows.map((row) => row.region)).toEqual(['us']);
      expect(Number(rows[0]!.from_ms)).toBe(from);
      expect(Number(rows[0]!.to_ms)).toBe(to);
    });

    it('without a dashboard range, a statement using it fails saying it needs one', async (context) => {
      const { server } = fixture(context);
      const response = await runJob(server, 'in-range');
      expect(response.status, response.text).toBe(422);
      expect(response.json.message).toContain('uses :__from, :__to, :__from_ts, :__to_ts, which need a dashboard time range, but the request has none');
    });

    it('a parameter that no argument fills is refused before anything runs (400), naming it', async (context) => {
      const { server } = fixture(context);
      const response = await runJob(server, 'needs-missing', { region: 'eu' });
      expect(response.status, response.text).toBe(400);
      expect(response.json.message).toContain('the statement\'s parameter :other has no value: give argument "other"');
    });

    it("without an argSet the job takes exactly the statement's parameters, each required", async (context) => {
      const { server } = fixture(context);
      const missing = await runJob(server, 'by-region', {});
      expect(missing.status).toBe(400);
      expect(missing.json.message).toContain('argument "region" is required');
      const unknown = await runJob(server, 'by-region', { region: 'eu', extra: '1' });
      expect(unknown.status).toBe(400);
      expect(unknown.json.message).toContain('does not accept "extra"; it accepts "region"');
    });

    it('a sql job may write (its statement is the administrator\'s), unless it sets readOnly: true', async (context) => {
      const { server, direct } = fixture(context);
      const refused = await runJob(server, 'record-read-only', { region: 'blocked' });
      expect(refused.status, refused.text).toBe(422);
      expect(refused.json.message).toContain('the job is read-only (readOnly: true), so the database refuses writes');
      const written = await runJob(server, 'record', { region: 'new' });
      expect(written.status, written.text).toBe(200);
      expect(written.json[0].columns).toEqual([]);
      expect((await direct.rows('SELECT region FROM sales WHERE amount = 99')).map((row) => row.region)).toEqual(['new']);
      await direct.exec('DELETE FROM sales WHERE amount = 99');
    });
  });
}
