/**
 * Turns a stream of records (JSON objects: API answers, NDJSON lines) into a table. Columns are
 * the union of the keys of the first records (in first-seen order) unless declared, typed by
 * inference over those records; nested objects and arrays are kept as JSON text in their cell.
 */
import type { Column, Row, TableStream } from '../domain.js';
import { inferColumnType, toCell } from './cell-types.js';
import { sampleFirst } from './sample-first.js';

/** Records looked at to find the columns and their types. */
export const RECORD_SAMPLE_SIZE = 1000;

export interface DeclaredColumn {
  name: string;
  /** Reads the column's value out of a record; the default reads the key `name`. */
  select?: (record: Record<string, unknown>) => unknown;
  type?: Column['type'];
}

export async function recordsToTable(
  records: AsyncIterable<Record<string, unknown>> | Iterable<Record<string, unknown>>,
  declared?: readonly DeclaredColumn[],
): Promise<TableStream> {
  const { sample, rest } = await sampleFirst(records, RECORD_SAMPLE_SIZE);
  const readers: DeclaredColumn[] = declared?.length ? [...declared] : unionOfKeys(sample).map((name) => ({ name }));
  const columns: Column[] = readers.map((reader) => ({
    name: reader.name,
    type: reader.type ?? inferColumnType(reader.name, sample.map((record) => read(reader, record))),
  }));
  async function* rows(): AsyncGenerator<Row> {
    for await (const record of rest) yield readers.map((reader, index) => toCell(read(reader, record), columns[index]!.type));
  }
  return { columns, rows: rows() };
}

function read(reader: DeclaredColumn, record: Record<string, unknown>): unknown {
  return reader.select ? reader.select(record) : record[reader.name];
}

function unionOfKeys(records: readonly Record<string, unknown>[]): string[] {
  const keys = new Set<string>();
  for (const record of records) for (const key of Object.keys(record)) keys.add(key);
  return [...keys];
}
