/**
 * Turns CSV text (a header row, then data) into a table as it streams in: papaparse parses the
 * bytes chunk by chunk, the first rows decide the column types, and rows flow on to the store,
 * so a CSV larger than memory is fine.
 *
 * papaparse's core parser is driven directly, one input chunk at a time, rather than through
 * its Node stream mode: that mode hands rows on through a 16-row object stream and, each time
 * that fills, polls for room with a 3 ms timer — about 40 times slower than the parser itself.
 */
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import Papa from 'papaparse';
import type { Column, Row, TableStream } from '../domain.js';
import { inferColumnType, toCell } from './cell-types.js';
import { sampleFirst } from './sample-first.js';

/** Data rows looked at to type the columns. */
export const CSV_SAMPLE_ROWS = 1000;
/** Text looked at to guess the delimiter and line break, as papaparse's stream mode does. */
const GUESS_CHARS = 64 * 1024;

export interface CsvOptions {
  /** Types that override inference, by column name. */
  columnTypes?: Readonly<Record<string, Column['type']>>;
}

export async function csvToTable(input: Readable, options: CsvOptions = {}): Promise<TableStream> {
  const { sample, rest } = await sampleFirst(csvRecords(input), CSV_SAMPLE_ROWS + 1);
  const header = sample[0];
  if (!header) return { columns: [], rows: [] };
  const columns: Column[] = header.map((name, index) => ({
    name,
    type: options.columnTypes?.[name] ?? inferColumnType(name, sample.slice(1).map((row) => row[index])),
  }));
  async function* rows(): AsyncGenerator<Row> {
    let first = true;
    for await (const record of rest) {
      if (first) {
        first = false; // the header
        continue;
      }
      yield columns.map((column, index) => toCell(record[index], column.type));
    }
  }
  return { columns, rows: rows() };
}

/** The records of a CSV stream; blank lines are skipped. */
async function* csvRecords(input: AsyncIterable<Buffer | string>): AsyncGenerator<string[]> {
  const decoder = new StringDecoder('utf8');
  let parser: Papa.Parser | null = null;
  let pending = '';
  for await (const chunk of input) {
    pending += typeof chunk === 'string' ? chunk : decoder.write(chunk);
    // The delimiter and line break are guessed once, from a first line at least.
    if (!parser && pending.length < GUESS_CHARS && !pending.includes('\n')) continue;
    if (!parser) [parser, pending] = guessedParser(pending);
    // ignoreLastRow: the last row may continue in the next chunk; it is parsed again with it.
    const parsed = parser.parse(pending, 0, true) as Papa.ParseResult<string[]>;
    pending = pending.slice(parsed.meta.cursor);
    for (const record of parsed.data) if (!isBlank(record)) yield record;
  }
  pending += decoder.end();
  if (pending === '') return;
  if (!parser) [parser, pending] = guessedParser(pending);
  for (const record of (parser.parse(pending, 0, false) as Papa.ParseResult<string[]>).data) if (!isBlank(record)) yield record;
}

/** A parser for the delimiter and line break the start of the text uses; the text without a BOM. */
function guessedParser(start: string): [Papa.Parser, string] {
  const text = start.replace(/^\uFEFF/, '');
  const { meta } = Papa.parse<string[]>(text.slice(0, GUESS_CHARS), { preview: 10 });
  return [new Papa.Parser({ delimiter: meta.delimiter, newline: meta.linebreak as Papa.ParseConfig['newline'] }), text];
}

function isBlank(record: string[]): boolean {
  return record.length === 1 && record[0] === '';
}
