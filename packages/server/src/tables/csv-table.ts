/**
 * Turns CSV text (a header row, then data) into a table as it streams in: the text is parsed a
 * chunk of input at a time, the first rows decide the column types, and rows flow on to the
 * store, so a CSV larger than memory is fine.
 *
 * Speed matters here (a script's CSV can be gigabytes), so:
 * - records travel in batches, one per chunk of input, and are handed out by one light iterator
 *   ({@link BatchedRows}) that the store can also read a batch at a time — the worker thread's
 *   batches as typed columns, which the SQLite writer binds without making rows;
 * - each column converts its cells with one converter chosen from its type (cell-types.ts);
 * - the text is split by csv-parser.ts, without papaparse's slow stream mode;
 * - past its first {@link PARALLEL_AFTER_BYTES} bytes, a CSV is parsed and typed on a worker
 *   thread (csv-worker-rows.ts) while this thread stores the rows: on one thread, parsing and
 *   storing each took half the time. Smaller outputs — most — never start a thread.
 */
import type { Readable } from 'node:stream';
import type { Column, Row, TableStream } from '../domain.js';
import { cellConverter, inferColumnType } from './cell-types.js';
import { GUESS_CHARS, guessedParser, type CsvParser } from './csv-parser.js';
import { rowsParsedInWorker } from './csv-worker-rows.js';
import { rowMaker } from './packed-row.js';
import { BatchedRows, type HeldBatch } from './row-iterators.js';

/** Data rows looked at to type the columns. */
export const CSV_SAMPLE_ROWS = 1000;
/**
 * Input parsed on the server's thread before the rest goes to a worker thread: starting a thread
 * costs tens of milliseconds, about what parsing this much takes.
 */
export const PARALLEL_AFTER_BYTES = 4 * 1024 * 1024;

export interface CsvOptions {
  /** Types that override inference, by column name. */
  columnTypes?: Readonly<Record<string, Column['type']>>;
  /** Bytes parsed on the server's thread before the rest goes to a worker thread. */
  parallelAfterBytes?: number;
}

/**
 * Records are parsed a chunk of input at a time and handed on as that chunk's batch; the first
 * batches are held until the header and the sample are in, then every row is converted as it is
 * read, by one converter per column chosen from the column's type.
 */
export async function csvToTable(input: Readable, options: CsvOptions = {}): Promise<TableStream> {
  const text = new CsvText(input[Symbol.asyncIterator]() as AsyncIterator<Buffer | string>);
  const read: string[][][] = [];
  let sampled = 0;
  while (sampled < CSV_SAMPLE_ROWS + 1) {
    const records = await text.nextRecords();
    if (!records) break;
    read.push(records);
    sampled += records.length;
  }
  const sample = read.flat().slice(0, CSV_SAMPLE_ROWS + 1);
  const header = sample[0];
  if (!header) return { columns: [], rows: [] };
  const columns: Column[] = header.map((name, index) => ({
    name,
    type: options.columnTypes?.[name] ?? inferColumnType(name, sample.slice(1).map((row) => row[index])),
  }));
  read[0] = read[0]!.slice(1); // the header is not a row
  const toRow = recordToRow(columns);
  const first = read.map((records) => records.map(toRow));
  const rest = text.ended ? null : restOfRows(text, columns, toRow, options.parallelAfterBytes ?? PARALLEL_AFTER_BYTES);
  return { columns, rows: new BatchedRows(first, rest) };
}

/** The rows after the sample: parsed here up to `parallelAfterBytes`, then on a worker thread. */
async function* restOfRows(text: CsvText, columns: Column[], toRow: (record: string[]) => Row, parallelAfterBytes: number): AsyncGenerator<HeldBatch> {
  let finished = false;
  try {
    while (text.bytesRead < parallelAfterBytes) {
      const records = await text.nextRecords();
      if (!records) {
        finished = true;
        return;
      }
      yield records.map(toRow);
    }
    yield* rowsParsedInWorker(
      text.handOver(),
      columns.map((column) => column.type),
      () => text.nextChunk(),
    );
    finished = true;
  } finally {
    // A reader that stops early: the program's output must not be left unread in its pipe.
    if (!finished) await text.close();
  }
}

