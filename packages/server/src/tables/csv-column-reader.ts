/**
 * Reads CSV text straight into typed columns (typed-row-batch.ts), as the CSV worker thread
 * hands them on: the same columns as splitting the text into records (csv-parser.ts) and typing
 * them (typedRowBatch), about 1.4 times as fast for the usual text, which has no quotes.
 *
 * Such text is read in two passes over each batch, with no array per row and no string per
 * field: the first notes where each field starts and ends, the second reads each column's
 * fields where they lie (cell-ranges.ts), each column with one loop for its type; only text
 * cells become strings. Text with a quote anywhere goes to the parser and typedRowBatch, as
 * before: quoted fields are rare and papaparse knows their rules.
 */
import type { ColumnType } from '../domain.js';
import { booleanIn, numberIn, timeIn } from './cell-ranges.js';
import { CsvParser, type CsvDialect } from './csv-parser.js';
import { typedRowBatch, type NumberColumn, type TextColumn, type TypedRowBatch } from './typed-row-batch.js';

export class CsvColumnReader {
  private readonly parser: CsvParser;
  private readonly width: number;
  /**
   * Where each field of each row read starts and ends, row after row (a missing field is an
   * empty one: both are null). Kept from batch to batch, grown when a batch has more rows.
   */
  private starts = new Int32Array(0);
  private ends = new Int32Array(0);

  constructor(
    readonly dialect: CsvDialect,
    private readonly types: readonly ColumnType[],
  ) {
    this.parser = new CsvParser(dialect);
    this.width = types.length;
  }

  /**
   * The rows of `text` without blank ones, as typed columns, and where the unread rest starts:
   * unless `final`, the last line is left unread (it may be incomplete).
   */
  read(text: string, final: boolean): { batch: TypedRowBatch; cursor: number } {
    if (this.dialect.delimiter.length !== 1 || text.includes('"')) {
      const { records, cursor } = this.parser.parse(text, final);
      return { batch: typedRowBatch(records, this.types), cursor };
    }
    const { rows, cursor } = this.findFields(text, final);
    const columns = this.types.map((type, index) => (type === 'string' ? this.textColumn(text, rows, index) : this.numberColumn(text, rows, index, type)));
    return { batch: { rows, types: [...this.types], columns }, cursor };
  }

  /** Notes where the fields of each non-blank line start and end: the rows, and where the unread rest starts. */
  private findFields(text: string, final: boolean): { rows: number; cursor: number } {
    const { newline, delimiter } = this.dialect;
    const width = this.width;
    let rows = 0;
    let lineStart = 0;
    for (;;) {
      let lineEnd = text.indexOf(newline, lineStart);
      if (lineEnd < 0) {
        if (!final) return { rows, cursor: lineStart };
        lineEnd = text.length;
      }
      if (lineEnd > lineStart) {
        if ((rows + 1) * width > this.starts.length) this.grow((rows + 1) * width);
        const { starts, ends } = this;
        const first = rows * width;
        let column = 0;
        let fieldStart = lineStart;
        while (column < width) {
          let fieldEnd = text.indexOf(delimiter, fieldStart);
          if (fieldEnd < 0 || fieldEnd > lineEnd) fieldEnd = lineEnd;
          starts[first + column] = fieldStart;
          ends[first + column] = fieldEnd;
          column++;
          if (fieldEnd === lineEnd) break;
          fieldStart = fieldEnd + 1;
        }
        for (; column < width; column++) starts[first + column] = ends[first + column] = 0;
        rows++;
      }
      if (lineEnd === text.length) return { rows, cursor: lineEnd };
      lineStart = lineEnd + newline.length;
    }
  }

  /** Room for at least `fields` fields' bounds; what the batch noted so far is kept. */
  private grow(fields: number): void {
    const starts = new Int32Array(Math.max(fields, this.starts.length * 2, 1024));
    const ends = new Int32Array(starts.length);
    starts.set(this.starts);
    ends.set(this.ends);
    this.starts = starts;
    this.ends = ends;
  }

  /** A time, number or boolean column; one loop per type, so that each calls one reader, which the compiler can inline. */
  private numberColumn(text: string, rows: number, index: number, type: ColumnType): NumberColumn {
    const { starts, ends, width } = this;
    const numbers = new Float64Array(rows);
    if (type === 'time') for (let row = 0, field = index; row < rows; row++, field += width) numbers[row] = timeIn(text, starts[field]!, ends[field]!);
    else if (type === 'boolean') for (let row = 0, field = index; row < rows; row++, field += width) numbers[row] = booleanIn(text, starts[field]!, ends[field]!);
    else for (let row = 0, field = index; row < rows; row++, field += width) numbers[row] = numberIn(text, starts[field]!, ends[field]!);
    return { numbers };
  }

  private textColumn(text: string, rows: number, index: number): TextColumn {
    const { starts, ends, width } = this;
    const texts: string[] = [];
    const lengths = new Int32Array(rows);
    for (let row = 0, field = index; row < rows; row++, field += width) {
      const start = starts[field]!;
      const end = ends[field]!;
      if (start === end) lengths[row] = -1;
      else {
        texts.push(text.slice(start, end));
        lengths[row] = end - start;
      }
    }
    return { text: texts.join(''), lengths };
  }
}
