/**
 * The CSV worker reads text without quotes straight into typed columns (csv-column-reader.ts).
 * Whatever the text, its columns must be exactly those of splitting it into records (papaparse,
 * or csv-parser.ts in pieces) and typing them with typedRowBatch: every value, null, -0 and NaN
 * alike, and every row, whatever pieces the text arrives in.
 */
import { Readable } from 'node:stream';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import type { ColumnType, Row } from '../../src/domain.js';
import { CsvColumnReader } from '../../src/tables/csv-column-reader.js';
import { CsvParser, type CsvDialect } from '../../src/tables/csv-parser.js';
import { csvToTable } from '../../src/tables/csv-table.js';
import { rowsOfBatch, typedRowBatch, type TypedRowBatch } from '../../src/tables/typed-row-batch.js';
import { randomSequence } from '../helpers/random-sequence.js';

const NUMBERS = ['', ' ', '0', '-0', '+0', '-0.0', '0.000', '00', '007', '0x10', '0X1f', '0o7', '0b1', ' 12 ', '12 ', '\t5', '1e5', '1E-3', '-1.5e+10', 'Infinity', '-Infinity', 'NaN', '.', '-', '+', '.5', '5.', '-.5', '+.5', '1.2.3', '--5', '+-5', '123456789012345', '1234567890123456', '12345678901234567890', '0.1', '0.3', '9007199254740993', '1.7976931348623157e308', '1e309', '123.456789012345', '0.000000000000001', '000000000000001', 'abc', '1_000', '١٢', '12\r', '5 6', '1700000000', '1700000000000', '2024-01-01'];
const TIMES = ['', '2024-01-01T10:00:00Z', '2024-01-01T10:00:00.123Z', '2024-01-01T10:00Z', '2024-01-01', '2024-02-29', '2023-02-29', '2024-02-30', '2024-13-01', '2024-00-10', '2024-01-00', '2024-01-01T24:00:00Z', '2024-01-01T23:60:00Z', '2024-01-01T23:59:60Z', '2024-06-30T23:59:59.999+05:30', '2024-06-30T01:00:00-08:00', '2024-06-30T01:00:00+0100', '2024-06-30T01:00:00+24:00', '2024-06-30T01:00:00-00:00', '2024-01-01T10:00:00', '2024-01-01 10:00:00Z', '2024-01-01T10:00:00.1Z', '2024-01-01T10:00:00.1234Z', '2024-01-01T10:00:00.12Z', '2024-01-01T10:00:00.Z', '2024-01-01T10:00:0Z', '2024-01-01T10:00:', '2024-01-01T10:0', '2024-1-1', ' 2024-01-01 ', '2024-01-01T10:00:00Z ', '+02024-01-01', '0000-01-01', '9999-12-31T23:59:59Z', '1700000000', '1700000000000', '1700000000.5', '999999999', '-5', '0', '-0', '1e10', ' 1700000000 ', 'yesterday', 'Jan 1 2024', 'Mon, 01 Jan 2024 10:00:00 GMT', '2024-01-01T10:00:00z', 'Infinity', '0x10'];
const BOOLEANS = ['', 'true', 'false', 'TRUE', 'False', ' true ', 'true ', 'yes', '1', '0', 't', 'truee', 'fals'];
const TEXTS = ['', ' ', 'abc', 'søren 😀', 'x'.repeat(40), '\r', 'null', '0', 'true'];
const DIALECTS: CsvDialect[] = [
  { delimiter: ',', newline: '\n' },
  { delimiter: ';', newline: '\r\n' },
  { delimiter: '\t', newline: '\r' },
  { delimiter: '|', newline: '\n' },
];
const TYPES: ColumnType[] = ['number', 'time', 'boolean', 'string', 'number'];

function randomDigits(random: () => number, count: number): string {
  let digits = '';
  for (let index = 0; index < count; index++) digits += String(Math.floor(random() * 10));
  return digits;
}

/** A decimal of 1 to 20 digits, sometimes signed, sometimes with a point anywhere. */
function randomDecimal(random: () => number): string {
  const digits = randomDigits(random, 1 + Math.floor(random() * 20));
  const point = Math.floor(random() * (digits.length + 2));
  const body = point > digits.length ? digits : `${digits.slice(0, point)}.${digits.slice(point)}`;
  const sign = random() < 0.3 ? '-' : random() < 0.1 ? '+' : '';
  return sign + body;
}

