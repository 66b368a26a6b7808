/**
 * Turns CSV text (a header row, then data) into a table as it streams in: the text is parsed a
 * chunk of input at a time, the first rows decide the column types, and rows flow on to the
 * store, so a CSV larger than memory is fine.
 *
 * Speed matters here (a script's CSV can be gigabytes), so:
 * - records travel in batches, one per chunk of input, and are handed out by one light iterator
 *   ({@link BatchedRows}) rather than through a chain of async generators, one step per row each;
 * - each column converts its cells with one converter chosen from its type (cell-types.ts);
 * - text without quotes is split with indexOf (see {@link CsvParser}); papaparse's core parser
 *   reads text with quotes. Neither goes through papaparse's Node stream mode: that mode hands
 *   rows on through a 16-row object stream and, each time that fills, polls for room with a 3 ms
 *   timer — about 40 times slower than the parser itself.
 */
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import Papa from 'papaparse';
import type { Column, Row, TableStream } from '../domain.js';
import { cellConverter, inferColumnType } from './cell-types.js';
import { BatchedRows } from './row-iterators.js';

/** Data rows looked at to type the columns. */
export const CSV_SAMPLE_ROWS = 1000;
/** Text looked at to guess the delimiter and line break, as papaparse's stream mode does. */
const GUESS_CHARS = 64 * 1024;

export interface CsvOptions {
  /** Types that override inference, by column name. */
  columnTypes?: Readonly<Record<string, Column['type']>>;
}

/**
 * Records are parsed a chunk of input at a time and handed on as that chunk's batch; the first
 * batches are held until the header and the sample are in, then every row is converted as it is
 * read, by one converter per column chosen from the column's type.
 */
export async function csvToTable(input: Readable, options: CsvOptions = {}): Promise<TableStream> {
  const batches = csvRecordBatches(input);
  const read: string[][][] = [];
  let sampled = 0;
  let ended = false;
  while (sampled < CSV_SAMPLE_ROWS + 1) {
    const next = await batches.next();
    if (next.done) {
      ended = true;
      break;
    }
    read.push(next.value);
    sampled += next.value.length;
  }
  const sample = read.flat().slice(0, CSV_SAMPLE_ROWS + 1);
  const header = sample[0];
  if (!header) return { columns: [], rows: [] };
  const columns: Column[] = header.map((name, index) => ({
    name,
    type: options.columnTypes?.[name] ?? inferColumnType(name, sample.slice(1).map((row) => row[index])),
  }));
  read[0] = read[0]!.slice(1); // the header is not a row
  return { columns, rows: new BatchedRows(read, ended ? null : batches, recordToRow(columns)) };
}

/**
 * A record as a row: each field through its column's converter, in place when the record has
 * exactly the table's width (the parser's array is ours); missing fields are null, extra ones dropped.
 */
function recordToRow(columns: readonly Column[]): (record: string[]) => Row {
  const converters = columns.map((column) => cellConverter(column.type));
  const width = converters.length;
  return (record) => {
    const row: Row = record.length === width ? (record as unknown as Row) : new Array<Row[number]>(width);
    for (let index = 0; index < width; index++) row[index] = converters[index]!(record[index]);
    return row;
  };
}

/** The records of a CSV stream, one batch per parsed chunk of input; blank lines are skipped. */
async function* csvRecordBatches(input: AsyncIterable<Buffer | string>): AsyncGenerator<string[][]> {
  const decoder = new StringDecoder('utf8');
  let parser: CsvParser | null = null;
  let pending = '';
  for await (const chunk of input) {
    pending += typeof chunk === 'string' ? chunk : decoder.write(chunk);
    // The delimiter and line break are guessed once, from a first line at least.
    if (!parser && pending.length < GUESS_CHARS && !pending.includes('\n')) continue;
    if (!parser) [parser, pending] = guessedParser(pending);
    // The last row may continue in the next chunk: it is left in `pending`, parsed again with it.
    const { records, cursor } = parser.parse(pending, false);
    pending = pending.slice(cursor);
    if (records.length > 0) yield records;
  }
  pending += decoder.end();
  if (pending === '') return;
  if (!parser) [parser, pending] = guessedParser(pending);
  const { records } = parser.parse(pending, true);
  if (records.length > 0) yield records;
}

/**
 * Parses text with a known delimiter and line break. Text without a quote character is split at
 * the delimiters and line breaks with indexOf, which is what papaparse does for such text too
 * (its "fast mode", with String.split) at about half the speed; text with quotes goes through
 * papaparse's full parser.
 */
class CsvParser {
  private readonly papa: Papa.Parser;

  constructor(
    private readonly delimiter: string,
    private readonly newline: string,
  ) {
    this.papa = new Papa.Parser({ delimiter, newline: newline as Papa.ParseConfig['newline'] });
  }

  /**
   * The records of `text` without blank ones, and where the unparsed rest starts: unless
   * `final`, the last line is left unparsed (it may be incomplete).
   */
  parse(text: string, final: boolean): { records: string[][]; cursor: number } {
    if (text.includes('"')) {
      const parsed = this.papa.parse(text, 0, !final) as Papa.ParseResult<string[]>;
      return { records: withoutBlankRecords(parsed.data), cursor: parsed.meta.cursor };
    }
    const { delimiter, newline } = this;
    const records: string[][] = [];
    let lineStart = 0;
    for (;;) {
      let lineEnd = text.indexOf(newline, lineStart);
      if (lineEnd < 0) {
        if (!final) return { records, cursor: lineStart };
        lineEnd = text.length;
      }
      if (lineEnd > lineStart) {
        const record: string[] = [];
        let fieldStart = lineStart;
        for (;;) {
          const fieldEnd = text.indexOf(delimiter, fieldStart);
          if (fieldEnd < 0 || fieldEnd >= lineEnd) {
            record.push(text.slice(fieldStart, lineEnd));
            break;
          }
          record.push(text.slice(fieldStart, fieldEnd));
          fieldStart = fieldEnd + delimiter.length;
        }
        records.push(record);
      }
      if (lineEnd === text.length) return { records, cursor: lineEnd };
      lineStart = lineEnd + newline.length;
    }
  }
}

/** A parser for the delimiter and line break the start of the text uses; the text without a BOM. */
function guessedParser(start: string): [CsvParser, string] {
  const text = start.replace(/^\uFEFF/, '');
  const { meta } = Papa.parse<string[]>(text.slice(0, GUESS_CHARS), { preview: 10 });
  // As papaparse's Parser would take them: an unusable delimiter is a comma, a line break \n.
  const delimiter = typeof meta.delimiter === 'string' && meta.delimiter !== '' && !Papa.BAD_DELIMITERS.includes(meta.delimiter) ? meta.delimiter : ',';
  const newline = ['\n', '\r', '\r\n'].includes(meta.linebreak) ? meta.linebreak : '\n';
  return [new CsvParser(delimiter, newline), text];
}

function withoutBlankRecords(records: string[][]): string[][] {
  return records.some(isBlank) ? records.filter((record) => !isBlank(record)) : records;
}

function isBlank(record: string[]): boolean {
  return record.length === 1 && record[0] === '';
}
