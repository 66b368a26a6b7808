/**
 * Writes tables as Grafana's table JSON, `{"type":"table","columns":[{"text","type"}],"rows":[…]}`,
 * as a stream of chunks: a stored result can be far larger than we want in memory as one string.
 */
import { Readable } from 'node:stream';
import type { Column, Row, Table, TableStream } from '../domain.js';

/** Chunks of about this many characters go to the socket at a time. */
const CHUNK_CHARACTERS = 64 * 1024;

export interface TaggedTable {
  refId: string | undefined;
  table: Table | TableStream;
}

export function grafanaColumns(columns: Column[]): Array<{ text: string; type: string }> {
  return columns.map((column) => ({ text: column.name, type: column.type }));
}

/**
 * The whole `/query` answer: an array of tables, each tagged with its target's refId. Tables
 * already in memory (runs, status) are written as one string — streaming small answers in
 * pieces costs more than it saves; a stored result is streamed as it is read.
 */
export function tablesJson(tables: TaggedTable[]): string | Readable {
  if (tables.every(({ table }) => Array.isArray(table.rows))) {
    return JSON.stringify(tables.map(({ refId, table }) => ({ type: 'table', ...(refId === undefined ? {} : { refId }), columns: grafanaColumns(table.columns), rows: table.rows })));
  }
  return Readable.from(tablesJsonChunks(tables), { objectMode: false });
}

/** One table, for the native API's result endpoint. */
export function tableJsonStream(table: Table | TableStream): Readable {
  return Readable.from(tableJsonChunks({ refId: undefined, table }), { objectMode: false });
}

async function* tablesJsonChunks(tables: TaggedTable[]): AsyncGenerator<string> {
  yield '[';
  for (const [index, tagged] of tables.entries()) {
    if (index > 0) yield ',';
    yield* tableJsonChunks(tagged);
  }
  yield ']';
}

async function* tableJsonChunks({ refId, table }: TaggedTable): AsyncGenerator<string> {
  const head = { type: 'table', ...(refId === undefined ? {} : { refId }), columns: grafanaColumns(table.columns) };
  yield `${JSON.stringify(head).slice(0, -1)},"rows":`;
  yield* rowsJsonChunks(table.rows);
  yield '}';
}

/** A JSON array of rows, in chunks. */
async function* rowsJsonChunks(rows: Iterable<Row> | AsyncIterable<Row>): AsyncGenerator<string> {
  let chunk = '[';
  let first = true;
  for await (const row of rows) {
    chunk += first ? JSON.stringify(row) : `,${JSON.stringify(row)}`;
    first = false;
    if (chunk.length >= CHUNK_CHARACTERS) {
      yield chunk;
      chunk = '';
    }
  }
  yield `${chunk}]`;
}
