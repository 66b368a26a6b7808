/**
 * The bound values of a result table's multi-row INSERTs: one flat array per statement, each row
 * its row-order number then its cells, each made bindable by the dialect's `toDatabase`.
 *
 * Rows come as arrays, or — from a big CSV parsed on a worker thread — as typed columns
 * (tables/typed-row-batch.ts), whose cells are copied into the arrays straight from their
 * columns, a column at a time. Making a row array for each row first, as a reader of rows
 * would, cost the server's thread as much again as binding the values.
 */
import type { Cell, ColumnType, Row } from '../domain.js';
import type { HeldBatch } from '../tables/row-iterators.js';
import { isTypedRowBatch, type NumberColumn, type TextColumn, type TypedRowBatch } from '../tables/typed-row-batch.js';

export type ToDatabase = (value: Cell, type: ColumnType) => unknown;

export class InsertValues {
  private readonly width: number;
  private values: unknown[];
  /** Values already in `values`. */
  private filled = 0;
  /** Rows so far, which numbers the next one. */
  rowCount = 0;

  constructor(
    private readonly types: readonly ColumnType[],
    private readonly rowsPerInsert: number,
    private readonly toDatabase: ToDatabase,
  ) {
    this.width = types.length + 1;
    this.values = this.emptyValues();
  }

  /** Adds a batch's rows; returns the values of each statement they fill (none, one or more). */
  add(batch: HeldBatch): unknown[][] {
    return isTypedRowBatch(batch) ? this.addColumns(batch) : this.addRows(batch);
  }

  /** The values of the last, shorter statement; null when every row went into a full one. */
  rest(): unknown[] | null {
    return this.filled > 0 ? this.values.slice(0, this.filled) : null;
  }

  private addRows(rows: readonly Row[]): unknown[][] {
    const full: unknown[][] = [];
    const { types, toDatabase } = this;
    for (const row of rows) {
      const values = this.values;
      values[this.filled++] = this.rowCount++;
      for (let index = 0; index < types.length; index++) values[this.filled++] = toDatabase(row[index] ?? null, types[index]!);
      if (this.filled === values.length) full.push(this.takeFull());
    }
    return full;
  }

  /** Fills the statements a run of rows at a time, and each run a column at a time. */
  private addColumns(batch: TypedRowBatch): unknown[][] {
    const full: unknown[][] = [];
    // Where each text column's next cell starts in its text.
    const textStarts = batch.columns.map(() => 0);
    for (let first = 0; first < batch.rows; ) {
      const count = Math.min(batch.rows - first, (this.values.length - this.filled) / this.width);
      const values = this.values;
      for (let row = 0, at = this.filled; row < count; row++, at += this.width) values[at] = this.rowCount + row;
      for (let index = 0; index < this.types.length; index++) {
        const column = batch.columns[index]!;
        const at = this.filled + index + 1;
        if ('text' in column) textStarts[index] = this.copyTexts(column, first, count, textStarts[index]!, at, this.types[index]!);
        else this.copyNumbers(column, first, count, at, this.types[index]!);
      }
      this.filled += count * this.width;
      this.rowCount += count;
      first += count;
      if (this.filled === values.length) full.push(this.takeFull());
    }
    return full;
  }

  /** A number, time or boolean column's cells of rows `first`… into every `width`th value from `at`. */
  private copyNumbers({ numbers }: NumberColumn, first: number, count: number, at: number, type: ColumnType): void {
    const { values, width, toDatabase } = this;
    const booleans = type === 'boolean';
    for (let row = first; row < first + count; row++, at += width) {
      const number = numbers[row]!;
      const cell = Number.isNaN(number) ? null : booleans ? number === 1 : number;
      values[at] = toDatabase(cell, type);
    }
  }

  /** A text column's cells, likewise; returns where the next cell's text starts. */
  private copyTexts({ text, lengths }: TextColumn, first: number, count: number, start: number, at: number, type: ColumnType): number {
    const { values, width, toDatabase } = this;
    for (let row = first; row < first + count; row++, at += width) {
      const length = lengths[row]!;
      if (length < 0) values[at] = toDatabase(null, type);
      else {
        values[at] = toDatabase(text.slice(start, start + length), type);
        start += length;
      }
    }
    return start;
  }

  /** The full statement's values; later rows go into a new array, as Kysely freezes a query's parameters. */
  private takeFull(): unknown[] {
    const values = this.values;
    this.values = this.emptyValues();
    this.filled = 0;
    return values;
  }

  private emptyValues(): unknown[] {
    return new Array(this.rowsPerInsert * this.width);
  }
}
