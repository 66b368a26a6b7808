/**
 * Turns CSV text (a header row, then data) into a table as it streams in: papaparse parses the
 * bytes chunk by chunk, the first rows decide the column types, and rows flow on to the store,
 * so a CSV larger than memory is fine.
 */
import type { Readable } from 'node:stream';
import Papa from 'papaparse';
import type { Column, Row, TableStream } from '../domain.js';
import { inferColumnType, toCell } from './cell-types.js';
import { sampleFirst } from './sample-first.js';

/** Data rows looked at to type the columns. */
export const CSV_SAMPLE_ROWS = 1000;

export interface CsvOptions {
  /** Types that override inference, by column name. */
  columnTypes?: Readonly<Record<string, Column['type']>>;
}

export async function csvToTable(input: Readable, options: CsvOptions = {}): Promise<TableStream> {
  const parser = Papa.parse(Papa.NODE_STREAM_INPUT, { skipEmptyLines: true });
  // papaparse turns each chunk into text on its own, which garbles a UTF-8 character split across
  // two chunks (an HTTP body or a pipe splits anywhere): decode as a stream before it sees them.
  input.setEncoding('utf8');
  input.on('error', (error) => parser.destroy(error));
  const records = input.pipe(parser) as AsyncIterable<string[]>;
  const { sample, rest } = await sampleFirst(records, CSV_SAMPLE_ROWS + 1);
  const header = sample[0];
  if (!header) return { columns: [], rows: [] };
  const columns: Column[] = header.map((name, index) => ({
    name,
    type: options.columnTypes?.[name] ?? inferColumnType(name, sample.slice(1).map((row) => row[index])),
  }));
  async function* rows(): AsyncGenerator<Row> {
    let first = true;
    for await (const record of rest) {
      if (first) {
        first = false; // the header
        continue;
      }
      yield columns.map((column, index) => toCell(record[index], column.type));
    }
  }
  return { columns, rows: rows() };
}