/** A time in one of the forms a CSV holds times in. */
function randomTime(random: () => number): string {
  const iso = new Date(Math.floor(random() * 4e12)).toISOString();
  const form = Math.floor(random() * 6);
  if (form === 0) return iso;
  if (form === 1) return iso.slice(0, 10);
  if (form === 2) return `${iso.slice(0, 19)}${random() < 0.5 ? '+' : '-'}${randomDigits(random, 1)}${randomDigits(random, 1)}:${random() < 0.5 ? '30' : '00'}`;
  if (form === 3) return String(1e9 + Math.floor(random() * 9e9));
  if (form === 4) return String(1e12 + Math.floor(random() * 9e12));
  return iso.slice(0, 16) + 'Z';
}

function pick<T>(random: () => number, values: readonly T[]): T {
  return values[Math.floor(random() * values.length)]!;
}

/** A cell of a column of the type, mostly well formed, sometimes tricky, sometimes of another type. */
function randomCell(random: () => number, type: ColumnType): string {
  const roll = random();
  if (roll < 0.05) return pick(random, [...NUMBERS, ...TIMES, ...BOOLEANS, ...TEXTS]);
  if (type === 'number') return roll < 0.3 ? pick(random, NUMBERS) : randomDecimal(random);
  if (type === 'time') return roll < 0.3 ? pick(random, TIMES) : randomTime(random);
  if (type === 'boolean') return pick(random, BOOLEANS);
  return roll < 0.9 ? pick(random, TEXTS) : 'long '.repeat(2000);
}

/** Lines of cells, with missing and extra fields, blank lines, and a last line with or without a line break. */
function randomCsv(seed: number, lines: number, { delimiter, newline }: CsvDialect): string {
  const random = randomSequence(seed);
  const text: string[] = [];
  for (let line = 0; line < lines; line++) {
    if (random() < 0.05) {
      text.push('');
      continue;
    }
    const width = random() < 0.8 ? TYPES.length : Math.floor(random() * (TYPES.length + 3));
    const cells: string[] = [];
    for (let index = 0; index < width; index++) cells.push(randomCell(random, TYPES[index] ?? 'string'));
    text.push(cells.join(delimiter));
  }
  return text.join(newline) + (random() < 0.5 ? newline : '');
}

/** What typing papaparse's records gives, blank records left out as the CSV parser leaves them out. */
function papaparseColumns(text: string, { delimiter, newline }: CsvDialect): TypedRowBatch {
  const records = Papa.parse<string[]>(text, { delimiter, newline: newline as Papa.ParseConfig['newline'] }).data;
  return typedRowBatch(
    records.filter((record) => !(record.length === 1 && record[0] === '')),
    TYPES,
  );
}

/** The rows read from the text in the pieces given, as the worker reads them. */
function rowsInPieces(pieces: readonly string[], read: (text: string, final: boolean) => { batch: TypedRowBatch; cursor: number }): Row[] {
  const rows: Row[] = [];
  let pending = '';
  for (const [index, piece] of pieces.entries()) {
    pending += piece;
    const final = index === pieces.length - 1;
    const { batch, cursor } = read(pending, final);
    expect(batch.types).toEqual(TYPES);
    rows.push(...rowsOfBatch(batch));
    pending = pending.slice(cursor);
  }
  return rows;
}

/** What the worker gave before the column reader: records from the CSV parser, typed by typedRowBatch. */
function recordsThenTyped(dialect: CsvDialect): (text: string, final: boolean) => { batch: TypedRowBatch; cursor: number } {
  const parser = new CsvParser(dialect);
  return (text, final) => {
    const { records, cursor } = parser.parse(text, final);
    return { batch: typedRowBatch(records, TYPES), cursor };
  };
}

function columnReader(dialect: CsvDialect): (text: string, final: boolean) => { batch: TypedRowBatch; cursor: number } {
  const reader = new CsvColumnReader(dialect, TYPES);
  return (text, final) => reader.read(text, final);
}

