/**
 * Cells as text, for the bulk paths that send rows as text rather than bound values: MySQL's
 * LOAD DATA and multi-row INSERT literals, PostgreSQL's COPY. The usual cell — already of its
 * column's type, as the table builders make them — takes a short path; anything else is made to
 * fit its column first ({@link typedCell}), as bound values would be.
 */
import type { ColumnType, Row, TableStream } from '../domain.js';
import { isPlainIterable } from './row-source.js';
import { typedCell } from './typed-cells.js';

/** Text handed over at a time (for MySQL one protocol packet): large enough that per-chunk costs vanish. */
const CHUNK_CHARS = 256 * 1024;

/** How one format spells what is not a plain number. */
export interface TextCellSpelling {
  nullText: string;
  trueText: string;
  falseText: string;
  quote(text: string): string;
}

export function textCellEncoder(type: ColumnType, spelling: TextCellSpelling): (value: Row[number] | undefined) => string {
  const typed = typedCell(type);
  const { nullText, trueText, falseText, quote } = spelling;
  const general = (value: Row[number] | undefined): string => {
    const cell = typed(value);
    if (cell === null) return nullText;
    if (typeof cell === 'string') return quote(cell);
    return typeof cell === 'boolean' ? (cell ? trueText : falseText) : String(cell);
  };
  switch (type) {
    case 'number':
      return (value) => (typeof value === 'number' && Number.isFinite(value) ? String(value) : general(value));
    case 'time':
      return (value) => (typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : general(value));
    case 'boolean':
      return (value) => (value === true ? trueText : value === false ? falseText : general(value));
    default:
      return (value) => (typeof value === 'string' ? quote(value) : general(value));
  }
}

/**
 * Backslash escapes of the tab-separated text formats (LOAD DATA, COPY): the separators, the
 * escape character itself, and NUL — which MySQL takes as `\0`, while PostgreSQL text cannot hold
 * it at all (it becomes U+FFFD).
 */
export function tabSeparatedEscaper(nul: string): (text: string) => string {
  const escapes: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r', '\0': nul };
  const needsEscape = /[\\\t\n\r\0]/;
  const toEscape = /[\\\t\n\r\0]/g;
  return (text) => (needsEscape.test(text) ? text.replace(toEscape, (character) => escapes[character]!) : text);
}

/** A row as one line of tab-separated text, its row number first (the row-order column). */
function tabSeparatedLine(columns: ReadonlyArray<{ type: ColumnType }>, spelling: TextCellSpelling): (rowNumber: number, row: Row) => string {
  const fields = columns.map((column) => textCellEncoder(column.type, spelling));
  return (rowNumber, row) => {
    let line = String(rowNumber);
    for (let index = 0; index < fields.length; index++) line += `\t${fields[index]!(row[index])}`;
    return `${line}\n`;
  };
}

/** What {@link tabSeparatedChunks} has read of its rows: how many, and the error they failed with. */
export interface RowsRead {
  rows: number;
  error: unknown;
}

/**
 * The rows as tab-separated lines, handed over in chunks of about {@link CHUNK_CHARS} as they are
 * read, for a bulk path to send. Counts the rows in `read.rows`, and keeps in `read.error` an
 * error the rows themselves failed with, so the writer can tell it from the database's.
 */
export async function* tabSeparatedChunks(
  rows: TableStream['rows'],
  columns: ReadonlyArray<{ type: ColumnType }>,
  spelling: TextCellSpelling,
  read: RowsRead,
): AsyncGenerator<string> {
  const line = tabSeparatedLine(columns, spelling);
  let chunk = '';
  /** Adds a row's line; true when the chunk is big enough to hand over. */
  const add = (row: Row): boolean => {
    chunk += line(read.rows, row);
    read.rows++;
    return chunk.length >= CHUNK_CHARS;
  };
  const take = (): string => {
    const full = chunk;
    chunk = '';
    return full;
  };
  try {
    if (isPlainIterable(rows)) {
      for (const row of rows) if (add(row)) yield take();
    } else {
      for await (const row of rows) if (add(row)) yield take();
    }
  } catch (error) {
    read.error = error;
    throw error;
  }
  if (chunk) yield take();
}
