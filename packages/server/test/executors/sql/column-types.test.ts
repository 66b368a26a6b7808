/**
 * Result columns are typed from each driver's metadata — PostgreSQL's type OIDs, MySQL's column
 * types, SQLite's declared types — and their values converted without loss: big integers and
 * decimals as numbers, dates and timestamps as epoch ms (times without a zone read as UTC),
 * booleans as booleans, bytes as hex, NULL as null, and an empty string stays empty.
 */
import { describe, expect, it } from 'vitest';
import type { DatabaseDialect } from '../../../src/database/database-url.js';
import { DIALECTS } from '../../helpers/test-databases.js';
import { columnTypes, runJob, tableRows, useSqlFixture } from './sql-fixture.js';

const TABLES: Record<DatabaseDialect, string[]> = {
  postgres: [
    `CREATE TABLE typed (i INTEGER, b BIGINT, d DOUBLE PRECISION, n NUMERIC(12,2), t TEXT, v VARCHAR(20), flag BOOLEAN,
      day DATE, ts TIMESTAMP(3), tstz TIMESTAMPTZ(3), bytes BYTEA, missing INTEGER)`,
    `INSERT INTO typed VALUES (42, 1234567890123, 1.5, 12.34, 'hello', '', TRUE,
      '2024-06-01', '2024-06-01 12:34:56.789', '2024-06-01 14:34:56.789+02', '\\x0102ff', NULL)`,
  ],
  mysql: [
    `CREATE TABLE typed (i INT, b BIGINT, d DOUBLE, n DECIMAL(12,2), t TEXT, v VARCHAR(20), flag BOOLEAN,
      day DATE, ts DATETIME(3), tstz TIMESTAMP(3) NULL, bytes VARBINARY(10), missing INT)`,
    "SET time_zone = '+02:00'",
    `INSERT INTO typed VALUES (42, 1234567890123, 1.5, 12.34, 'hello', '', TRUE,
      '2024-06-01', '2024-06-01 12:34:56.789', '2024-06-01 14:34:56.789', X'0102ff', NULL)`,
  ],
  sqlite: [
    `CREATE TABLE typed (i INTEGER, b BIGINT, d DOUBLE, n NUMERIC, t TEXT, v VARCHAR(20), flag BOOLEAN,
      day DATE, ts DATETIME, tstz TIMESTAMP, bytes BLOB, missing INTEGER)`,
    `INSERT INTO typed VALUES (42, 1234567890123, 1.5, 12.34, 'hello', '', 1,
      '2024-06-01', '2024-06-01 12:34:56.789', '2024-06-01T14:34:56.789+02:00', X'0102ff', NULL)`,
  ],
};

const EXPECTED_TYPES = {
  i: 'number',
  b: 'number',
  d: 'number',
  n: 'number',
  t: 'string',
  v: 'string',
  flag: 'boolean',
  day: 'time',
  ts: 'time',
  tstz: 'time',
  bytes: 'string',
  missing: 'number',
};

const EXPECTED_ROW = {
  i: 42,
  b: 1234567890123,
  d: 1.5,
  n: 12.34,
  t: 'hello',
  v: '',
  flag: true,
  day: Date.UTC(2024, 5, 1),
  ts: Date.UTC(2024, 5, 1, 12, 34, 56, 789),
  tstz: Date.UTC(2024, 5, 1, 12, 34, 56, 789),
  bytes: '0102ff',
  missing: null,
};

for (const dialect of DIALECTS) {
  describe(`${dialect}: column types`, () => {
    const fixture = useSqlFixture(dialect, {
      setup: (name) => TABLES[name],
      jobs: (url) => [
        { name: 'typed', type: 'sql', config: { url, statement: 'SELECT * FROM typed' } },
        { name: 'computed', type: 'sql', config: { url, statement: "SELECT count(*) AS n, max(d) * 2 AS doubled, 'x' AS letter FROM typed" } },
        { name: 'empty', type: 'sql', config: { url, statement: 'SELECT i, t FROM typed WHERE 1 = 0' } },
      ],
    });

    it('int, bigint, double, numeric, text, varchar, boolean, date, timestamps, bytes and NULL', async (context) => {
      const { server } = fixture(context);
      const response = await runJob(server, 'typed');
      expect(columnTypes(response)).toEqual(EXPECTED_TYPES);
      expect(tableRows(response)).toEqual([EXPECTED_ROW]);
    });

    it('computed columns: an aggregate is a number, a literal text a string', async (context) => {
      const { server } = fixture(context);
      const response = await runJob(server, 'computed');
      expect(columnTypes(response)).toEqual({ n: 'number', doubled: 'number', letter: 'string' });
      expect(tableRows(response)).toEqual([{ n: 1, doubled: 3, letter: 'x' }]);
    });

    it('a result without rows still has its typed columns', async (context) => {
      const { server } = fixture(context);
      const response = await runJob(server, 'empty');
      expect(columnTypes(response)).toEqual({ i: 'number', t: 'string' });
      expect(tableRows(response)).toEqual([]);
    });
  });
}
