import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { Row } from '../../src/domain.js';
import { csvToTable } from '../../src/tables/csv-table.js';
import { rowBatches } from '../../src/tables/row-iterators.js';
import { inPieces, allRows } from '../helpers/row-streams.js';

/** A CSV with what parsers trip over: quotes, delimiters and line breaks in fields, CRLF, blank lines, multi-byte characters, short and long rows. */
function awkwardCsv(rows: number): string {
  const lines = ['time,name,value,ok,note'];
  for (let index = 0; index < rows; index++) {
    const time = new Date(Date.UTC(2024, 0, 1) + index * 60_000).toISOString();
    const name = index % 7 === 0 ? `"Åsa, ""${index}""\r\nnext line"` : `søren 😀 ${index}`;
    const note = index % 11 === 0 ? '' : `n${index}`;
    if (index % 13 === 0) lines.push(`${time},${name}`); // fields missing
    else lines.push(`${time},${name},${index / 4},${index % 2 === 0},${note},extra`);
    if (index % 17 === 0) lines.push('');
  }
  return `${lines.join('\r\n')}\r\n`;
}

describe('CSV tables', () => {
  it('a CSV parsed on a worker thread gives the same columns and rows as one parsed on the server thread', async () => {
    const text = awkwardCsv(5000);
    const onServerThread = await csvToTable(inPieces(text, 4093), { parallelAfterBytes: Infinity });
    const expected = await allRows(onServerThread.rows);
    expect(onServerThread.columns.map((column) => column.type)).toEqual(['time', 'string', 'number', 'boolean', 'string']);
    expect(expected).toHaveLength(5000);
    expect(expected[7]).toEqual([Date.UTC(2024, 0, 1) + 7 * 60_000, 'Åsa, "7"\r\nnext line', 1.75, false, 'n7']);
    expect(expected[13]).toEqual([Date.UTC(2024, 0, 1) + 13 * 60_000, 'søren 😀 13', null, null, null]);

    for (const parallelAfterBytes of [0, 50_000]) {
      const table = await csvToTable(inPieces(text, 4093), { parallelAfterBytes });
      expect(table.columns).toEqual(onServerThread.columns);
      expect(await allRows(table.rows)).toEqual(expected);
    }
  });

  it('a CSV parsed on a worker thread is read a batch at a time, not a row at a time', async () => {
    const table = await csvToTable(inPieces(awkwardCsv(3000), 16_384), { parallelAfterBytes: 0 });
    let rows = 0;
    let batches = 0;
    for await (const batch of rowBatches(table.rows)) {
      rows += batch.length;
      batches++;
    }
    expect(rows).toBe(3000);
    expect(batches).toBeLessThan(100);
  });

  it('a reader that stops early closes the input, while the worker thread parses it', async () => {
    const header = 'n,square\n';
    let sent = 0;
    const endless = Readable.from(
      (async function* () {
        yield header;
        for (;;) {
          let text = '';
          for (let index = 0; index < 500; index++, sent++) text += `${sent},${sent * sent}\n`;
          yield text;
          await new Promise((resolve) => setTimeout(resolve, 1));
        }
      })(),
    );
    const table = await csvToTable(endless, { parallelAfterBytes: 0 });
    const rows = table.rows as AsyncIterableIterator<Row>;
    for (let index = 0; index < 5000; index++) expect((await rows.next()).value).toEqual([index, index * index]);
    await rows.return!();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(endless.destroyed).toBe(true);
    expect(await rows.next()).toEqual({ done: true, value: undefined });
  });

  it('an input that fails while a worker thread parses it fails the rows with its error', async () => {
    const failing = Readable.from(
      (async function* () {
        yield 'a,b\n';
        for (let index = 0; index < 50; index++) yield `${index},x\n`.repeat(200);
        throw new Error('the pipe broke');
      })(),
    );
    const table = await csvToTable(failing, { parallelAfterBytes: 0 });
    await expect(allRows(table.rows)).rejects.toThrow('the pipe broke');
  });
});