describe('reading CSV text straight into typed columns', () => {
  it('each tricky value is typed as the column converters type it', () => {
    const dialect = DIALECTS[0]!;
    const longest = Math.max(NUMBERS.length, TIMES.length, BOOLEANS.length, TEXTS.length);
    const lines = Array.from({ length: longest }, (_, index) => [NUMBERS[index % NUMBERS.length], TIMES[index % TIMES.length], BOOLEANS[index % BOOLEANS.length], TEXTS[index % TEXTS.length], TIMES[index % TIMES.length]].join(','));
    const text = lines.join('\n');
    expect(new CsvColumnReader(dialect, TYPES).read(text, true).batch).toEqual(papaparseColumns(text, dialect));
  });

  it('random CSVs in every dialect give papaparse’s columns, value for value', () => {
    for (const [index, dialect] of DIALECTS.entries()) {
      for (let seed = 1; seed <= 20; seed++) {
        const text = randomCsv(seed * 10 + index, 300, dialect);
        const { batch, cursor } = new CsvColumnReader(dialect, TYPES).read(text, true);
        expect(cursor).toBe(text.length);
        expect(batch).toEqual(papaparseColumns(text, dialect));
      }
    }
  });

  it('text cut at every position gives the same rows as the CSV parser and typedRowBatch', () => {
    for (const [index, dialect] of DIALECTS.entries()) {
      const text = randomCsv(1000 + index, 40, dialect).replace(/long (long )+/g, 'long');
      const whole = rowsInPieces([text], recordsThenTyped(dialect));
      for (let cut = 0; cut <= text.length; cut++) {
        const pieces = [text.slice(0, cut), text.slice(cut)];
        expect(rowsInPieces(pieces, columnReader(dialect))).toEqual(whole);
      }
    }
  });

  it('text in pieces of random sizes gives the same rows as the CSV parser and typedRowBatch', () => {
    const random = randomSequence(7);
    for (const [index, dialect] of DIALECTS.entries()) {
      const text = randomCsv(2000 + index, 2000, dialect);
      const pieces: string[] = [];
      for (let start = 0; start < text.length; ) {
        const size = 1 + Math.floor(random() * 3000);
        pieces.push(text.slice(start, start + size));
        start += size;
      }
      pieces.push('');
      expect(rowsInPieces(pieces, columnReader(dialect))).toEqual(rowsInPieces(pieces, recordsThenTyped(dialect)));
    }
  });

  it('text with a quote is parsed by the CSV parser: a quoted field keeps its delimiters and line breaks', () => {
    const dialect = DIALECTS[0]!;
    const text = '1,2024-01-01,true,"a, ""b""\nc",2\n-0,,FALSE,x\n';
    const { batch } = new CsvColumnReader(dialect, TYPES).read(text, true);
    expect(rowsOfBatch(batch)).toEqual([
      [1, Date.UTC(2024, 0, 1), true, 'a, "b"\nc', 2],
      [-0, null, false, 'x', null],
    ]);
  });

  it('an incomplete last line is left for the next piece', () => {
    const reader = new CsvColumnReader(DIALECTS[1]!, TYPES);
    const { batch, cursor } = reader.read('1;2024-01-01;true;a;2\r\n3;2024-01-02;fal', false);
    expect(batch.rows).toBe(1);
    expect(cursor).toBe('1;2024-01-01;true;a;2\r\n'.length);
    expect(reader.read('', true).batch.rows).toBe(0);
  });

  it('a CSV without quotes read on the worker thread gives the rows of the same CSV parsed on the server thread', async () => {
    const dialect = DIALECTS[1]!;
    const text = `n;t;ok;label;m${dialect.newline}${randomCsv(99, 20_000, dialect)}`;
    const columnTypes = { n: 'number', t: 'time', ok: 'boolean', label: 'string', m: 'number' } as const;
    const read = async (parallelAfterBytes: number) => {
      const table = await csvToTable(inBytePieces(text, 4093), { columnTypes, parallelAfterBytes });
      const rows: Row[] = [];
      for await (const row of table.rows) rows.push(row);
      return rows;
    };
    const onServerThread = await read(Infinity);
    expect(onServerThread.length).toBeGreaterThan(18_000);
    expect(await read(0)).toEqual(onServerThread);
  });
});

/** The text as UTF-8 bytes cut every `size` bytes, through multi-byte characters too. */
function inBytePieces(text: string, size: number): Readable {
  const bytes = Buffer.from(text);
  const pieces: Buffer[] = [];
  for (let start = 0; start < bytes.length; start += size) pieces.push(Buffer.from(bytes.subarray(start, start + size)));
  return Readable.from(pieces);
}
