/**
 * Writes tables as Grafana's table JSON, `{"type":"table","columns":[{"text","type"}],"rows":[…]}`,
 * as a stream of chunks: a stored result can be far larger than we want in memory as one string.
 *
 * Rows are taken a batch at a time (a stored result hands over whole pages, with no promise per
 * row) and encoded by one JSON.stringify per piece of rows rather than one per row: in
 * measurements a call per row cost about half again as much. Pieces are kept near
 * {@link PIECE_CHARACTERS}: V8 encodes arrays much beyond that markedly slower per row (twice
 * as slow at 300 KB), and a piece is also what goes to the socket at a time.
 */
import { Readable } from 'node:stream';
import type { Column, Table, TableStream } from '../domain.js';
import { isRowBatchStream, rowBatches } from '../tables/row-iterators.js';

/** The JSON of one piece of rows aims at this many characters. */
const PIECE_CHARACTERS = 32 * 1024;
/** Rows in the first piece, before anything is known of the rows' size. */
const FIRST_PIECE_ROWS = 64;
/** Rows in a piece at most, however narrow they are. */
const MAX_PIECE_ROWS = 2_000;

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

/** A JSON array of rows, in pieces of about {@link PIECE_CHARACTERS}. */
async function* rowsJsonChunks(rows: TableStream['rows']): AsyncGenerator<string> {
  yield '[';
  let first = true;
  let pieceRows = FIRST_PIECE_ROWS;
  for await (const batch of rowBatches(batchSource(rows))) {
    for (let start = 0; start < batch.length; ) {
      const end = Math.min(batch.length, start + pieceRows);
      const json = JSON.stringify(start === 0 && end === batch.length ? batch : batch.slice(start, end));
      pieceRows = Math.max(1, Math.min(MAX_PIECE_ROWS, Math.floor((PIECE_CHARACTERS * (end - start)) / json.length)));
      const inner = json.slice(1, -1); // the rows without the piece's own brackets
      yield first ? inner : `,${inner}`;
      first = false;
      start = end;
    }
  }
  yield ']';
}

/**
 * The rows as {@link rowBatches} can take them in batches: a stored result is an iterable whose
 * iterator (the result's pages) hands out batches, so the iterator itself is what is read.
 */
function batchSource(rows: TableStream['rows']): TableStream['rows'] {
  if (Symbol.iterator in rows) return rows;
  const iterator = rows[Symbol.asyncIterator]();
  const pages = iterator as unknown as TableStream['rows'];
  return isRowBatchStream(pages) ? pages : { [Symbol.asyncIterator]: () => iterator };
}
