/**
 * Writes tables as Grafana's table JSON, `{"type":"table","columns":[{"text","type"}],"rows":[…]}`:
 * tables in memory whole, a stored result (which can be far larger than we want in
 * memory at once) as a stream of chunks.
 *
 * Rows are taken a batch at a time (a stored result hands over whole pages, with no promise per
 * row) and encoded by one JSON.stringify per piece of rows rather than one per row: in
 * measurements a call per row cost about half again as much. Pieces are kept near
 * {@link PIECE_CHARACTERS}: V8 encodes arrays much beyond that markedly slower per row (twice
 * as slow at 300 KB), and, streamed, a piece is also what goes to the socket at a time.
 */
import { Readable } from 'node:stream';
import type { Column, Row, Table, TableStream } from '../domain.js';
import { JsonBytePieces } from '../tables/json-byte-pieces.js';
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
 * already in memory (runs, status) are written whole — one string when small, one Buffer of
 * pieces when large — since streaming them costs more than it saves; a stored result is
 * streamed as it is read.
 */
export function tablesJson(tables: TaggedTable[]): string | Buffer | Readable {
  if (!tables.every(({ table }) => Array.isArray(table.rows))) return Readable.from(tablesJsonChunks(tables), { objectMode: false });
  const inMemory = tables as Array<{ refId: string | undefined; table: Table }>;
  // A few rows (a panel's run, a status table) are cheapest as one string: the pieces pay off
  // only once the answer is large.
  const rows = inMemory.reduce((count, { table }) => count + table.rows.length, 0);
  if (rows > FIRST_PIECE_ROWS) return tablesJsonBuffer(inMemory);
  return JSON.stringify(inMemory.map(({ refId, table }) => ({ type: 'table', ...(refId === undefined ? {} : { refId }), columns: grafanaColumns(table.columns), rows: table.rows })));
}

/** One table, for the native API's result endpoint. */
export function tableJsonStream(table: Table | TableStream): Readable {
  return Readable.from(tableJsonChunks({ refId: undefined, table }), { objectMode: false });
}

/**
 * Tables in memory as one Buffer, encoded in the same pieces as a stream (see
 * json-byte-pieces.ts for why not one string).
 */
function tablesJsonBuffer(tables: Array<{ refId: string | undefined; table: Table }>): Buffer {
  const answer = new JsonBytePieces();
  answer.append('[');
  for (const [index, { refId, table }] of tables.entries()) {
    answer.append(`${index > 0 ? ',' : ''}${tableHead(refId, table.columns)}[`);
    const sizing = { rows: FIRST_PIECE_ROWS };
    let first = true;
    for (const piece of rowPieces(table.rows, sizing)) {
      if (!first) answer.append(','); // apart: joined, the piece would be copied once more
      answer.append(piece);
      first = false;
    }
    answer.append(']}');
  }
  answer.append(']');
  return answer.toBuffer();
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
  yield tableHead(refId, table.columns);
  yield* rowsJsonChunks(table.rows);
  yield '}';
}

/** A table's JSON up to its rows' opening bracket: `{"type":"table",…,"rows":`. */
function tableHead(refId: string | undefined, columns: Column[]): string {
  const head = { type: 'table', ...(refId === undefined ? {} : { refId }), columns: grafanaColumns(columns) };
  return `${JSON.stringify(head).slice(0, -1)},"rows":`;
}

/** A JSON array of rows, in pieces of about {@link PIECE_CHARACTERS}. */
async function* rowsJsonChunks(rows: TableStream['rows']): AsyncGenerator<string> {
  yield '[';
  let first = true;
  const sizing = { rows: FIRST_PIECE_ROWS };
  for await (const batch of rowBatches(batchSource(rows))) {
    for (const piece of rowPieces(batch, sizing)) {
      yield first ? piece : `,${piece}`;
      first = false;
    }
  }
  yield ']';
}

/**
 * The rows of a batch as JSON pieces of about {@link PIECE_CHARACTERS}: each the rows without
 * the piece's own brackets. `sizing.rows` carries the rows per piece from one batch to the next,
 * adjusted to the size of the rows seen.
 */
function* rowPieces(batch: Row[], sizing: { rows: number }): Generator<string> {
  for (let start = 0; start < batch.length; ) {
    const end = Math.min(batch.length, start + sizing.rows);
    const json = JSON.stringify(start === 0 && end === batch.length ? batch : batch.slice(start, end));
    sizing.rows = Math.max(1, Math.min(MAX_PIECE_ROWS, Math.floor((PIECE_CHARACTERS * (end - start)) / json.length)));
    yield json.slice(1, -1);
    start = end;
  }
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
