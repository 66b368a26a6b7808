/**
 * Typed rows in the form they cross from a worker thread to the server's thread: one array per
 * column rather than one per row. Copying arrays of rows between threads costs the receiving
 * thread about half a microsecond per row (each row and each value is rebuilt), as much as
 * storing the row; a column of numbers is one Float64Array moved without a copy, and a column of
 * texts one string and its lengths. Rows are made from them again on the receiving side only for
 * a reader that wants rows: the SQLite writer binds the columns' values as they are
 * (store/insert-values.ts), without a row array per row.
 */
import type { ColumnType, Row } from '../domain.js';
import { cellConverter } from './cell-types.js';
import { rowMaker } from './packed-row.js';

/** A time, number or boolean column: NaN is null (cells are never NaN), booleans are 1 and 0. */
export interface NumberColumn {
  numbers: Float64Array;
}

/** A text column: the texts one after the other, and each one's length (-1 for null). */
export interface TextColumn {
  text: string;
  lengths: Int32Array;
}

export interface TypedRowBatch {
  rows: number;
  /** The columns' types, which say how to read their cells (a boolean column's 1 is true). */
  types: ColumnType[];
  columns: Array<NumberColumn | TextColumn>;
}

/** Whether a batch is typed columns rather than an array of rows. */
export function isTypedRowBatch(batch: readonly unknown[] | TypedRowBatch): batch is TypedRowBatch {
  return !Array.isArray(batch);
}

/** The records as typed rows, one converter per column; missing fields are null, extra ones dropped. */
export function typedRowBatch(records: readonly string[][], types: readonly ColumnType[]): TypedRowBatch {
  const rows = records.length;
  const columns = types.map((type, index): NumberColumn | TextColumn => {
    const convert = cellConverter(type);
    if (type === 'string') {
      const texts: string[] = [];
      const lengths = new Int32Array(rows);
      for (let row = 0; row < rows; row++) {
        const cell = convert(records[row]![index]) as string | null;
        if (cell === null) lengths[row] = -1;
        else {
          texts.push(cell);
          lengths[row] = cell.length;
        }
      }
      return { text: texts.join(''), lengths };
    }
    const numbers = new Float64Array(rows);
    for (let row = 0; row < rows; row++) {
      const cell = convert(records[row]![index]) as number | boolean | null;
      numbers[row] = cell === null ? NaN : +cell;
    }
    return { numbers };
  });
  return { rows, types: [...types], columns };
}

/** The buffers a batch can hand over to another thread instead of copying them. */
export function batchBuffers(batch: TypedRowBatch): ArrayBuffer[] {
  return batch.columns.map((column) => ('numbers' in column ? column.numbers.buffer : column.lengths.buffer) as ArrayBuffer);
}

/** The batch's rows, filled a column at a time. */
export function rowsOfBatch(batch: TypedRowBatch): Row[] {
  const { types } = batch;
  const count = batch.rows;
  const width = types.length;
  const newRow = rowMaker(width);
  const rows: Row[] = [];
  for (let row = 0; row < count; row++) rows.push(newRow());
  for (let index = 0; index < width; index++) {
    const column = batch.columns[index]!;
    if ('text' in column) {
      const { text, lengths } = column;
      let start = 0;
      for (let row = 0; row < count; row++) {
        const length = lengths[row]!;
        if (length < 0) rows[row]![index] = null;
        else {
          rows[row]![index] = text.slice(start, start + length);
          start += length;
        }
      }
    } else if (types[index] === 'boolean') {
      const { numbers } = column;
      for (let row = 0; row < count; row++) {
        const value = numbers[row]!;
        rows[row]![index] = value === 1 ? true : value === 0 ? false : null;
      }
    } else {
      const { numbers } = column;
      for (let row = 0; row < count; row++) {
        const value = numbers[row]!;
        rows[row]![index] = Number.isNaN(value) ? null : value;
      }
    }
  }
  return rows;
}
