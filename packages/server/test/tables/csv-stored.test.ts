/**
 * A big CSV's rows reach the store as typed columns from the parsing thread, which the SQLite
 * writer binds without making rows, and several INSERTs share a commit. Whatever the path, the
 * stored table must read back exactly as the same CSV parsed on the server's thread, in every
 * store dialect.
 */
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/store.js';
import { csvToTable } from '../../src/tables/csv-table.js';
import { createTestDatabase, DIALECTS } from '../helpers/test-databases.js';
import { openStore, tableExists } from '../store/open-store.js';
import { inPieces, allRows } from '../helpers/row-streams.js';

/** Rows enough for several commits' worth of INSERTs, with blanks, missing fields, quotes and multi-byte text. */
function variedCsv(rows: number): string {
  const lines = ['time,label,value,ok,note'];
  for (let index = 0; index < rows; index++) {
    const time = new Date(Date.UTC(2024, 0, 1) + index * 1000).toISOString();
    const label = index % 9 === 0 ? `"Åsa, ""${index}"""` : `søren 😀 ${index}`;
    const value = index % 7 === 0 ? '' : String(index / 8);
    const ok = index % 5 === 0 ? '' : String(index % 2 === 0);
    if (index % 13 === 0) lines.push(`${time},${label}`);
    else lines.push(`${time},${label},${value},${ok},${index % 11 === 0 ? '' : `n${index}`}`);
  }
  return `${lines.join('\n')}\n`;
}

for (const dialect of DIALECTS) {
  const database = await createTestDatabase(dialect);
  describe.skipIf(!database)(`a CSV stored in ${dialect}`, () => {
    let store: Store | undefined;
    const opened = async () => (store ??= await openStore(database!.url));
    afterAll(async () => {
      await store?.close();
      await database?.drop();
    });

    it('a CSV parsed on a worker thread is stored as the same CSV parsed on the server thread reads', async () => {
      const text = variedCsv(12_000);
      const onServerThread = await csvToTable(inPieces(text, 65_536), { parallelAfterBytes: Infinity });
      const expected = await allRows(onServerThread.rows);
      expect(onServerThread.columns.map((column) => column.type)).toEqual(['time', 'string', 'number', 'boolean', 'string']);

      const table = await csvToTable(inPieces(text, 65_536), { parallelAfterBytes: 0 });
      const written = await (await opened()).writeResult('r_csv_worker', table.columns, table.rows);
      expect(written.rowCount).toBe(12_000);
      const stored = await allRows((await opened()).readResult('r_csv_worker', written.columns));
      expect(stored).toEqual(expected);
      expect(stored[9]).toEqual([Date.UTC(2024, 0, 1) + 9000, 'Åsa, "9"', 9 / 8, false, 'n9']);
      expect(stored[13]).toEqual([Date.UTC(2024, 0, 1) + 13_000, 'søren 😀 13', null, null, null]);
    });

    it('a CSV whose input fails half-way leaves no table behind', async () => {
      const failing = Readable.from(
        (async function* () {
          yield 'n,text\n';
          for (let index = 0; index < 40; index++) yield `${index},x\n`.repeat(500);
          throw new Error('the pipe broke');
        })(),
      );
      const table = await csvToTable(failing, { parallelAfterBytes: 0 });
      await expect((await opened()).writeResult('r_csv_broken', table.columns, table.rows)).rejects.toThrow('the pipe broke');
      expect(await tableExists(database!.url, 'r_csv_broken')).toBe(false);
    });
  });
}