/**
 * A record as a row: each field through its column's converter, in place when the record has
 * exactly the table's width (the parser's array is ours); missing fields are null, extra ones dropped.
 */
function recordToRow(columns: readonly Column[]): (record: string[]) => Row {
  const converters = columns.map((column) => cellConverter(column.type));
  const width = converters.length;
  const newRow = rowMaker(width);
  return (record) => {
    const row: Row = record.length === width ? (record as unknown as Row) : newRow();
    for (let index = 0; index < width; index++) row[index] = converters[index]!(record[index]);
    return row;
  };
}

/**
 * The text of a CSV stream, decoded as UTF-8 a chunk at a time, and its records; blank lines
 * are skipped. The delimiter and line break are guessed once, from a first line at least. A
 * character cut between two chunks is kept whole: its first bytes wait for the next chunk, in
 * view (unlike a StringDecoder's), so that a worker thread can take over the undecoded rest.
 */
class CsvText {
  private parser: CsvParser | null = null;
  /** Text read but not yet parsed: the last line may continue in the next chunk. */
  private pending = '';
  /** The first bytes of a character the last chunk cut. */
  private carry: Buffer | null = null;
  ended = false;
  bytesRead = 0;

  constructor(private readonly chunks: AsyncIterator<Buffer | string>) {}

  /** The next chunk as it came (bytes or text), or null at the end. */
  async nextChunk(): Promise<Buffer | string | null> {
    if (this.ended) return null;
    const next = await this.chunks.next();
    if (next.done) {
      this.ended = true;
      return null;
    }
    this.bytesRead += next.value.length;
    return next.value;
  }

  /** The records the next chunks complete (never none), or undefined at the end. */
  async nextRecords(): Promise<string[][] | undefined> {
    while (!this.ended) {
      const chunk = await this.nextChunk();
      if (chunk === null) {
        if (this.carry) this.pending += this.carry.toString('utf8');
        this.carry = null;
        if (this.pending === '') return undefined;
        if (!this.parser) [this.parser, this.pending] = guessedParser(this.pending);
        const { records } = this.parser.parse(this.pending, true);
        this.pending = '';
        return records.length > 0 ? records : undefined;
      }
      this.pending += this.decode(chunk);
      if (!this.parser && this.pending.length < GUESS_CHARS && !this.pending.includes('\n')) continue;
      if (!this.parser) [this.parser, this.pending] = guessedParser(this.pending);
      const { records, cursor } = this.parser.parse(this.pending, false);
      this.pending = this.pending.slice(cursor);
      if (records.length > 0) return records;
    }
    return undefined;
  }

  /**
   * What a parser elsewhere needs to go on from here: the CSV's dialect, the text not yet parsed,
   * and the bytes of a character the last chunk cut (to put before the next chunk).
   */
  handOver(): { dialect: CsvParser['dialect']; pending: string; carry: Buffer | null } {
    if (!this.parser) throw new Error('a CSV is handed over only once its first records are parsed');
    const handed = { dialect: this.parser.dialect, pending: this.pending, carry: this.carry };
    this.pending = '';
    this.carry = null;
    return handed;
  }

  /** Stops reading: the input is closed (a program's pipe, a response body). */
  async close(): Promise<void> {
    this.ended = true;
    await this.chunks.return?.();
  }

  private decode(chunk: Buffer | string): string {
    if (typeof chunk === 'string') return chunk;
    const bytes = this.carry ? Buffer.concat([this.carry, chunk]) : chunk;
    const whole = wholeCharactersLength(bytes);
    this.carry = whole < bytes.length ? bytes.subarray(whole) : null;
    return bytes.toString('utf8', 0, whole);
  }
}

/**
 * How many of the bytes end with a whole UTF-8 character: all of them, unless the last
 * character's lead byte announces more bytes than follow it.
 */
function wholeCharactersLength(bytes: Uint8Array): number {
  const length = bytes.length;
  for (let back = 1; back <= 3 && back <= length; back++) {
    const byte = bytes[length - back]!;
    if ((byte & 0xc0) === 0x80) continue; // a continuation byte: the lead is further back
    const size = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return size > back ? length - back : length;
  }
  return length;
}
