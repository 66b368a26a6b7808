/**
 * Objects and arrays in a string column are kept as their JSON text, as the original did. A
 * table in memory has them written after its rows are made, all at once, rather than by one
 * JSON.stringify per cell: on the http bench's 10,000 records, each with a small nested object,
 * that was ~3.5 ms less of the ~19 ms it took to make the table from the parsed answer.
 *
 * "At once" is one JSON.stringify per {@link VALUES_PER_CALL} values, of an array that holds
 * them with a separator between each two, split again at the separators. The separator is the
 * string "\u0000", written `"\u0000"`; `,"\u0000",` then appears in the array's JSON only as an
 * element equal to it: a quote inside a JSON string is always escaped, so it never follows a
 * comma there. A value holding such an element itself (rare: a NUL character as a whole array
 * element) splits into more texts than values; the values are then stringified one by one.
 */
import type { Cell, Row } from '../domain.js';
import { cellConverter } from './cell-types.js';

/** One call for a thousand values took less than one for all 10,000 (longer text is slower to build). */
const VALUES_PER_CALL = 1_000;
const SEPARATOR = '\u0000';
const SEPARATOR_JSON = `,${JSON.stringify(SEPARATOR)},`;

const stringCell = cellConverter('string');

/**
 * A string column's cell, except that objects and arrays are left as they are, for
 * {@link nestedValuesToText} to write once every row is made.
 */
export function stringCellKeepingNested(value: unknown): Cell {
  return typeof value === 'object' && value !== null ? (value as unknown as Cell) : stringCell(value);
}

/** Replaces the objects and arrays left in column `column` of the rows by their JSON text. */
export function nestedValuesToText(rows: readonly Row[], column: number): void {
  const holders: Row[] = [];
  const values: unknown[] = [];
  for (const row of rows) {
    const value: unknown = row[column];
    if (typeof value === 'object' && value !== null) {
      holders.push(row);
      values.push(value);
    }
  }
  const texts = jsonTexts(values);
  for (let index = 0; index < holders.length; index++) holders[index]![column] = texts[index]!;
}

/**
 * What JSON.stringify writes for each value: objects and arrays as JSON.parse makes them (no
 * toJSON, no undefined), which begin with `{` or `[` and so cannot share a separator's comma.
 */
export function jsonTexts(values: readonly unknown[]): string[] {
  const texts: string[] = [];
  for (let start = 0; start < values.length; start += VALUES_PER_CALL) {
    for (const text of jsonTextsOfSlice(values.slice(start, start + VALUES_PER_CALL))) texts.push(text);
  }
  return texts;
}

function jsonTextsOfSlice(values: readonly unknown[]): string[] {
  const separated: unknown[] = [];
  for (const value of values) {
    if (separated.length > 0) separated.push(SEPARATOR);
    separated.push(value);
  }
  const texts = JSON.stringify(separated).slice(1, -1).split(SEPARATOR_JSON);
  return texts.length === values.length ? texts : values.map((value) => JSON.stringify(value));
}
