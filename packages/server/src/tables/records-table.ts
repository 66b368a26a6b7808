/**
 * Turns records (JSON objects: API answers, NDJSON lines) into a table. Columns are the union of
 * the keys of the first records (in first-seen order) unless declared, typed by inference over
 * those records; nested objects and arrays are kept as JSON text in their cell.
 *
 * Records already in memory (a parsed JSON document) become rows in memory, converted in one
 * loop; a stream of records becomes a stream of rows, converted as they are read.
 */
import type { Column, Row, TableStream } from '../domain.js';
import { cellConverter, inferColumnType, type CellConverter } from './cell-types.js';
import { rowMaker } from './packed-row.js';
import { MappedRows } from './row-iterators.js';
import { sampleFirst } from './sample-first.js';

/** Records looked at to find the columns and their types. */
export const RECORD_SAMPLE_SIZE = 1000;

export interface DeclaredColumn {
  name: string;
  /** Reads the column's value out of a record; the default reads the key `name`. */
  select?: (record: Record<string, unknown>) => unknown;
  type?: Column['type'];
}

type Records = Record<string, unknown>[];

export async function recordsToTable(
  records: AsyncIterable<Record<string, unknown>> | Iterable<Record<string, unknown>>,
  declared?: readonly DeclaredColumn[],
): Promise<TableStream> {
  if (Array.isArray(records)) {
    const all = records as Records;
    const { columns, toRow } = typedColumns(all.slice(0, RECORD_SAMPLE_SIZE), declared);
    // map, not a loop over `new Array(length)`: the rows array is packed too (see typedColumns).
    return { columns, rows: all.map((record) => toRow(record)) };
  }
  const { sample, rest } = await sampleFirst(records, RECORD_SAMPLE_SIZE);
  const { columns, toRow } = typedColumns(sample, declared);
  return { columns, rows: new MappedRows(rest[Symbol.asyncIterator](), toRow) };
}

/** The columns the sample shows (or the declared ones) and how a record becomes a row of them. */
function typedColumns(sample: Records, declared: readonly DeclaredColumn[] | undefined): { columns: Column[]; toRow: (record: Record<string, unknown>) => Row } {
  const readers: DeclaredColumn[] = declared?.length ? [...declared] : unionOfKeys(sample).map((name) => ({ name }));
  const columns: Column[] = readers.map((reader) => ({
    name: reader.name,
    type: reader.type ?? inferColumnType(reader.name, sample.map((record) => read(reader, record))),
  }));
  const converters: CellConverter[] = columns.map((column) => cellConverter(column.type));
  const names = readers.map((reader) => reader.name);
  const selectors = readers.map((reader) => reader.select);
  const width = readers.length;
  const newRow = rowMaker(width);
  const toRow = selectors.some((select) => select !== undefined)
    ? (record: Record<string, unknown>): Row => {
        const row = newRow();
        for (let index = 0; index < width; index++) {
          const select = selectors[index];
          row[index] = converters[index]!(select ? select(record) : record[names[index]!]);
        }
        return row;
      }
    : (record: Record<string, unknown>): Row => {
        const row = newRow();
        for (let index = 0; index < width; index++) row[index] = converters[index]!(record[names[index]!]);
        return row;
      };
  return { columns, toRow };
}

function read(reader: DeclaredColumn, record: Record<string, unknown>): unknown {
  return reader.select ? reader.select(record) : record[reader.name];
}

function unionOfKeys(records: readonly Record<string, unknown>[]): string[] {
  const keys = new Set<string>();
  for (const record of records) for (const key of Object.keys(record)) keys.add(key);
  return [...keys];
}
