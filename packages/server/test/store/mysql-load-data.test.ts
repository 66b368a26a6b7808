/**
 * MySQL results are written by LOAD DATA LOCAL INFILE where the server allows it, and by
 * multi-row INSERTs where it does not (MySQL 8 refuses LOCAL by default). The refusal is
 * provoked here by a pool whose connections do not offer LOCAL files to the server, which
 * answers as a server with `local_infile` off does: before reading a row.
 */
import { Kysely, MysqlDialect } from 'kysely';
import mysql from 'mysql2';
import { afterAll, describe, expect, it } from 'vitest';
import type { Column, Row } from '../../src/domain.js';
import { mysqlDialect, isMysqlConnectivityError } from '../../src/store/mysql-dialect.js';
import { readResultTable, writeResultTable } from '../../src/store/result-tables.js';
import { WriteGate } from '../../src/store/write-gate.js';
import { createTestDatabase } from '../helpers/test-databases.js';
import { allRows } from '../helpers/row-streams.js';

const database = await createTestDatabase('mysql');

const COLUMNS: Column[] = [
  { name: 'time', type: 'time' },
  { name: 'value', type: 'number' },
  { name: 'text', type: 'string' },
  { name: 'ok', type: 'boolean' },
];
const ROWS: Row[] = [
  [1_700_000_000_123, 1.5, 'tab\there, line\nbreak\r\n, back\\slash, \\N, NUL\0, naïve 数据 😀', true],
  [null, null, null, null],
  [0, -2.5e-7, 'NULL', false],
  [2, 1e300, '', true],
];

/** The store's dialect over a pool of its own, with LOCAL files offered or not. */
function openDialect(url: string, localFiles: boolean) {
  const pool = mysql.createPool({ uri: url, charset: 'utf8mb4', connectionLimit: 2, ...(localFiles ? {} : { flags: ['-LOCAL_FILES'] }) });
  const db = new Kysely({ dialect: new MysqlDialect({ pool }) });
  const dialect = mysqlDialect(pool, new WriteGate(1), { where: 'test', isConnectivityError: isMysqlConnectivityError, secrets: [] });
  return { db, dialect };
}

describe.skipIf(!database)('MySQL result writes', () => {
  afterAll(() => database?.drop());

  for (const localFiles of [true, false]) {
    it(`store every value whole and in order ${localFiles ? 'by LOAD DATA LOCAL' : 'by INSERTs when the server refuses LOAD DATA LOCAL'}, again and again`, async () => {
      const { db, dialect } = openDialect(database!.url, localFiles);
      try {
        for (const attempt of [1, 2]) {
          const table = `load_${localFiles}_${attempt}`;
          const written = await writeResultTable(db, dialect, table, COLUMNS, ROWS, 500);
          expect(written.rowCount).toBe(ROWS.length);
          expect(await allRows(readResultTable(db, dialect, table, written.columns))).toEqual(ROWS);
        }
      } finally {
        await db.destroy();
      }
    });
  }

  it('a source failing after a whole chunk of rows leaves no table behind, and the pool keeps working', async () => {
    const { db, dialect } = openDialect(database!.url, true);
    try {
      function* failing(): Generator<Row> {
        for (let index = 0; index < 50_000; index++) yield [index, index / 2, `row ${index}`, index % 2 === 0];
        throw new Error('source broke');
      }
      await expect(writeResultTable(db, dialect, 'load_failing', COLUMNS, failing(), 500)).rejects.toThrow('source broke');
      expect(await dialect.describeTable(db, 'load_failing')).toBeNull();
      const written = await writeResultTable(db, dialect, 'load_after', COLUMNS, ROWS, 500);
      expect(await allRows(readResultTable(db, dialect, 'load_after', written.columns))).toEqual(ROWS);
    } finally {
      await db.destroy();
    }
  });
});
