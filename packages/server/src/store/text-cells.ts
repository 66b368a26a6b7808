/**
 * Cells as text, for the bulk paths that send rows as text rather than bound values: MySQL's
 * LOAD DATA and multi-row INSERT literals, PostgreSQL's COPY. The usual cell — already of its
 * column's type, as the table builders make them — takes a short path; anything else is made to
 * fit its column first ({@link typedCell}), as bound values would be.
 */
import type { ColumnType, Row } from '../domain.js';
import { typedCell } from './typed-cells.js';

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
export function tabSeparatedLine(columns: ReadonlyArray<{ type: ColumnType }>, spelling: TextCellSpelling): (rowNumber: number, row: Row) => string {
  const fields = columns.map((column) => textCellEncoder(column.type, spelling));
  return (rowNumber, row) => {
    let line = String(rowNumber);
    for (let index = 0; index < fields.length; index++) line += `\t${fields[index]!(row[index])}`;
    return `${line}\n`;
  };
}
