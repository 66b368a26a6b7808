/**
 * Writes a table as CSV (RFC 4180: a header row, fields quoted when they hold a comma, quote or
 * line break), streamed. Times are written as ISO 8601 so spreadsheets read them as dates.
 */
import { Readable } from 'node:stream';
import type { Cell, Column, TableStream } from '../domain.js';

const CHUNK_CHARACTERS = 64 * 1024;

function field(value: Cell, column: Column): string {
  if (value === null) return '';
  const text = column.type === 'time' && typeof value === 'number' ? new Date(value).toISOString() : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function tableCsvStream(table: TableStream): Readable {
  return Readable.from(csvChunks(table), { objectMode: false });
}

async function* csvChunks(table: TableStream): AsyncGenerator<string> {
  const header: Column = { name: '', type: 'string' };
  let chunk = `${table.columns.map((column) => field(column.name, header)).join(',')}\r\n`;
  for await (const row of table.rows) {
    chunk += `${table.columns.map((column, index) => field(row[index] ?? null, column)).join(',')}\r\n`;
    if (chunk.length >= CHUNK_CHARACTERS) {
      yield chunk;
      chunk = '';
    }
  }
  yield chunk;
}
